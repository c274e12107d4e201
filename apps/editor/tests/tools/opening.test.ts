import { describe, expect, it } from "vitest";
import { OpeningTool } from "../../src/tools/opening";
import { FakeToolContext, L0, NONE } from "./fakeContext";

const W1 = "00000000-0000-4000-8000-0000000000a1";

function setup(kind: "door" | "window" = "door") {
  const ctx = new FakeToolContext().given({ type: "place_wall", id: W1, level_id: L0, start: [0, 0], end: [5, 0] });
  return { ctx, tool: new OpeningTool(ctx, kind) };
}

describe("OpeningTool", () => {
  it("previews the opening centred on the pointer with its distances to the wall's ends", () => {
    const { ctx, tool } = setup();
    tool.pointerMove([2.03, 0.05], NONE);
    expect(ctx.previewed?.shapes?.[0]?.style).toBe("draft");
    expect(ctx.previewed?.labels?.map((l) => l.text)).toEqual(["1.60 m", "2.50 m"]);
  });

  it("places a door on click, its leaf on the pointer's side of the wall", () => {
    const { ctx, tool } = setup();
    tool.pointerDown([2.03, -0.05], NONE);
    expect(ctx.issued).toEqual([
      { type: "place_opening", id: expect.any(String), host_id: W1, kind: "door", offset: 1.6, width: 0.9, height: 2.1, sill_height: 0, flip: false },
    ]);
  });

  it("keeps the opening inside the wall near its ends", () => {
    const { ctx, tool } = setup("window");
    tool.pointerDown([4.9, 0], NONE);
    expect(ctx.issued[0]).toMatchObject({ kind: "window", offset: 3.8, width: 1.2, sill_height: 0.9 });
  });

  it("refuses an overlapping opening before sending anything, and says why", () => {
    const { ctx, tool } = setup();
    tool.pointerDown([2, 0], NONE);
    tool.pointerMove([2.3, 0], NONE);
    expect(ctx.previewed?.shapes?.[0]?.style).toBe("invalid");
    expect(ctx.previewed?.labels?.some((l) => l.style === "error")).toBe(true);
    tool.pointerDown([2.3, 0], NONE);
    expect(ctx.issued).toHaveLength(1);
    expect(ctx.notes.at(-1)).toMatch(/overlaps another opening/);
  });

  it("refuses an opening wider than its wall", () => {
    const ctx = new FakeToolContext().given({ type: "place_wall", id: W1, level_id: L0, start: [0, 0], end: [0.8, 0] });
    const tool = new OpeningTool(ctx, "window");
    tool.pointerDown([0.4, 0], NONE);
    expect(ctx.issued).toEqual([]);
    expect(ctx.notes[0]).toMatch(/does not fit/);
  });

  it("needs a wall under the pointer", () => {
    const { ctx, tool } = setup();
    tool.pointerMove([2, 3], NONE);
    expect(ctx.previewed).toBeNull();
    tool.pointerDown([2, 3], NONE);
    expect(ctx.issued).toEqual([]);
  });
});
