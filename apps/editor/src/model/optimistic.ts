/**
 * Optimistic overlay: the user's commands that are not in the mirror yet, applied on top of
 * the committed state in the order they were issued. The view is rebuilt from the committed
 * state whenever either changes, so it always equals "the server's order so far, then ours":
 * when the server commits a command (ours or someone else's) the view is reconciled with it.
 *
 * An entry leaves when its first event reaches the mirror (`landed`, by command id), when the
 * mirror reaches its acked seq, or when the server rejects it. An entry whose forecast is a
 * refusal (someone changed what it refers to) shows nothing; the server will decide it.
 */

import type { Command } from "../net/protocol";
import { applyCommand } from "./decide";
import type { ModelState } from "./elements";

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

  /** An event of this command is in the mirror. */
  landed(commandId: string): boolean {
    return this.entries.delete(commandId);
  }

  reject(eventId: string): boolean {
    return this.entries.delete(eventId);
  }

  /** Drop entries the mirror already reflects; returns true if anything changed. */
  prune(mirrorSeq: number): boolean {
    let changed = false;
    for (const [eventId, { ackSeq }] of this.entries) {
      if (ackSeq !== null && mirrorSeq >= ackSeq) {
        this.entries.delete(eventId);
        changed = true;
      }
    }
    return changed;
  }

  get size(): number {
    return this.entries.size;
  }

  commands(): Command[] {
    return [...this.entries.values()].map((e) => e.command);
  }

  /** The committed state with the pending commands applied (the state itself when none). */
  view(committed: ModelState): ModelState {
    if (this.entries.size === 0) return committed;
    const state = committed.copy();
    for (const { command } of this.entries.values()) applyCommand(state, command);
    return state;
  }

  /** Ids of elements a pending command creates, changes or deletes. */
  touchedIds(): Set<string> {
    const ids = new Set<string>();
    const visit = (c: Command): void => {
      if (c.type === "batch") c.commands.forEach(visit);
      else if (c.type === "delete_elements" || c.type === "move_elements") c.ids.forEach((id) => ids.add(id));
      else if (c.type !== "create_level" && c.type !== "update_level" && c.type !== "delete_level") ids.add(c.id);
    };
    for (const { command } of this.entries.values()) visit(command);
    return ids;
  }
}
