import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientFrame } from "../../src/net/protocol";
import { colorOf, Presence, PRESENCE_INTERVAL_MS } from "../../src/ui/presence";

const ada = { id: "u-ada", display_name: "Ada" };
const bob = { id: "u-bob", display_name: "Bob" };

describe("Presence", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("tracks who is online from welcome, joined and left", () => {
    const p = new Presence(() => undefined, () => undefined);
    p.welcome({ type: "welcome", head_seq: 1, user: ada, online: [bob] });
    expect(p.users().map((u) => [u.name, u.self])).toEqual([["Ada", true], ["Bob", false]]);
    p.receive({ type: "presence", user: { id: "u-cy", display_name: "Cy" }, joined: true });
    expect(p.users()).toHaveLength(3);
    p.receive({ type: "presence", user: bob, left: true });
    expect(p.users().map((u) => u.name)).toEqual(["Ada", "Cy"]);
  });

  it("keeps other users' cursors, selections and levels with a stable colour; ignores our own echo", () => {
    const changed = vi.fn();
    const p = new Presence(() => undefined, changed);
    p.welcome({ type: "welcome", head_seq: 1, user: ada, online: [] });
    p.receive({ type: "presence", user: bob, cursor: [1, 2], selection: ["w1"], level_id: "L0" });
    p.receive({ type: "presence", user: ada, cursor: [9, 9], selection: [], level_id: "L0" });
    expect(p.others()).toEqual([{ id: "u-bob", name: "Bob", color: colorOf("u-bob"), cursor: [1, 2], selection: ["w1"], levelId: "L0" }]);
    expect(changed).toHaveBeenCalled();
    expect(colorOf("u-bob")).toBe(colorOf("u-bob"));
  });

  it("sends at most ten updates a second, always the latest", () => {
    const sent: ClientFrame[] = [];
    const p = new Presence((f) => sent.push(f), () => undefined, () => Date.now());
    for (let i = 0; i < 50; i++) {
      p.update([i, 0], [], "L0");
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(PRESENCE_INTERVAL_MS);
    expect(sent.length).toBeGreaterThanOrEqual(5);
    expect(sent.length).toBeLessThanOrEqual(7);
    expect(sent.at(-1)).toEqual({ type: "presence", cursor: [49, 0], selection: [], level_id: "L0" });
  });
});
