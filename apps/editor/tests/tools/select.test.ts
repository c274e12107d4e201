import { describe, expect, it } from "vitest";
import { SelectTool } from "../../src/tools/select";
import { FakeToolContext, L0, NONE, SHIFT } from "./fakeContext";

const W1 = "00000000-0000-4000-8000-0000000000a1";
const W2 = "00000000-0000-4000-8000-0000000000a2";
const C1 = "00000000-0000-4000-8000-0000000000c1";

function setup() {
  const ctx = new FakeToolContext().given(
    { type: "place_wall", id: W1, level_id: L0, start: [0, 0], end: [4, 0] },
    { type: "place_wall", id: W2, level_id: L0, start: [0, 5], end: [4, 5] },
    { type: "place_column", id: C1, level_id: L0, position: [10, 10] },
  );
  return { ctx, tool: new SelectTool(ctx) };
}

const click = (tool: SelectTool, p: [number, number], info = NONE) => {
  tool.pointerDown(p, info);
  tool.pointerUp(p, info);
};

describe("SelectTool", () => {
  it("selects the element under a click, clears on empty space", () => {
    const { ctx, tool } = setup();
    click(tool, [2, 0.05]);
    expect(ctx.selected).toEqual([W1]);
    click(tool, [2, 2.5]);
    expect(ctx.selected).toEqual([]);
  });

  it("Shift adds and removes", () => {
    const { ctx, tool } = setup();
    click(tool, [2, 0]);
    click(tool, [2, 5], SHIFT);
    expect(ctx.selected).toEqual([W1, W2]);
    click(tool, [2, 0], SHIFT);
    expect(ctx.selected).toEqual([W2]);
  });

  it("drags the selection: move_elements with a grid-snapped delta", () => {
    const { ctx, tool } = setup();
    click(tool, [2, 0]);
    click(tool, [2, 5], SHIFT);
    tool.pointerDown([2, 5], NONE);
    tool.pointerMove([3.04, 6.46], NONE);
    expect(ctx.previewed?.shapes?.length).toBe(2);
    tool.pointerUp([3.04, 6.46], NONE);
    expect(ctx.issued).toEqual([{ type: "move_elements", ids: [W1, W2], delta: [1, 1.5] }]);
  });

  it("snaps a grabbed wall end onto another wall's end", () => {
    const { ctx, tool } = setup();
    tool.pointerDown([4, 0], NONE); // W1's end
    tool.pointerMove([4.05, 4.93], NONE);
    tool.pointerUp([4.05, 4.93], NONE);
    expect(ctx.issued).toEqual([{ type: "move_elements", ids: [W1], delta: [0, 5] }]);
  });

  it("box-selects: left to right takes what is inside, right to left what it touches", () => {
    const { ctx, tool } = setup();
    tool.pointerDown([-1, -1], NONE);
    tool.pointerMove([5, 1], NONE);
    expect(ctx.previewed?.box?.mode).toBe("window");
    tool.pointerUp([5, 1], NONE);
    expect(ctx.selected).toEqual([W1]);
    tool.pointerDown([3, 6], NONE);
    tool.pointerUp([2, -1], NONE);
    expect(ctx.selected.sort()).toEqual([W1, W2].sort());
  });

  it("Delete removes the selection; Esc clears it; viewers cannot move or delete", () => {
    const { ctx, tool } = setup();
    click(tool, [2, 0]);
    expect(tool.keyDown("Delete", NONE)).toBe(true);
    expect(ctx.issued).toEqual([{ type: "delete_elements", ids: [W1] }]);
    click(tool, [2, 5]);
    expect(tool.keyDown("Escape", NONE)).toBe(true);
    expect(ctx.selected).toEqual([]);
    ctx.editable = false;
    click(tool, [2, 5]);
    tool.pointerDown([2, 5], NONE);
    tool.pointerMove([3, 7], NONE);
    tool.pointerUp([3, 7], NONE);
    expect(tool.keyDown("Delete", NONE)).toBe(false);
    expect(ctx.issued).toHaveLength(1);
  });
});
