import { describe, expect, it } from "vitest";
import { PlanViewport } from "../../src/render/planViewport";

function viewport(): PlanViewport {
  const v = new PlanViewport();
  v.resize(800, 600);
  v.center = [10, 20];
  v.scale = 50;
  return v;
}

describe("PlanViewport", () => {
  it("puts the centre in the middle, model +y up the screen", () => {
    const v = viewport();
    expect(v.toScreen([10, 20])).toEqual({ x: 400, y: 300 });
    expect(v.toScreen([11, 21])).toEqual({ x: 450, y: 250 });
  });

  it("screen -> model inverts model -> screen", () => {
    const v = viewport();
    const s = v.toScreen([13.7, 18.2]);
    const [x, y] = v.toModel(s.x, s.y);
    expect(x).toBeCloseTo(13.7, 12);
    expect(y).toBeCloseTo(18.2, 12);
  });

  it("keeps georeferenced coordinates exact enough to click 0.1 m grid points", () => {
    const v = viewport();
    v.center = [2_500_000.5, 5_700_000.5];
    const s = v.toScreen([2_500_003.3, 5_699_998.1]);
    const [x, y] = v.toModel(Math.round(s.x), Math.round(s.y));
    expect(Math.abs(x - 2_500_003.3)).toBeLessThan(0.011);
    expect(Math.abs(y - 5_699_998.1)).toBeLessThan(0.011);
  });

  it("pans with the pointer", () => {
    const v = viewport();
    const before = v.toScreen([12, 22]);
    v.panBy(30, -40);
    const after = v.toScreen([12, 22]);
    expect(after.x - before.x).toBeCloseTo(30);
    expect(after.y - before.y).toBeCloseTo(-40);
  });

  it("zooms about the cursor", () => {
    const v = viewport();
    const anchor = v.toModel(100, 500);
    v.zoomAt(100, 500, 2);
    expect(v.scale).toBe(100);
    const [x, y] = v.toModel(100, 500);
    expect(x).toBeCloseTo(anchor[0], 9);
    expect(y).toBeCloseTo(anchor[1], 9);
  });

  it("fits a box with a margin", () => {
    const v = viewport();
    v.fit({ min: [0, 0], max: [20, 10] }, 50);
    expect(v.center).toEqual([10, 5]);
    expect(v.scale).toBe(35); // min((800-100)/20, (600-100)/10)
    const box = v.visible();
    expect(box.min[0]).toBeLessThan(0);
    expect(box.max[0]).toBeGreaterThan(20);
  });
});
