import { describe, expect, it } from "vitest";
import { Outbox, tokenOwner, type OutboxStorage } from "../../src/net/outbox";
import { PendingCommands } from "../../src/net/pending";
import type { Command } from "../../src/net/protocol";

/** localStorage's contract over a Map, listing keys in a scrambled order as browsers may. */
class MemoryStorage implements OutboxStorage {
  readonly items = new Map<string, string>();
  full = false;
  get length(): number {
    return this.items.size;
  }
  key(i: number): string | null {
    return [...this.items.keys()].sort().reverse()[i] ?? null;
  }
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    if (this.full) throw new DOMException("full", "QuotaExceededError");
    this.items.set(k, v);
  }
  removeItem(k: string): void {
    this.items.delete(k);
  }
}

const P = "project-1";
const wall = (n: number): Command => ({ type: "delete_elements", ids: [`w${n}`] });

describe("Outbox", () => {
  it("keeps unacknowledged commands across a reload, in the order they were issued", () => {
    const storage = new MemoryStorage();
    const pending = new PendingCommands(new Outbox(storage, P, "ada"));
    pending.add("e-b", wall(1));
    pending.add("e-a", wall(2));
    pending.add("e-c", wall(3));
    pending.settle("e-a"); // acknowledged: gone from storage too
    const restored = new Outbox(storage, P, "ada").restore();
    expect(restored).toEqual([
      { eventId: "e-b", command: wall(1) },
      { eventId: "e-c", command: wall(3) },
    ]);
  });

  it("gives back only this user's commands of this project", () => {
    const storage = new MemoryStorage();
    new Outbox(storage, P, "ada").put("e1", wall(1));
    new Outbox(storage, P, "bob").put("e2", wall(2));
    new Outbox(storage, "project-2", "ada").put("e3", wall(3));
    storage.setItem(`pryzm.outbox.${P}.junk`, "{not json");
    expect(new Outbox(storage, P, "ada").restore().map((r) => r.eventId)).toEqual(["e1"]);
  });

  it("a full storage keeps commands in memory and loses none of them", () => {
    const storage = new MemoryStorage();
    storage.full = true;
    const pending = new PendingCommands(new Outbox(storage, P, "ada"));
    pending.add("e1", wall(1));
    expect(pending.list()).toHaveLength(1);
    expect(new Outbox(storage, P, "ada").restore()).toEqual([]);
  });

  it("knows a session token's owner by its subject", () => {
    const payload = btoa(JSON.stringify({ sub: "user-7", name: "Ada" })).replace(/=+$/, "");
    expect(tokenOwner(`h.${payload}.s`)).toBe("user-7");
    expect(tokenOwner("opaque")).toBe("opaque");
  });
});
