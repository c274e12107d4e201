import { describe, expect, it } from "vitest";
import { ColumnTool } from "../../src/tools/column";
import { DeleteTool } from "../../src/tools/delete";
import { RoomTool } from "../../src/tools/room";
import { SlabTool } from "../../src/tools/slab";
import { parseLengthAngle } from "../../src/tools/typedInput";
import { FakeToolContext, L0, NONE, SHIFT } from "./fakeContext";

const corners = (tool: SlabTool | RoomTool, pts: [number, number][]) => pts.forEach((p) => tool.pointerDown(p, NONE));

describe("SlabTool and RoomTool", () => {
  it("closes the outline on the first corner and sends place_slab", () => {
    const ctx = new FakeToolContext();
    const tool = new SlabTool(ctx);
    corners(tool, [[0, 0], [6, 0], [6, 4], [0, 4], [0.04, 0.03]]);
    expect(ctx.issued).toEqual([{ type: "place_slab", id: expect.any(String), level_id: L0, boundary: [[0, 0], [6, 0], [6, 4], [0, 4]], thickness: 0.2, offset: 0 }]);
    expect(tool.corners).toEqual([]);
  });

  it("finishes with Enter, shows the area while drawing, Backspace drops the last corner", () => {
    const ctx = new FakeToolContext();
    const tool = new RoomTool(ctx);
    corners(tool, [[0, 0], [4, 0], [4, 3], [9, 9]]);
    tool.keyDown("Backspace", NONE);
    tool.pointerMove([0, 3], NONE);
    expect(ctx.previewed?.labels?.some((l) => l.text === "12.00 m²")).toBe(true);
    tool.keyDown("Enter", NONE);
    expect(ctx.issued[0]).toMatchObject({ type: "place_room", boundary: [[0, 0], [4, 0], [4, 3]], name: "Room", number: "1" });
    corners(tool, [[10, 0], [14, 0], [14, 3]]);
    tool.keyDown("Enter", NONE);
    expect(ctx.issued[1]).toMatchObject({ name: "Room", number: "2" });
  });

  it("refuses a crossing outline before sending it", () => {
    const ctx = new FakeToolContext();
    const tool = new SlabTool(ctx);
    corners(tool, [[0, 0], [4, 0], [0, 3], [4, 3]]);
    tool.keyDown("Enter", NONE);
    expect(ctx.issued).toEqual([]);
    expect(ctx.notes[0]).toMatch(/crosses itself/);
    expect(tool.keyDown("Escape", NONE)).toBe(true);
    expect(tool.corners).toEqual([]);
  });
});

describe("ColumnTool and DeleteTool", () => {
  it("places a column at the snapped point", () => {
    const ctx = new FakeToolContext();
    new ColumnTool(ctx).pointerDown([1.04, 2.01], NONE);
    expect(ctx.issued[0]).toMatchObject({ type: "place_column", position: [1, 2], width: 0.3, depth: 0.3, level_id: L0 });
  });

  it("deletes what is under the pointer", () => {
    const ctx = new FakeToolContext();
    new ColumnTool(ctx).pointerDown([1, 1], NONE);
    const id = (ctx.issued[0] as { id: string }).id;
    const del = new DeleteTool(ctx);
    del.pointerMove([1, 1], NONE);
    expect(ctx.previewed?.shapes?.[0]?.style).toBe("hover");
    del.pointerDown([1, 1], NONE);
    expect(ctx.issued[1]).toEqual({ type: "delete_elements", ids: [id] });
  });
});

describe("typed length and angle", () => {
  it("reads lengths and angles", () => {
    expect(parseLengthAngle("4.5")).toEqual({ length: 4.5 });
    expect(parseLengthAngle("4.5<90")).toEqual({ length: 4.5, angle: 90 });
    expect(parseLengthAngle("3,-45")).toEqual({ length: 3, angle: -45 });
    expect(parseLengthAngle(".5@30")).toEqual({ length: 0.5, angle: 30 });
    expect(parseLengthAngle("0")).toBeNull();
    expect(parseLengthAngle("3..")).toBeNull();
  });
});

describe("RoomTool inside walls", () => {
  const walls = (ctx: FakeToolContext) =>
    ctx.given(
      ...([[0, 0], [6, 0], [6, 4], [0, 4]] as [number, number][]).map((p, i, all) => ({
        type: "place_wall" as const,
        id: `00000000-0000-4000-8000-00000000010${i}`,
        level_id: L0,
        start: p,
        end: all[(i + 1) % all.length]!,
        thickness: 0.2,
      })),
    );

  it("shows the space under the pointer and fills it with a room on click", () => {
    const ctx = walls(new FakeToolContext());
    const tool = new RoomTool(ctx);
    tool.pointerMove([2.5, 1.5], NONE);
    expect(ctx.previewed?.labels?.[0]?.text).toBe("22.04 m²");
    expect(ctx.lastHint).toMatch(/click to place a room filling this space/);
    tool.pointerDown([2.5, 1.5], NONE);
    expect(ctx.issued).toHaveLength(1);
    const room = ctx.issued[0] as { type: string; boundary: [number, number][]; number: string };
    expect(room).toMatchObject({ type: "place_room", level_id: L0, name: "Room", number: "1" });
    expect(new Set(room.boundary.map((p) => p.join(",")))).toEqual(new Set(["0.1,0.1", "5.9,0.1", "5.9,3.9", "0.1,3.9"]));
    expect(tool.corners).toEqual([]);
    // The space has its room now: a second click there starts an outline, not a second room.
    tool.pointerMove([3, 2], NONE);
    expect(ctx.previewed?.labels?.[0]?.text).not.toBe("22.04 m²");
    tool.pointerDown([3, 2], NONE);
    expect(ctx.issued).toHaveLength(1);
  });

  it("draws an outline instead with Shift, or outside the walls", () => {
    const ctx = walls(new FakeToolContext());
    const tool = new RoomTool(ctx);
    tool.pointerDown([1, 1], SHIFT);
    expect(ctx.issued).toEqual([]);
    expect(tool.corners).toEqual([[1, 1]]);
    // Once an outline is started, clicks inside the walls are its corners.
    corners(tool, [[3, 1], [3, 3]]);
    tool.keyDown("Enter", NONE);
    expect(ctx.issued[0]).toMatchObject({ type: "place_room", boundary: [[1, 1], [3, 1], [3, 3]] });
    tool.pointerDown([9, 9], NONE);
    expect(tool.corners).toEqual([[9, 9]]);
  });

  it("starts an outline on a click at a wall's inner corner or face, not a room", () => {
    const ctx = walls(new FakeToolContext());
    const tool = new RoomTool(ctx);
    tool.pointerDown([0.1, 0.1], NONE); // the inner corner
    expect(ctx.issued).toEqual([]);
    expect(tool.corners).toHaveLength(1); // (snapped to what is near)
    tool.cancel();
    tool.pointerDown([3, 3.85], NONE); // 5 cm from the north wall's face
    expect(ctx.issued).toEqual([]);
    expect(tool.corners).toHaveLength(1);
  });
});
