import { describe, expect, it } from "vitest";
import { footprint } from "../../src/model/geometry";
import { fillGeometry, gridLines, lineGeometry } from "../../src/render/planGeometry";
import type { Point2 } from "../../src/net/protocol";

const wallFill = (walls: { start: Point2; end: Point2; thickness: number }[], origin: [number, number, number]) =>
  fillGeometry(walls.map((w) => ({ ring: footprint(w) })), origin);
const wallOutline = (walls: { start: Point2; end: Point2; thickness: number }[], origin: [number, number, number]) =>
  lineGeometry({ outlines: walls.map((w) => footprint(w)), lines: [] }, origin);

const wall = { start: [1000, 2000] as [number, number], end: [1004, 2000] as [number, number], thickness: 0.2 };

describe("plan geometry", () => {
  it("places wall footprints on the ground plane, relative to the origin, in three axes", () => {
    const g = wallFill([wall], [1000, 2000, 0]);
    const p = Array.from(g.getAttribute("position").array as Float32Array).map((v) => Math.round(v * 1000) / 1000 + 0);
    // footprint (x, y) -> (x - ox, 0, -(y - oy))
    expect(p).toEqual([0, 0, 0.1, 4, 0, 0.1, 4, 0, -0.1, 0, 0, -0.1]);
    expect(Array.from(g.getIndex()!.array)).toEqual([0, 1, 2, 0, 2, 3]);
  });

  it("triangulates concave polygons with holes", () => {
    const ring: Point2[] = [[0, 0], [4, 0], [4, 4], [2, 2], [0, 4]];
    const g = fillGeometry([{ ring, holes: [[[1, 0.5], [2, 0.5], [2, 1]]] }], [0, 0, 0]);
    expect(g.getIndex()!.count / 3).toBe(ring.length + 3 + 2 * 1 - 2); // n + 2h - 2 triangles
  });

  it("outlines each wall with four segments", () => {
    const g = wallOutline([wall, { ...wall, start: [1000, 2000], end: [1000, 2003] }], [1000, 2000, 0]);
    expect(g.getAttribute("position").count).toBe(16);
  });

  it("draws 1 m lines with 10 m majors when zoomed in", () => {
    const grid = gridLines({ min: [0, 0], max: [20, 10] }, 40, [0, 0, 0]);
    expect(grid.step).toBe(1);
    // vertical lines x = 0..21 and horizontal y = 0..11; majors at x = 0, 10, 20 and y = 0, 10
    expect(grid.major.getAttribute("position").count / 2).toBe(5);
    expect(grid.minor.getAttribute("position").count / 2).toBe(22 + 12 - 5);
  });

  it("coarsens the grid when 1 m lines would be too dense", () => {
    expect(gridLines({ min: [0, 0], max: [500, 500] }, 2, [0, 0, 0]).step).toBe(10);
    expect(gridLines({ min: [0, 0], max: [5000, 5000] }, 0.2, [0, 0, 0]).step).toBe(100);
  });
});
