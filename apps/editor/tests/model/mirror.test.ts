import { describe, expect, it, vi } from "vitest";
import { ModelMirror } from "../../src/model/mirror";
import type { EventRecord, ModelEvent } from "../../src/net/protocol";

const L0 = "00000000-0000-4000-8000-000000000001";
const L1 = "00000000-0000-4000-8000-000000000002";
const W1 = "00000000-0000-4000-8000-0000000000a1";
const W2 = "00000000-0000-4000-8000-0000000000a2";

const rec = (seq: number, event: ModelEvent): EventRecord => ({ seq, event_id: `e${seq}`, event });
const level0 = rec(1, { type: "create_level", id: L0, name: "Level 0", elevation: 0, height: 3 });
const wall = (seq: number, id: string, start: [number, number], end: [number, number]) =>
  rec(seq, { type: "place_wall", id, level_id: L0, start, end, thickness: 0.2, height: 3, base_offset: 0, material: "concrete" });

describe("ModelMirror", () => {
  it("folds create_level and place_wall in seq order", () => {
    const m = new ModelMirror();
    expect(m.apply([level0, wall(2, W1, [0, 0], [5, 0])])).toBe(2);
    expect(m.seq).toBe(2);
    expect(m.levels.get(L0)).toEqual({ id: L0, name: "Level 0", elevation: 0, height: 3 });
    expect(m.walls.get(W1)).toMatchObject({ level_id: L0, start: [0, 0], end: [5, 0], thickness: 0.2 });
  });

  it("keeps float64 coordinates exactly", () => {
    const m = new ModelMirror();
    m.apply([level0, wall(2, W1, [2_500_123.456789, 5_700_000.000001], [2_500_130.1, 5_700_000.000001])]);
    expect(m.walls.get(W1)!.start).toEqual([2_500_123.456789, 5_700_000.000001]);
  });

  it("fills protocol defaults for fields an event leaves out", () => {
    const m = new ModelMirror();
    m.apply([level0, rec(2, { type: "place_wall", id: W1, level_id: L0, start: [0, 0], end: [1, 0] })]);
    expect(m.walls.get(W1)).toMatchObject({ thickness: 0.2, height: 3, base_offset: 0, material: "concrete" });
  });

  it("applies update_wall changes and keeps the other fields", () => {
    const m = new ModelMirror();
    m.apply([level0, wall(2, W1, [0, 0], [5, 0]), rec(3, { type: "update_wall", id: W1, end: [7, 1], thickness: 0.3 })]);
    expect(m.walls.get(W1)).toMatchObject({ start: [0, 0], end: [7, 1], thickness: 0.3, height: 3 });
  });

  it("applies update_level", () => {
    const m = new ModelMirror();
    m.apply([level0, rec(2, { type: "update_level", id: L0, name: "Ground" })]);
    expect(m.levels.get(L0)).toEqual({ id: L0, name: "Ground", elevation: 0, height: 3 });
  });

  it("removes walls on delete_elements", () => {
    const m = new ModelMirror();
    m.apply([level0, wall(2, W1, [0, 0], [5, 0]), wall(3, W2, [5, 0], [5, 5])]);
    m.apply(rec(4, { type: "delete_elements", ids: [W1] }));
    expect([...m.walls.keys()]).toEqual([W2]);
    expect(m.seq).toBe(4);
  });

  it("ignores duplicates and seqs already applied", () => {
    const m = new ModelMirror();
    m.apply([level0, wall(2, W1, [0, 0], [5, 0])]);
    // a replayed page and a stale duplicate of seq 2 with different content
    expect(m.apply([level0, wall(2, W1, [9, 9], [10, 9])])).toBe(0);
    expect(m.walls.get(W1)!.start).toEqual([0, 0]);
    expect(m.seq).toBe(2);
    expect(m.hasGap).toBe(false); // old seqs are dropped, not held back
  });

  it("holds back events after a gap until the gap is filled", () => {
    const m = new ModelMirror();
    m.apply(level0);
    expect(m.apply(rec(3, { type: "delete_elements", ids: [W1] }))).toBe(0);
    expect(m.hasGap).toBe(true);
    expect(m.seq).toBe(1);
    // seq 2 arrives late: both apply, in order (place before delete)
    expect(m.apply(wall(2, W1, [0, 0], [5, 0]))).toBe(2);
    expect(m.seq).toBe(3);
    expect(m.walls.size).toBe(0);
    expect(m.hasGap).toBe(false);
  });

  it("sorts a batch given out of order", () => {
    const m = new ModelMirror();
    m.apply([wall(2, W1, [0, 0], [5, 0]), level0]);
    expect(m.seq).toBe(2);
    expect(m.walls.has(W1)).toBe(true);
  });

  it("advances past unknown event types", () => {
    const m = new ModelMirror();
    m.apply([level0, rec(2, { type: "place_slab", id: "x" } as unknown as ModelEvent), wall(3, W1, [0, 0], [1, 0])]);
    expect(m.seq).toBe(3);
    expect(m.walls.size).toBe(1);
  });

  it("notifies listeners once per batch that changed something", () => {
    const m = new ModelMirror();
    const fn = vi.fn();
    m.onChange(fn);
    m.apply([level0, wall(2, W1, [0, 0], [5, 0])]);
    m.apply(level0); // duplicate: no change
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("lists levels bottom to top and walls per level", () => {
    const m = new ModelMirror();
    m.apply([
      rec(1, { type: "create_level", id: L1, name: "Level 1", elevation: 3, height: 3 }),
      rec(2, { type: "create_level", id: L0, name: "Level 0", elevation: 0, height: 3 }),
      wall(3, W1, [0, 0], [5, 0]),
    ]);
    expect(m.levelList().map((l) => l.name)).toEqual(["Level 0", "Level 1"]);
    expect(m.wallsOn(L0).map((w) => w.id)).toEqual([W1]);
    expect(m.wallsOn(L1)).toEqual([]);
  });
});
