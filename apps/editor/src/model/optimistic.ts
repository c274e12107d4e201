/**
 * Optimistic overlay: commands the user issued whose events have not reached the mirror yet.
 * A pending `place_wall` is drawn at once (styled as pending) and a pending `delete_elements`
 * hides its walls. An entry goes away when its event is in the mirror (for walls: the wall id
 * appears; otherwise the mirror reaches the acked seq) or when the server rejects it.
 */

import type { Command } from "../net/protocol";
import type { ModelMirror, Wall } from "./mirror";

interface Entry {
  command: Command;
  ackSeq: number | null;
}

export class Optimistic {
  private readonly entries = new Map<string, Entry>();

  add(eventId: string, command: Command): void {
    this.entries.set(eventId, { command, ackSeq: null });
  }

  ack(eventId: string, seq: number): void {
    const entry = this.entries.get(eventId);
    if (entry) entry.ackSeq = seq;
  }

  reject(eventId: string): void {
    this.entries.delete(eventId);
  }

  /** Drop entries the mirror already reflects; returns true if anything changed. */
  prune(mirror: Pick<ModelMirror, "seq" | "walls">): boolean {
    let changed = false;
    for (const [eventId, { command, ackSeq }] of this.entries) {
      const landed =
        (ackSeq !== null && mirror.seq >= ackSeq) ||
        (command.type === "place_wall" && mirror.walls.has(command.id));
      if (landed) {
        this.entries.delete(eventId);
        changed = true;
      }
    }
    return changed;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Walls placed but not yet in the mirror, with protocol defaults filled in. */
  pendingWalls(): Wall[] {
    const walls: Wall[] = [];
    for (const { command: c } of this.entries.values()) {
      if (c.type !== "place_wall") continue;
      walls.push({
        id: c.id,
        level_id: c.level_id,
        start: c.start,
        end: c.end,
        thickness: c.thickness ?? 0.2,
        height: c.height ?? 3,
        base_offset: c.base_offset ?? 0,
        material: c.material ?? "concrete",
      });
    }
    return walls;
  }

  /** Ids of elements with a pending delete. */
  hiddenIds(): Set<string> {
    const ids = new Set<string>();
    for (const { command: c } of this.entries.values()) {
      if (c.type === "delete_elements") for (const id of c.ids) ids.add(id);
    }
    return ids;
  }
}
