import { describe, expect, it } from "vitest";
import { polygonArea } from "../../src/model/geometry";
import { enclosedSpaces, spaceAt } from "../../src/model/spaces";
import type { Point2 } from "../../src/net/protocol";

const wall = (start: Point2, end: Point2, thickness = 0.2) => ({ start, end, thickness });
const loop = (pts: Point2[], thickness = 0.2) => pts.map((p, i) => wall(p, pts[(i + 1) % pts.length]!, thickness));
const area = (ring: Point2[] | null) => (ring ? Math.abs(polygonArea(ring)) : 0);

describe("enclosedSpaces / spaceAt", () => {
  it("finds the space inside four walls, to their inner faces", () => {
    const spaces = enclosedSpaces(loop([[0, 0], [6, 0], [6, 4], [0, 4]]));
    expect(spaces).toHaveLength(1);
    const ring = spaceAt(spaces, [3, 2])!;
    expect(area(ring)).toBeCloseTo(5.8 * 3.8, 9);
    expect(new Set(ring.map((p) => p.join(",")))).toEqual(new Set(["0.1,0.1", "5.9,0.1", "5.9,3.9", "0.1,3.9"]));
    expect(polygonArea(ring)).toBeGreaterThan(0); // counter-clockwise
  });

  it("finds nothing outside the walls, on a wall, or where the walls leave a gap", () => {
    const closed = enclosedSpaces(loop([[0, 0], [6, 0], [6, 4], [0, 4]]));
    expect(spaceAt(closed, [8, 2])).toBeNull();
    expect(spaceAt(closed, [0, 2])).toBeNull(); // inside the west wall
    const open = enclosedSpaces([wall([0, 0], [6, 0]), wall([6, 0], [6, 4]), wall([6, 4], [0, 4]), wall([0, 4], [0, 2.5])]);
    expect(open).toEqual([]);
    expect(enclosedSpaces([wall([0, 0], [6, 0]), wall([6, 0], [6, 4])])).toEqual([]);
  });

  it("tells apart two rooms that share a wall, with the T where the partition meets the outside", () => {
    const walls = [...loop([[0, 0], [10, 0], [10, 4], [0, 4]]), wall([4, 0], [4, 4])];
    const spaces = enclosedSpaces(walls);
    expect(spaces).toHaveLength(2);
    expect(area(spaceAt(spaces, [2, 2]))).toBeCloseTo(3.8 * 3.8, 9);
    expect(area(spaceAt(spaces, [7, 2]))).toBeCloseTo(5.8 * 3.8, 9);
    // No stray corners where the partition's faces meet the outer walls' faces.
    expect(spaceAt(spaces, [7, 2])).toHaveLength(4);
  });

  it("takes the innermost space around a free-standing inner box (a shaft in a room)", () => {
    const walls = [...loop([[0, 0], [10, 0], [10, 10], [0, 10]]), ...loop([[4, 4], [6, 4], [6, 6], [4, 6]])];
    const spaces = enclosedSpaces(walls);
    expect(spaces).toHaveLength(2);
    expect(area(spaceAt(spaces, [5, 5]))).toBeCloseTo(1.8 * 1.8, 9); // inside the shaft
    expect(area(spaceAt(spaces, [1, 1]))).toBeCloseTo(9.8 * 9.8, 9); // the room around it
  });
});
