import { describe, expect, it } from "vitest";
import { WallTool } from "../../src/tools/wall";
import { FakeToolContext } from "./fakeContext";

describe("WallTool", () => {
  it("first click sets the start, the preview follows the pointer, snapped", () => {
    const ctx = new FakeToolContext();
    const tool = new WallTool(ctx);
    tool.pointerDown([1.04, 2.96]);
    expect(tool.anchor).toEqual([1, 3]);
    expect(ctx.issued).toEqual([]);
    tool.pointerMove([4.26, 3.01]);
    expect(ctx.preview).toMatchObject({ start: [1, 3], end: [4.3, 3], thickness: 0.2, level_id: "L0" });
    expect(ctx.lastHint).toContain("3.30 m");
  });

  it("second click sends place_wall on the current level with snapped ends", () => {
    const ctx = new FakeToolContext();
    const tool = new WallTool(ctx);
    tool.pointerDown([0.01, 0.02]);
    tool.pointerDown([5.049, -0.04]);
    expect(ctx.issued).toEqual([
      { type: "place_wall", id: "id-1", level_id: "L0", start: [0, 0], end: [5, 0], thickness: 0.2, height: 3 },
    ]);
  });

  it("chains: each end is the next start, until Esc", () => {
    const ctx = new FakeToolContext();
    const tool = new WallTool(ctx);
    tool.pointerDown([0, 0]);
    tool.pointerDown([4, 0]);
    tool.pointerDown([4, 3]);
    expect(ctx.issued.map((c) => c.type === "place_wall" && [c.start, c.end])).toEqual([
      [[0, 0], [4, 0]],
      [[4, 0], [4, 3]],
    ]);
    expect(new Set(ctx.issued.map((c) => (c as { id: string }).id)).size).toBe(2);
    expect(tool.keyDown("Escape")).toBe(true);
    expect(tool.anchor).toBeNull();
    expect(ctx.preview).toBeNull();
    tool.pointerDown([9, 9]); // starts a new chain, sends nothing
    expect(ctx.issued).toHaveLength(2);
  });

  it("ignores a click on the start point (no zero-length walls)", () => {
    const ctx = new FakeToolContext();
    const tool = new WallTool(ctx);
    tool.pointerDown([2, 2]);
    tool.pointerDown([2.03, 1.98]); // snaps to the same point
    expect(ctx.issued).toEqual([]);
    expect(tool.anchor).toEqual([2, 2]);
  });

  it("does nothing without a level; Esc is not consumed when idle", () => {
    const ctx = new FakeToolContext();
    ctx.level = null;
    const tool = new WallTool(ctx);
    tool.pointerDown([0, 0]);
    expect(tool.anchor).toBeNull();
    expect(tool.keyDown("Escape")).toBe(false);
  });
});
