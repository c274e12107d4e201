/**
 * The local mirror of a project's model: the committed state, folded from the event log in
 * seq order. Coordinates stay float64 (absolute model metres); rendering subtracts the origin.
 *
 * `apply` ignores seqs already applied (duplicates, old pages) and holds back seqs that arrive
 * ahead of a gap until the gap is filled, so the state is always the log folded up to `seq`.
 * For each element it remembers the seq and actor of its last change (the 3D view uses the
 * seq to tell a baked mesh that is out of date).
 */

import type { EventRecord, ModelEvent } from "../net/protocol";
import { ModelState } from "./elements";
import { foldEvent } from "./fold";
import { stateHash } from "./hash";

export interface Change {
  seq: number;
  actor: string | null;
}

export type MirrorListener = (applied: EventRecord[]) => void;

export class ModelMirror {
  /** The last seq folded in (0 for an empty log). */
  seq = 0;
  state = new ModelState();
  private changes = new Map<string, Change>();
  private readonly ahead = new Map<number, EventRecord>();
  private readonly listeners = new Set<MirrorListener>();

  /** Fold records in; returns how many were applied now (listeners hear once per call). */
  apply(records: EventRecord | EventRecord[]): number {
    const list = Array.isArray(records) ? records : [records];
    for (const r of list) {
      if (Number.isInteger(r.seq) && r.seq > this.seq) this.ahead.set(r.seq, r);
    }
    const applied: EventRecord[] = [];
    for (let next = this.ahead.get(this.seq + 1); next; next = this.ahead.get(this.seq + 1)) {
      this.ahead.delete(this.seq + 1);
      foldEvent(this.state, next.event);
      this.seq += 1;
      this.record(next);
      applied.push(next);
    }
    if (applied.length > 0) for (const fn of this.listeners) fn(applied);
    return applied.length;
  }

  /** Forget everything (the server's log is behind what we had, e.g. a restored backup). */
  reset(): void {
    this.seq = 0;
    this.state = new ModelState();
    this.changes = new Map();
    this.ahead.clear();
    for (const fn of this.listeners) fn([]);
  }

  /** True while events beyond a missing seq are held back. */
  get hasGap(): boolean {
    return this.ahead.size > 0;
  }

  onChange(fn: MirrorListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The seq and actor of an element's (or level's) last change, if it changed since load. */
  lastChange(id: string): Change | undefined {
    return this.changes.get(id);
  }

  /** Ids (elements and levels) whose last change is an event of `actor` in seqs first..last. */
  changedBy(actor: string, first: number, last: number): string[] {
    const ids: string[] = [];
    for (const [id, c] of this.changes) if (c.actor === actor && c.seq >= first && c.seq <= last) ids.push(id);
    return ids;
  }

  hash(): string {
    return stateHash(this.state);
  }

  private record(r: EventRecord): void {
    const change = { seq: r.seq, actor: typeof r.actor === "string" ? r.actor : null };
    for (const id of eventIds(r.event)) this.changes.set(id, change);
  }
}

/** The ids an event names directly (elements, levels and an opening's host). */
export function eventIds(e: ModelEvent): string[] {
  switch (e.type) {
    case "delete_elements":
    case "move_elements":
      return e.ids;
    case "place_opening":
      return [e.id, e.host_id];
    default:
      return "id" in e ? [e.id] : [];
  }
}
