import { describe, expect, it } from "vitest";
import { applyCommand } from "../../src/model/decide";
import { ModelState } from "../../src/model/elements";
import { elementsInBox, pickElement } from "../../src/model/pick";
import type { Command } from "../../src/net/protocol";

const L = "00000000-0000-4000-8000-000000000001";
const id = (n: number) => `00000000-0000-4000-8000-${String(100 + n).padStart(12, "0")}`;

function state(): ModelState {
  const s = new ModelState();
  const commands: Command[] = [
    { type: "create_level", id: L, name: "L" },
    { type: "place_slab", id: id(1), level_id: L, boundary: [[0, 0], [10, 0], [10, 8], [0, 8]] },
    { type: "place_room", id: id(2), level_id: L, boundary: [[0, 0], [5, 0], [5, 4], [0, 4]] },
    { type: "place_wall", id: id(3), level_id: L, start: [0, 0], end: [10, 0] },
    { type: "place_opening", id: id(4), host_id: id(3), kind: "door", offset: 2 },
    { type: "place_column", id: id(5), level_id: L, position: [7, 6] },
  ];
  for (const c of commands) applyCommand(s, c);
  return s;
}

describe("picking", () => {
  const s = state();
  const els = [...s.elements.values()];

  it("takes the smallest thing under the pointer: opening over wall, column over slab, room over slab", () => {
    expect(pickElement(s, els, [2.4, 0], 0.05)?.kind).toBe("door");
    expect(pickElement(s, els, [8, 0.05], 0.05)?.kind).toBe("wall");
    expect(pickElement(s, els, [7, 6], 0.05)?.kind).toBe("column");
    expect(pickElement(s, els, [2, 2], 0.05)?.kind).toBe("room");
    expect(pickElement(s, els, [8, 3], 0.05)?.kind).toBe("slab");
    expect(pickElement(s, els, [20, 20], 0.05)).toBeNull();
  });

  it("box-selects wholly inside (window) or touching (crossing)", () => {
    const box = { min: [6, 5] as [number, number], max: [11, 9] as [number, number] };
    expect(elementsInBox(s, els, box, "window").map((e) => e.kind)).toEqual(["column"]);
    expect(elementsInBox(s, els, box, "crossing").map((e) => e.kind).sort()).toEqual(["column", "slab"]);
  });
});
