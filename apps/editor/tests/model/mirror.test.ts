import { describe, expect, it, vi } from "vitest";
import { decide } from "../../src/model/decide";
import { ModelMirror } from "../../src/model/mirror";
import type { Command, EventRecord, ModelEvent } from "../../src/net/protocol";

const L0 = "00000000-0000-4000-8000-000000000001";
const L1 = "00000000-0000-4000-8000-000000000002";
const W1 = "00000000-0000-4000-8000-0000000000a1";
const W2 = "00000000-0000-4000-8000-0000000000a2";
const D1 = "00000000-0000-4000-8000-0000000000d1";
const N1 = "00000000-0000-4000-8000-0000000000d2";
const S1 = "00000000-0000-4000-8000-0000000000e1";
const C1 = "00000000-0000-4000-8000-0000000000e2";
const R1 = "00000000-0000-4000-8000-0000000000e3";

const rec = (seq: number, event: ModelEvent, actor = "ada"): EventRecord => ({ seq, event_id: `e${seq}`, actor, event });
const level0 = rec(1, { type: "create_level", id: L0, name: "Level 0", elevation: 0, height: 3 });
const wall = (seq: number, id: string, start: [number, number], end: [number, number]) =>
  rec(seq, { type: "place_wall", id, level_id: L0, start, end, thickness: 0.2, height: 3, base_offset: 0, material: "concrete" });

/** A mirror fed with the events the client's forecast makes for `commands` (as the server would). */
function replay(commands: Command[]): ModelMirror {
  const m = new ModelMirror();
  for (const c of commands) {
    const d = decide(m.state, c);
    if ("refusal" in d) throw new Error(`${c.type}: ${d.refusal.code}`);
    for (const e of d.events) m.apply(rec(m.seq + 1, e));
  }
  return m;
}

const house: Command[] = [
  { type: "create_level", id: L0, name: "Level 0" },
  { type: "place_wall", id: W1, level_id: L0, start: [0, 0], end: [6, 0] },
  { type: "place_wall", id: W2, level_id: L0, start: [6, 0], end: [6, 4], thickness: 0.3 },
  { type: "place_opening", id: D1, host_id: W1, kind: "door", offset: 1 },
  { type: "place_opening", id: N1, host_id: W2, kind: "window", offset: 1 },
  { type: "place_slab", id: S1, level_id: L0, boundary: [[0, 0], [6, 0], [6, 4], [0, 4], [0, 0]] },
  { type: "place_column", id: C1, level_id: L0, position: [3, 2] },
  { type: "place_room", id: R1, level_id: L0, boundary: [[0, 0], [6, 0], [6, 4], [0, 4]], name: "Living" },
];

describe("ModelMirror", () => {
  it("folds create_level and place_wall in seq order", () => {
    const m = new ModelMirror();
    expect(m.apply([level0, wall(2, W1, [0, 0], [5, 0])])).toBe(2);
    expect(m.seq).toBe(2);
    expect(m.state.levels.get(L0)).toEqual({ id: L0, name: "Level 0", elevation: 0, height: 3 });
    expect(m.state.elements.get(W1)).toMatchObject({ kind: "wall", level_id: L0, start: [0, 0], end: [5, 0], thickness: 0.2, alignment: "center" });
  });

  it("keeps float64 coordinates exactly and fixes the origin at the first element, to the km", () => {
    const m = new ModelMirror();
    m.apply([level0, wall(2, W1, [2_500_123.456789, 5_700_000.000001], [2_500_130.1, 5_700_000.000001])]);
    expect((m.state.elements.get(W1) as { start: number[] }).start).toEqual([2_500_123.456789, 5_700_000.000001]);
    expect(m.state.origin).toEqual([2_500_000, 5_700_000, 0]);
  });

  it("fills protocol defaults for fields an event leaves out", () => {
    const m = replay(house);
    expect(m.state.elements.get(W1)).toMatchObject({ thickness: 0.2, height: 3, base_offset: 0, material: "concrete", properties: {} });
    expect(m.state.elements.get(D1)).toMatchObject({ kind: "door", host_id: W1, level_id: L0, width: 0.9, height: 2.1, sill_height: 0, material: "timber", flip: false });
    expect(m.state.elements.get(N1)).toMatchObject({ kind: "window", width: 1.2, height: 1.2, sill_height: 0.9, material: "glass" });
    expect(m.state.elements.get(S1)).toMatchObject({ kind: "slab", thickness: 0.2, offset: 0, holes: [], boundary: [[0, 0], [6, 0], [6, 4], [0, 4]] });
    expect(m.state.elements.get(C1)).toMatchObject({ kind: "column", shape: "rect", width: 0.3, depth: 0.3, rotation: 0, height: 3 });
    expect(m.state.elements.get(R1)).toMatchObject({ kind: "room", name: "Living", number: "", height: null, material: "room" });
  });

  it("applies update_wall and update_opening, keeping the other fields", () => {
    const m = replay([...house, { type: "update_wall", id: W1, end: [7, 1], thickness: 0.3 }, { type: "update_opening", id: D1, width: 1.0, flip: true }]);
    expect(m.state.elements.get(W1)).toMatchObject({ start: [0, 0], end: [7, 1], thickness: 0.3, height: 3 });
    expect(m.state.elements.get(D1)).toMatchObject({ width: 1.0, flip: true, offset: 1 });
  });

  it("moves a wall's openings to its new level with it", () => {
    const m = replay([...house, { type: "create_level", id: L1, name: "L1", elevation: 3 }, { type: "update_wall", id: W1, level_id: L1 }]);
    expect(m.state.elements.get(D1)!.level_id).toBe(L1);
    expect(m.state.on(L1).map((e) => e.id).sort()).toEqual([D1, W1].sort());
  });

  it("moves walls (with their openings), slabs, columns and rooms; an opening alone slides along its host", () => {
    const m = replay([...house, { type: "move_elements", ids: [W1, S1, C1, R1], delta: [1, 2] }, { type: "move_elements", ids: [N1], delta: [0.3, 0.5] }]);
    expect(m.state.elements.get(W1)).toMatchObject({ start: [1, 2], end: [7, 2] });
    expect(m.state.elements.get(D1)).toMatchObject({ offset: 1 }); // rode along
    expect(m.state.elements.get(S1)).toMatchObject({ boundary: [[1, 2], [7, 2], [7, 6], [1, 6]] });
    expect(m.state.elements.get(C1)).toMatchObject({ position: [4, 4] });
    expect(m.state.elements.get(R1)).toMatchObject({ boundary: [[1, 2], [7, 2], [7, 6], [1, 6]] });
    expect(m.state.elements.get(N1)).toMatchObject({ offset: 1.5 }); // W2 runs along +y
  });

  it("merges property sets: null removes a property, an emptied set disappears", () => {
    const m = replay([
      ...house,
      { type: "set_properties", id: W1, psets: { Pset_WallCommon: { IsExternal: true, FireRating: "EI 60" }, Custom: { n: 3 } } },
      { type: "set_properties", id: W1, psets: { Pset_WallCommon: { FireRating: null }, Custom: { n: null } } },
    ]);
    expect(m.state.elements.get(W1)!.properties).toEqual({ Pset_WallCommon: { IsExternal: true } });
  });

  it("deletes a wall's hosted openings with it (the event lists them after the requested ids)", () => {
    const d = decide(replay(house).state, { type: "delete_elements", ids: [W1] });
    expect(d).toEqual({ events: [{ type: "delete_elements", ids: [W1, D1] }] });
    const m = replay([...house, { type: "delete_elements", ids: [W1] }]);
    expect(m.state.elements.has(W1)).toBe(false);
    expect(m.state.elements.has(D1)).toBe(false);
    expect(m.state.elements.has(N1)).toBe(true);
  });

  it("applies a batch as its events, one seq each", () => {
    const m = replay([
      house[0]!,
      { type: "batch", commands: [house[1]!, house[3]!, { type: "update_wall", id: W1, height: 2.5 }] },
    ]);
    expect(m.seq).toBe(4);
    expect(m.state.elements.get(W1)).toMatchObject({ height: 2.5 });
    expect(m.state.elements.get(D1)).toMatchObject({ host_id: W1 });
  });

  it("deletes a level with its elements when cascading", () => {
    const m = replay([...house, { type: "delete_level", id: L0, cascade: true }]);
    expect(m.state.levels.size).toBe(0);
    expect(m.state.elements.size).toBe(0);
  });

  it("applies update_level", () => {
    const m = new ModelMirror();
    m.apply([level0, rec(2, { type: "update_level", id: L0, name: "Ground" })]);
    expect(m.state.levels.get(L0)).toEqual({ id: L0, name: "Ground", elevation: 0, height: 3 });
  });

  it("ignores duplicates and seqs already applied", () => {
    const m = new ModelMirror();
    m.apply([level0, wall(2, W1, [0, 0], [5, 0])]);
    expect(m.apply([level0, wall(2, W1, [9, 9], [10, 9])])).toBe(0);
    expect((m.state.elements.get(W1) as { start: number[] }).start).toEqual([0, 0]);
    expect(m.seq).toBe(2);
    expect(m.hasGap).toBe(false);
  });

  it("holds back events after a gap until the gap is filled", () => {
    const m = new ModelMirror();
    m.apply(level0);
    expect(m.apply(rec(3, { type: "delete_elements", ids: [W1] }))).toBe(0);
    expect(m.hasGap).toBe(true);
    expect(m.apply(wall(2, W1, [0, 0], [5, 0]))).toBe(2);
    expect(m.seq).toBe(3);
    expect(m.state.elements.size).toBe(0);
    expect(m.hasGap).toBe(false);
  });

  it("advances past unknown event types", () => {
    const m = new ModelMirror();
    m.apply([level0, rec(2, { type: "place_teapot", id: "x" } as unknown as ModelEvent), wall(3, W1, [0, 0], [1, 0])]);
    expect(m.seq).toBe(3);
    expect(m.state.elements.size).toBe(1);
  });

  it("notifies listeners once per call that changed something, with the applied records", () => {
    const m = new ModelMirror();
    const fn = vi.fn();
    m.onChange(fn);
    m.apply([level0, wall(2, W1, [0, 0], [5, 0])]);
    m.apply(level0);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn.mock.calls[0]![0].map((r: EventRecord) => r.seq)).toEqual([1, 2]);
  });

  it("remembers each element's last change (seq and actor)", () => {
    const m = new ModelMirror();
    m.apply([level0, wall(2, W1, [0, 0], [5, 0]), rec(3, { type: "update_wall", id: W1, height: 2 }, "bob")]);
    expect(m.lastChange(W1)).toEqual({ seq: 3, actor: "bob" });
  });

  it("resets to an empty model", () => {
    const m = replay(house);
    m.reset();
    expect(m.seq).toBe(0);
    expect(m.state.elements.size).toBe(0);
  });

  it("lists levels bottom to top and elements per level", () => {
    const m = new ModelMirror();
    m.apply([
      rec(1, { type: "create_level", id: L1, name: "Level 1", elevation: 3, height: 3 }),
      rec(2, { type: "create_level", id: L0, name: "Level 0", elevation: 0, height: 3 }),
      wall(3, W1, [0, 0], [5, 0]),
    ]);
    expect(m.state.levelList().map((l) => l.name)).toEqual(["Level 0", "Level 1"]);
    expect(m.state.on(L0).map((w) => w.id)).toEqual([W1]);
    expect(m.state.on(L1)).toEqual([]);
  });
});
