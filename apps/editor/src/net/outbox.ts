/**
 * The durable copy of the commands a user has issued and the server has not acknowledged
 * yet, so that a reload, a crash or a closed tab while offline loses nothing: the editor
 * re-sends them, with their original `event_id`, when it opens the project again (the server
 * treats a repeated `event_id` as the same command, so a command that did land is not applied
 * twice).
 *
 * One storage key per command (`pryzm.outbox.<project>.<event_id>`), so two tabs of the same
 * project never overwrite each other's entries. Entries remember whose they are: another user
 * signing in on the same browser does not send them under their name. When the storage is
 * full or denied the commands stay in memory only, as before.
 */

import type { Command } from "./protocol";

/** What the outbox needs of `window.localStorage`. */
export type OutboxStorage = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

interface Entry {
  owner: string;
  order: number;
  command: Command;
}

export interface Restored {
  eventId: string;
  command: Command;
}

export class Outbox {
  private readonly prefix: string;
  private order = Date.now() * 1000;

  constructor(
    private readonly storage: OutboxStorage | null,
    projectId: string,
    private readonly owner: string,
  ) {
    this.prefix = `pryzm.outbox.${projectId}.`;
  }

  put(eventId: string, command: Command): void {
    const entry: Entry = { owner: this.owner, order: this.order++, command };
    try {
      this.storage?.setItem(this.prefix + eventId, JSON.stringify(entry));
    } catch {
      // Full or denied: the command is still pending in memory and will be sent.
    }
  }

  drop(eventId: string): void {
    try {
      this.storage?.removeItem(this.prefix + eventId);
    } catch {
      // nothing to do
    }
  }

  /** This owner's stored commands, in the order they were issued. */
  restore(): Restored[] {
    if (!this.storage) return [];
    const found: (Restored & { order: number })[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (!key?.startsWith(this.prefix)) continue;
      const entry = parse(this.storage.getItem(key));
      if (entry?.owner === this.owner) found.push({ eventId: key.slice(this.prefix.length), command: entry.command, order: entry.order });
    }
    found.sort((a, b) => a.order - b.order);
    if (found.length) this.order = Math.max(this.order, found[found.length - 1]!.order + 1);
    return found.map(({ eventId, command }) => ({ eventId, command }));
  }
}

function parse(text: string | null): Entry | null {
  if (!text) return null;
  try {
    const entry = JSON.parse(text) as Entry;
    return typeof entry.owner === "string" && typeof entry.order === "number" && entry.command && typeof entry.command.type === "string" ? entry : null;
  } catch {
    return null;
  }
}

/** Who a session token belongs to (its `sub` claim), or the token itself if it is opaque. */
export function tokenOwner(token: string): string {
  const part = token.split(".")[1];
  if (!part) return token;
  try {
    const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === "string" && sub ? sub : token;
  } catch {
    return token;
  }
}
