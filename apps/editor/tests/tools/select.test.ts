import { describe, expect, it } from "vitest";
import { SelectTool } from "../../src/tools/select";
import { FakeToolContext } from "./fakeContext";

const wall = { id: "w1", level_id: "L0", start: [0, 0] as [number, number], end: [5, 0] as [number, number], thickness: 0.2, height: 3, base_offset: 0, material: "concrete" };

describe("SelectTool", () => {
  it("selects the wall under the pointer and clears on empty space", () => {
    const ctx = new FakeToolContext();
    ctx.walls = [wall];
    const tool = new SelectTool(ctx);
    tool.pointerDown([2, 0.05]);
    expect(ctx.selected).toBe("w1");
    tool.pointerDown([2, 3]);
    expect(ctx.selected).toBeNull();
  });

  it("Delete sends delete_elements for the selection", () => {
    const ctx = new FakeToolContext();
    ctx.walls = [wall];
    const tool = new SelectTool(ctx);
    expect(tool.keyDown("Delete")).toBe(false); // nothing selected
    tool.pointerDown([1, 0]);
    expect(tool.keyDown("Delete")).toBe(true);
    expect(ctx.issued).toEqual([{ type: "delete_elements", ids: ["w1"] }]);
    expect(ctx.selected).toBeNull();
  });
});
