import { describe, expect, it } from "vitest";
import { applyCommand, decide } from "../../src/model/decide";
import { ModelState } from "../../src/model/elements";
import { foldEvent } from "../../src/model/fold";
import { stateHash } from "../../src/model/hash";
import { creationStep, conflict, makeStep } from "../../src/model/inverse";
import { UndoHistory } from "../../src/model/undo";
import type { Command } from "../../src/net/protocol";

const L0 = "00000000-0000-4000-8000-000000000001";
const W1 = "00000000-0000-4000-8000-0000000000a1";
const W2 = "00000000-0000-4000-8000-0000000000a2";
const D1 = "00000000-0000-4000-8000-0000000000d1";
const D2 = "00000000-0000-4000-8000-0000000000d2";
const S1 = "00000000-0000-4000-8000-0000000000e1";

/** A state whose origin is already fixed (by a column far away), as in any real project. */
function state(...commands: Command[]): ModelState {
  const s = new ModelState();
  const setup: Command[] = [
    { type: "create_level", id: L0, name: "L" },
    { type: "place_column", id: "00000000-0000-4000-8000-0000000000c0", level_id: L0, position: [-50, -50] },
  ];
  for (const c of [...setup, ...commands]) {
    if (!applyCommand(s, c)) throw new Error(`refused: ${c.type}`);
  }
  return s;
}

function run(s: ModelState, c: Command): void {
  const d = decide(s, c);
  if ("refusal" in d) throw new Error(`${c.type}: ${d.refusal.code} ${d.refusal.message}`);
  for (const e of d.events) foldEvent(s, e);
}

const wall1: Command = { type: "place_wall", id: W1, level_id: L0, start: [0, 0], end: [6, 0] };
const door1: Command = { type: "place_opening", id: D1, host_id: W1, kind: "door", offset: 1 };

/** Do `command`, undo it, redo it: the hashes must go after -> before -> after. */
function roundTrip(s: ModelState, command: Command) {
  const before = stateHash(s);
  const step = makeStep(s, command, "test")!;
  expect(step).not.toBeNull();
  run(s, command);
  const after = stateHash(s);
  run(s, step.inverse);
  expect(stateHash(s)).toBe(before);
  run(s, step.forward);
  expect(stateHash(s)).toBe(after);
  return step;
}

describe("undo steps", () => {
  it("undo a placed wall by deleting it, redo by placing it again", () => {
    const step = roundTrip(state(), wall1);
    expect(step.inverse).toEqual({ type: "delete_elements", ids: [W1] });
  });

  it("undo a delete by placing everything again, hosted openings and properties included", () => {
    const s = state(wall1, door1, { type: "set_properties", id: W1, psets: { P: { a: 1 } } });
    const step = roundTrip(s, { type: "delete_elements", ids: [W1] });
    expect(step.inverse.type).toBe("batch");
  });

  it("undo a parameter change with the old values only", () => {
    const step = roundTrip(state(wall1), { type: "update_wall", id: W1, thickness: 0.35 });
    expect(step.inverse).toEqual({ type: "update_wall", id: W1, thickness: 0.2 });
    roundTrip(state(wall1, door1), { type: "update_opening", id: D1, width: 1.2, flip: true });
  });

  it("undo a slab, column or room change with an update of the old values", () => {
    const room = "00000000-0000-4000-8000-0000000000f1";
    const column = "00000000-0000-4000-8000-0000000000c1";
    const s = state(
      { type: "place_slab", id: S1, level_id: L0, boundary: [[0, 0], [4, 0], [4, 4], [0, 4]] },
      { type: "place_column", id: column, level_id: L0, position: [1, 1] },
      { type: "place_room", id: room, level_id: L0, boundary: [[0, 0], [4, 0], [4, 4], [0, 4]] },
    );
    const slab = roundTrip(s, { type: "update_slab", id: S1, thickness: 0.3, holes: [[[1, 1], [2, 1], [2, 2]]] });
    expect(slab.inverse).toEqual({ type: "update_slab", id: S1, holes: [], thickness: 0.2 });
    const col = roundTrip(s, { type: "update_column", id: column, shape: "circle", diameter: 0.5 });
    expect(col.inverse).toEqual({ type: "update_column", id: column, shape: "rect", diameter: 0.3 });
    const named = roundTrip(s, { type: "update_room", id: room, name: "Kitchen", number: "0.01" });
    expect(named.inverse).toEqual({ type: "update_room", id: room, name: "Room", number: "" });
    // A room that followed its level's height gets one: undo brings the level's back.
    roundTrip(s, { type: "update_room", id: room, height: 2.5 });
  });

  it("forecasts the server's refusals of slab, column and room updates", () => {
    const s = state({ type: "place_slab", id: S1, level_id: L0, boundary: [[0, 0], [4, 0], [4, 4], [0, 4]] });
    const refusal = (c: Command) => {
      const d = decide(s, c);
      return "refusal" in d ? d.refusal.code : null;
    };
    expect(refusal({ type: "update_slab", id: S1, boundary: [[0, 0], [2, 2], [2, 0], [0, 2]] })).toBe("self_intersecting");
    expect(refusal({ type: "update_slab", id: S1, level_id: W2 })).toBe("unknown_level");
    expect(refusal({ type: "update_column", id: S1, height: 2 })).toBe("wrong_element_type");
    expect(refusal({ type: "update_room", id: W2, name: "x" })).toBe("unknown_element");
    expect(refusal({ type: "update_slab", id: S1, thickness: 0.25 })).toBeNull();
  });

  it("undo a move with the opposite delta", () => {
    const step = roundTrip(state(wall1, door1, { type: "place_slab", id: S1, level_id: L0, boundary: [[0, 0], [1, 0], [1, 1]] }), {
      type: "move_elements",
      ids: [W1, S1],
      delta: [0.5, -2],
    });
    expect(step.inverse).toEqual({ type: "move_elements", ids: [W1, S1], delta: [-0.5, 2] });
  });

  it("undo properties: changed values back, added ones removed", () => {
    const step = roundTrip(state(wall1, { type: "set_properties", id: W1, psets: { P: { a: 1 } } }), {
      type: "set_properties",
      id: W1,
      psets: { P: { a: 2, b: "x" } },
    });
    expect(step.inverse).toEqual({ type: "set_properties", id: W1, psets: { P: { a: 1, b: null } } });
  });

  it("undo a batch: a longer wall with a door near its end goes back in an order that fits", () => {
    roundTrip(state(wall1), {
      type: "batch",
      commands: [
        { type: "update_wall", id: W1, end: [10, 0] },
        { type: "place_opening", id: D2, host_id: W1, kind: "door", offset: 8.5 },
        { type: "place_wall", id: W2, level_id: L0, start: [10, 0], end: [10, 4] },
      ],
    });
  });

  it("undo a level change and a level creation", () => {
    roundTrip(state(), { type: "update_level", id: L0, name: "Ground", height: 3.5 });
    roundTrip(state(), { type: "create_level", id: "00000000-0000-4000-8000-0000000000f1", name: "L1", elevation: 3 });
  });

  it("makes no step for a command that changes nothing or will be refused", () => {
    expect(makeStep(state(wall1), { type: "update_wall", id: W1, thickness: 0.2 }, "x")).toBeNull();
    expect(makeStep(state(), { type: "update_wall", id: W1, thickness: 0.3 }, "x")).toBeNull();
  });
});

describe("UndoHistory", () => {
  function history(s: ModelState, ...commands: Command[]) {
    const h = new UndoHistory();
    commands.forEach((c, i) => {
      const step = makeStep(s, c, c.type)!;
      h.record(step, `e${i}`);
      run(s, c);
    });
    return h;
  }

  it("undoes and redoes the user's own steps, last first", () => {
    const s = state();
    const h = history(s, wall1, door1);
    const u1 = h.plan("undo", s);
    expect(u1 && "command" in u1 && u1.command).toEqual({ type: "delete_elements", ids: [D1] });
    run(s, (u1 as { command: Command }).command);
    const u2 = h.plan("undo", s) as { command: Command };
    expect(u2.command).toEqual({ type: "delete_elements", ids: [W1] });
    run(s, u2.command);
    expect(h.sizes).toEqual({ undo: 0, redo: 2 });
    const r1 = h.plan("redo", s) as { command: Command };
    expect(r1.command).toEqual(wall1);
    expect(h.plan("undo", new ModelState())).not.toBeNull();
  });

  it("a new command clears the redo stack", () => {
    const s = state();
    const h = history(s, wall1);
    run(s, (h.plan("undo", s) as { command: Command }).command);
    expect(h.canRedo).toBe(true);
    h.record(makeStep(s, door1, "x") ?? makeStep(s, wall1, "x")!, "e9");
    expect(h.canRedo).toBe(false);
  });

  it("never undoes someone else's work: a field they changed since drops the step with a reason", () => {
    const s = state();
    const h = history(s, wall1, { type: "update_wall", id: W1, thickness: 0.3 });
    run(s, { type: "update_wall", id: W1, thickness: 0.5 }); // another user
    const plan = h.plan("undo", s);
    expect(plan && "dropped" in plan && plan.reason).toMatch(/someone else/);
    expect(h.sizes.undo).toBe(1);
  });

  it("a change to another field of the same element does not block the undo", () => {
    const s = state();
    const h = history(s, wall1, { type: "update_wall", id: W1, thickness: 0.3 });
    run(s, { type: "update_wall", id: W1, height: 2.4 }); // another user, another field
    const plan = h.plan("undo", s) as { command: Command };
    expect(plan.command).toEqual({ type: "update_wall", id: W1, thickness: 0.2 });
  });

  it("refuses to undo a wall that someone else has put a door in", () => {
    const s = state();
    const h = history(s, wall1);
    run(s, door1); // another user
    const plan = h.plan("undo", s);
    expect(plan && "dropped" in plan && plan.reason).toMatch(/built on it/);
  });

  it("drops a step whose command the server rejected", () => {
    const s = state();
    const h = history(s, wall1);
    const plan = h.plan("undo", s) as { step: unknown; command: Command };
    h.track("undo-1", plan.step as never);
    expect(h.rejected("undo-1")).toBe(plan.step);
    expect(h.sizes).toEqual({ undo: 0, redo: 0 });
    expect(h.rejected("unknown")).toBeUndefined();
  });
});

describe("an import as one undo step", () => {
  const L1 = "00000000-0000-4000-8000-000000000002";
  const imported: Command[] = [
    { type: "create_level", id: L1, name: "Imported storey", elevation: 3 },
    { type: "place_wall", id: W2, level_id: L1, start: [0, 0], end: [5, 0] },
    { type: "place_opening", id: D2, host_id: W2, kind: "window", offset: 1 },
    { type: "place_slab", id: S1, level_id: L1, boundary: [[0, 0], [5, 0], [5, 4], [0, 4]] },
    { type: "set_properties", id: W2, psets: { Pset_WallCommon: { IsExternal: true } } },
  ];
  const ids = [L1, W2, D2, S1];

  it("undo removes what the import created, levels included; redo puts it back as it was", () => {
    const s = state(wall1);
    const before = stateHash(s);
    for (const c of imported) run(s, c);
    const after = stateHash(s);
    const step = creationStep(s, ids, "import house.ifc")!;
    expect(step.label).toBe("import house.ifc");
    expect(conflict(s, step.after, step.before, step.inverse)).toBeNull();
    run(s, step.inverse);
    expect(stateHash(s)).toBe(before);
    expect(s.elements.has(W1)).toBe(true); // what was there before stays
    expect(conflict(s, step.before, step.after, step.forward)).toBeNull();
    run(s, step.forward);
    expect(stateHash(s)).toBe(after);
  });

  it("is not undone over someone else's later change to an imported element", () => {
    const s = state();
    for (const c of imported) run(s, c);
    const step = creationStep(s, ids, "import")!;
    run(s, { type: "update_wall", id: W2, thickness: 0.4 });
    expect(conflict(s, step.after, step.before, step.inverse)).toMatch(/someone else/);
  });

  it("ids that are gone again make no step", () => {
    expect(creationStep(state(), [W2], "import")).toBeNull();
  });
});
