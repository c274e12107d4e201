/**
 * The local mirror of a project's model: levels and walls, folded from the event log in seq
 * order. Coordinates stay float64 (absolute model metres); rendering subtracts the origin.
 *
 * `apply` ignores seqs already applied (duplicates, old pages) and holds back seqs that arrive
 * ahead of a gap until the gap is filled, so the state is always the log folded up to `seq`.
 */

import type { EventRecord, ModelEvent, Point2 } from "../net/protocol";

export interface Level {
  id: string;
  name: string;
  elevation: number;
  height: number;
}

export interface Wall {
  id: string;
  level_id: string;
  start: Point2;
  end: Point2;
  thickness: number;
  height: number;
  base_offset: number;
  material: string;
}

export class ModelMirror {
  /** The last seq folded in (0 for an empty log). */
  seq = 0;
  readonly levels = new Map<string, Level>();
  readonly walls = new Map<string, Wall>();
  private readonly ahead = new Map<number, ModelEvent>();
  private readonly listeners = new Set<() => void>();

  /** Fold records in; returns how many were applied now (listeners hear once per call). */
  apply(records: EventRecord | EventRecord[]): number {
    const list = Array.isArray(records) ? records : [records];
    for (const r of list) {
      if (Number.isInteger(r.seq) && r.seq > this.seq) this.ahead.set(r.seq, r.event);
    }
    let applied = 0;
    for (let next = this.ahead.get(this.seq + 1); next; next = this.ahead.get(this.seq + 1)) {
      this.ahead.delete(this.seq + 1);
      foldEvent(this, next);
      this.seq += 1;
      applied += 1;
    }
    if (applied > 0) for (const fn of this.listeners) fn();
    return applied;
  }

  /** True while events beyond a missing seq are held back. */
  get hasGap(): boolean {
    return this.ahead.size > 0;
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Levels bottom to top (by elevation, then name). */
  levelList(): Level[] {
    return [...this.levels.values()].sort(
      (a, b) => a.elevation - b.elevation || a.name.localeCompare(b.name),
    );
  }

  wallsOn(levelId: string): Wall[] {
    return [...this.walls.values()].filter((w) => w.level_id === levelId);
  }
}

/** Fold one event into the maps. Unknown event types are skipped (the seq still advances). */
export function foldEvent(m: Pick<ModelMirror, "levels" | "walls">, e: ModelEvent): void {
  switch (e.type) {
    case "create_level":
      m.levels.set(e.id, {
        id: e.id,
        name: e.name,
        elevation: e.elevation ?? 0,
        height: e.height ?? 3,
      });
      break;
    case "update_level": {
      const level = m.levels.get(e.id);
      if (level) m.levels.set(e.id, { ...level, ...defined({ name: e.name, elevation: e.elevation, height: e.height }) });
      break;
    }
    case "place_wall":
      m.walls.set(e.id, {
        id: e.id,
        level_id: e.level_id,
        start: [e.start[0], e.start[1]],
        end: [e.end[0], e.end[1]],
        thickness: e.thickness ?? 0.2,
        height: e.height ?? 3,
        base_offset: e.base_offset ?? 0,
        material: e.material ?? "concrete",
      });
      break;
    case "update_wall": {
      const wall = m.walls.get(e.id);
      if (!wall) break;
      const { type: _t, id: _id, ...changes } = e;
      const next: Wall = { ...wall, ...defined(changes) };
      next.start = [next.start[0], next.start[1]];
      next.end = [next.end[0], next.end[1]];
      m.walls.set(e.id, next);
      break;
    }
    case "delete_elements":
      for (const id of e.ids) m.walls.delete(id);
      break;
    default:
      break;
  }
}

function defined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(obj).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<T>;
}
