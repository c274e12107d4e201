import { describe, expect, it } from "vitest";
import { centroid, footprint, openingFootprint, pickWall, pointInPolygon, polygonArea, polygonPerimeter, ringProblem, snap, snapPoint, wallsBounds } from "../../src/model/geometry";
import type { Wall } from "../../src/model/elements";

const wall = (id: string, start: [number, number], end: [number, number], thickness = 0.2): Wall => ({
  kind: "wall", id, level_id: "L", start, end, thickness, height: 3, base_offset: 0, material: "concrete", alignment: "center", properties: {},
});

describe("snap", () => {
  it("rounds to the 0.1 m grid without float noise", () => {
    expect(snap(0.26)).toBe(0.3);
    expect(snap(0.24)).toBe(0.2);
    expect(snap(1.05000001)).toBe(1.1);
    expect(snap(3.0000000001)).toBe(3);
    expect(snap(0.7)).toBe(0.7); // 7 * 0.1 would be 0.7000000000000001
  });

  it("handles negatives and never returns -0", () => {
    expect(snap(-0.26)).toBe(-0.3);
    expect(Object.is(snap(-0.04), 0)).toBe(true);
  });

  it("keeps precision far from zero (georeferenced coordinates)", () => {
    expect(snap(2_500_123.456)).toBe(2_500_123.5);
    expect(snap(5_700_000.04)).toBe(5_700_000);
  });

  it("supports other steps", () => {
    expect(snap(1.12, 0.25)).toBe(1);
    expect(snap(1.13, 0.25)).toBe(1.25);
    expect(snap(7.4, 5)).toBe(5);
    expect(snapPoint([1.234, -5.678])).toEqual([1.2, -5.7]);
  });
});

describe("footprint", () => {
  it("is the baseline rectangle with the thickness centred on it, counter-clockwise", () => {
    const ring = footprint(wall("a", [0, 0], [4, 0], 0.2));
    expect(ring.map(([x, y]) => [x, Number(y.toFixed(12)) + 0])).toEqual([
      [0, -0.1], [4, -0.1], [4, 0.1], [0, 0.1],
    ]);
  });

  it("follows a diagonal baseline", () => {
    const ring = footprint(wall("a", [0, 0], [3, 4], 1));
    // the normal of (3,4)/5 is (-4,3)/5; half thickness 0.5
    expect(ring[0]![0]).toBeCloseTo(0.4);
    expect(ring[0]![1]).toBeCloseTo(-0.3);
    expect(ring[2]![0]).toBeCloseTo(2.6);
    expect(ring[2]![1]).toBeCloseTo(4.3);
  });

  it("is empty for a zero-length wall", () => {
    expect(footprint(wall("a", [1, 1], [1, 1]))).toEqual([]);
  });
});

describe("pickWall and bounds", () => {
  const walls = [wall("a", [0, 0], [10, 0]), wall("b", [0, 5], [10, 5])];

  it("picks the nearest wall within tolerance", () => {
    expect(pickWall(walls, [5, 0.12], 0.05)?.id).toBe("a");
    expect(pickWall(walls, [5, 4.8], 0.2)?.id).toBe("b");
    expect(pickWall(walls, [5, 2.5], 0.2)).toBeNull();
  });

  it("bounds the footprints", () => {
    expect(wallsBounds(walls)).toEqual({ min: [0, -0.1], max: [10, 5.1] });
    expect(wallsBounds([])).toBeNull();
  });
});

describe("polygons and alignment", () => {
  it("puts a left- or right-aligned wall on one side of its baseline", () => {
    const left = footprint({ ...wall("a", [0, 0], [4, 0], 0.3), alignment: "left" });
    expect(left.map(([, y]) => Number(y.toFixed(9)) + 0)).toEqual([0, 0, 0.3, 0.3]);
    const right = footprint({ ...wall("a", [0, 0], [4, 0], 0.3), alignment: "right" });
    expect(right.map(([, y]) => Number(y.toFixed(9)) + 0)).toEqual([-0.3, -0.3, 0, 0]);
  });

  it("finds crossing and degenerate outlines as the server does", () => {
    expect(ringProblem([[0, 0], [4, 0], [4, 3], [0, 3]])).toBeNull();
    expect(ringProblem([[0, 0], [4, 0], [0, 3], [4, 3]])?.code).toBe("self_intersecting");
    expect(ringProblem([[0, 0], [4, 0], [8, 0]])?.code).toBe("degenerate_polygon");
    expect(ringProblem([[0, 0], [1, 0]])?.code).toBe("degenerate_polygon");
  });

  it("measures area, perimeter and centroid; tests insideness", () => {
    const sq: [number, number][] = [[0, 0], [4, 0], [4, 2], [0, 2]];
    expect(polygonArea(sq)).toBe(8);
    expect(polygonArea([...sq].reverse())).toBe(-8);
    expect(polygonPerimeter(sq)).toBe(12);
    expect(centroid(sq)).toEqual([2, 1]);
    expect(pointInPolygon([1, 1], sq)).toBe(true);
    expect(pointInPolygon([5, 1], sq)).toBe(false);
  });

  it("places an opening's rectangle along its host", () => {
    const ring = openingFootprint(wall("a", [0, 0], [0, 5], 0.2), { offset: 1, width: 0.9 });
    expect(ring.map(([x, y]) => [Number(x.toFixed(9)) + 0, Number(y.toFixed(9)) + 0])).toEqual([
      [0.1, 1], [0.1, 1.9], [-0.1, 1.9], [-0.1, 1],
    ]);
  });
});
