/**
 * Commands sent but not yet acknowledged, in the order they were issued. An `ack` or a
 * `reject` removes a command; after a reconnect the remaining ones are re-sent, in order, with
 * their original `event_id` (the server dedupes retries). With an outbox, each pending command
 * is also kept in durable storage until it is settled (net/outbox.ts).
 */

import type { Outbox } from "./outbox";
import type { Command } from "./protocol";

export interface PendingCommand {
  eventId: string;
  command: Command;
}

export class PendingCommands {
  private readonly byId = new Map<string, Command>();

  constructor(private readonly outbox: Outbox | null = null) {}

  add(eventId: string, command: Command): void {
    this.byId.set(eventId, command);
    this.outbox?.put(eventId, command);
  }

  /** Removes and returns the command, or undefined if it was not pending (e.g. a repeat ack). */
  settle(eventId: string): Command | undefined {
    const command = this.byId.get(eventId);
    this.byId.delete(eventId);
    this.outbox?.drop(eventId);
    return command;
  }

  has(eventId: string): boolean {
    return this.byId.has(eventId);
  }

  get size(): number {
    return this.byId.size;
  }

  /** In issue order (Map keeps insertion order). */
  list(): PendingCommand[] {
    return [...this.byId].map(([eventId, command]) => ({ eventId, command }));
  }
}
