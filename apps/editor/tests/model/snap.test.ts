import { describe, expect, it } from "vitest";
import type { Element, Wall } from "../../src/model/elements";
import { angleOf, snapPointer } from "../../src/model/snap";

const wall = (id: string, start: [number, number], end: [number, number]): Wall => ({
  kind: "wall", id, level_id: "L", start, end, thickness: 0.2, height: 3, base_offset: 0, material: "concrete", alignment: "center", properties: {},
});
const walls: Element[] = [wall("a", [0, 0], [4, 0]), wall("b", [4, 0], [4, 3])];
const opts = { tolerance: 0.25, grid: 0.1 };

describe("snapPointer", () => {
  it("prefers endpoints, then midpoints, then wall faces", () => {
    expect(snapPointer([3.9, 0.15], walls, opts)).toMatchObject({ point: [4, 0], kind: "endpoint" });
    expect(snapPointer([2.1, 0.05], walls, opts)).toMatchObject({ point: [2, 0], kind: "midpoint" });
    const face = snapPointer([1.03, 0.2], walls, opts);
    expect(face.kind).toBe("face");
    expect(face.point[0]).toBeCloseTo(1.03);
    expect(face.point[1]).toBeCloseTo(0.1);
  });

  it("falls back to the grid", () => {
    expect(snapPointer([7.04, 5.96], walls, opts)).toMatchObject({ point: [7, 6], kind: "grid" });
  });

  it("snaps to orthogonal and 15° rays from the anchor, the length rounded to the grid", () => {
    const ortho = snapPointer([7.02, 5.12], walls, { ...opts, anchor: [7, 2] });
    expect(ortho).toMatchObject({ point: [7, 5.1], kind: "ortho", angle: 90 });
    expect(ortho.guide?.[0]).toEqual([7, 2]);
    const r = 5;
    const a = (30 * Math.PI) / 180;
    const s = snapPointer([10 + r * Math.cos(a) + 0.05, 10 + r * Math.sin(a) - 0.08], [], { ...opts, anchor: [10, 10] });
    expect(s.kind).toBe("angle");
    expect(s.angle).toBe(30);
    expect(Math.hypot(s.point[0] - 10, s.point[1] - 10)).toBeCloseTo(5, 9);
  });

  it("snaps to extra points such as the first corner of a polygon", () => {
    expect(snapPointer([10.1, 10.1], [], { ...opts, points: [[10, 10]] })).toMatchObject({ point: [10, 10], kind: "endpoint" });
  });

  it("ignores excluded elements and everything but the grid when asked", () => {
    expect(snapPointer([3.9, 0.15], walls, { ...opts, exclude: new Set(["a", "b"]) }).kind).toBe("grid");
    expect(snapPointer([3.93, 0.16], walls, { ...opts, gridOnly: true })).toMatchObject({ point: [3.9, 0.2], kind: "grid" });
  });

  it("measures angles counter-clockwise from east in [0, 360)", () => {
    expect(angleOf([0, 0], [1, 0])).toBe(0);
    expect(angleOf([0, 0], [0, 1])).toBe(90);
    expect(angleOf([0, 0], [0, -1])).toBe(270);
  });
});
