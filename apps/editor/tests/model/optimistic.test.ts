import { describe, expect, it } from "vitest";
import { ModelMirror } from "../../src/model/mirror";
import { Optimistic } from "../../src/model/optimistic";
import type { PlaceWall } from "../../src/net/protocol";

const L0 = "00000000-0000-4000-8000-000000000001";
const place: PlaceWall = { type: "place_wall", id: "w1", level_id: L0, start: [0, 0], end: [4, 0] };

function mirrorWithLevel(): ModelMirror {
  const m = new ModelMirror();
  m.apply({ seq: 1, event_id: "e1", event: { type: "create_level", id: L0, name: "Level 0" } });
  return m;
}

describe("Optimistic", () => {
  it("shows a pending wall with defaults until its event lands", () => {
    const o = new Optimistic();
    const m = mirrorWithLevel();
    o.add("ev1", place);
    expect(o.pendingWalls()).toEqual([{ ...place, thickness: 0.2, height: 3, base_offset: 0, material: "concrete" }].map(({ type: _t, ...w }) => w));
    o.ack("ev1", 2); // ack before the event: still shown
    expect(o.prune(m)).toBe(false);
    expect(o.pendingWalls()).toHaveLength(1);
    m.apply({ seq: 2, event_id: "ev1", event: place });
    expect(o.prune(m)).toBe(true);
    expect(o.pendingWalls()).toEqual([]);
  });

  it("drops a rejected command", () => {
    const o = new Optimistic();
    o.add("ev1", place);
    o.reject("ev1");
    expect(o.size).toBe(0);
  });

  it("hides walls with a pending delete until the acked seq is applied", () => {
    const o = new Optimistic();
    const m = mirrorWithLevel();
    m.apply({ seq: 2, event_id: "x", event: place });
    o.add("ev2", { type: "delete_elements", ids: ["w1"] });
    expect(o.hiddenIds()).toEqual(new Set(["w1"]));
    o.ack("ev2", 3);
    expect(o.prune(m)).toBe(false);
    m.apply({ seq: 3, event_id: "ev2", event: { type: "delete_elements", ids: ["w1"] } });
    expect(o.prune(m)).toBe(true);
    expect(o.hiddenIds().size).toBe(0);
  });
});
