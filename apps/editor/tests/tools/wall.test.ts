import { describe, expect, it } from "vitest";
import { WallTool } from "../../src/tools/wall";
import { FakeToolContext, L0, NONE } from "./fakeContext";

const walls = (ctx: FakeToolContext) => ctx.issued.filter((c) => c.type === "place_wall").map((c) => c.type === "place_wall" && [c.start, c.end]);

describe("WallTool", () => {
  it("first click sets the start, the preview follows the snapped pointer with its length and angle", () => {
    const ctx = new FakeToolContext();
    const tool = new WallTool(ctx);
    tool.pointerDown([1.04, 2.96], NONE);
    expect(tool.anchor).toEqual([1, 3]);
    expect(ctx.issued).toEqual([]);
    tool.pointerMove([4.26, 3.01], NONE);
    expect(ctx.previewed?.snap).toMatchObject({ point: [4.3, 3], kind: "ortho" });
    expect(ctx.previewed?.shapes?.[0]?.style).toBe("draft");
    expect(ctx.previewed?.labels?.[0]?.text).toBe("3.30 m · 0°");
  });

  it("second click sends place_wall on the current level with snapped ends and the level's height", () => {
    const ctx = new FakeToolContext();
    const tool = new WallTool(ctx);
    tool.pointerDown([0.01, 0.02], NONE);
    tool.pointerDown([5.049, -0.04], NONE);
    expect(ctx.issued).toEqual([{ type: "place_wall", id: expect.any(String), level_id: L0, start: [0, 0], end: [5, 0], thickness: 0.2, height: 3 }]);
  });

  it("chains walls and closes the loop on the first point, which ends the chain", () => {
    const ctx = new FakeToolContext();
    const tool = new WallTool(ctx);
    for (const p of [[0, 0], [4, 0], [4, 3], [0, 3], [0.05, 0.04]] as [number, number][]) tool.pointerDown(p, NONE);
    expect(walls(ctx)).toEqual([
      [[0, 0], [4, 0]],
      [[4, 0], [4, 3]],
      [[4, 3], [0, 3]],
      [[0, 3], [0, 0]],
    ]);
    expect(tool.anchor).toBeNull();
    expect(new Set(ctx.issued.map((c) => (c as { id: string }).id)).size).toBe(4);
  });

  it("places a wall of a typed length along the pointer's direction, or at a typed angle", () => {
    const ctx = new FakeToolContext();
    const tool = new WallTool(ctx);
    tool.pointerDown([0, 0], NONE);
    tool.pointerMove([0.1, 2], NONE); // pointing north
    for (const k of "3.5") expect(tool.keyDown(k, NONE)).toBe(true);
    expect(ctx.previewed?.labels?.[0]?.text).toContain("3.5");
    tool.keyDown("Enter", NONE);
    expect(walls(ctx)).toEqual([[[0, 0], [0, 3.5]]]);
    for (const k of "2<180") tool.keyDown(k, NONE);
    tool.keyDown("Enter", NONE);
    expect(walls(ctx)[1]).toEqual([[0, 3.5], [-2, 3.5]]);
  });

  it("reports a typed value it cannot read", () => {
    const ctx = new FakeToolContext();
    const tool = new WallTool(ctx);
    tool.pointerDown([0, 0], NONE);
    for (const k of "3..") tool.keyDown(k, NONE);
    tool.keyDown("Enter", NONE);
    expect(ctx.issued).toEqual([]);
    expect(ctx.notes[0]).toMatch(/not a length/);
  });

  it("Esc clears typed input first, then ends the chain; idle Esc is not consumed", () => {
    const ctx = new FakeToolContext();
    const tool = new WallTool(ctx);
    tool.pointerDown([0, 0], NONE);
    tool.keyDown("4", NONE);
    expect(tool.keyDown("Escape", NONE)).toBe(true);
    expect(tool.typedText).toBe("");
    expect(tool.anchor).toEqual([0, 0]);
    expect(tool.keyDown("Escape", NONE)).toBe(true);
    expect(tool.anchor).toBeNull();
    expect(tool.keyDown("Escape", NONE)).toBe(false);
  });

  it("ignores a click on the start point and does nothing without a level or for viewers", () => {
    const ctx = new FakeToolContext();
    const tool = new WallTool(ctx);
    tool.pointerDown([2, 2], NONE);
    tool.pointerDown([2.03, 1.98], NONE);
    expect(ctx.issued).toEqual([]);
    ctx.levelId = null;
    const idle = new WallTool(ctx);
    idle.pointerDown([0, 0], NONE);
    expect(idle.anchor).toBeNull();
    const viewer = new FakeToolContext();
    viewer.editable = false;
    const t = new WallTool(viewer);
    t.pointerDown([0, 0], NONE);
    expect(t.anchor).toBeNull();
  });

  it("snaps to an existing wall's end", () => {
    const ctx = new FakeToolContext().given({ type: "place_wall", id: "00000000-0000-4000-8000-0000000000a1", level_id: L0, start: [0, 0], end: [3.33, 0] });
    const tool = new WallTool(ctx);
    tool.pointerDown([3.3, 0.1], NONE);
    expect(tool.anchor).toEqual([3.33, 0]);
  });
});
