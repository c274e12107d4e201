import { describe, expect, it } from "vitest";
import { modelToThree, threeToModel } from "../../src/model/coords";

describe("model <-> three.js coordinates", () => {
  it("maps model (x, y, z) to three (x, z, -y)", () => {
    expect(modelToThree([1, 2, 3])).toEqual([1, 3, -2]);
  });

  it("model north (+y) is three -z, up (+z) is three +y", () => {
    const [, , north] = modelToThree([0, 1, 0]);
    const [, up] = modelToThree([0, 0, 1]);
    expect(north).toBe(-1);
    expect(up).toBe(1);
  });

  it("subtracts the origin the way the baked meshes do", () => {
    const origin: [number, number, number] = [2_500_000, 5_700_000, 400];
    expect(modelToThree([2_500_012.5, 5_700_003.25, 403], origin)).toEqual([12.5, 3, -3.25]);
  });

  it("round-trips", () => {
    const origin: [number, number, number] = [1000, -2000, 10];
    const p: [number, number, number] = [1234.5, -1987.25, 13];
    expect(threeToModel(modelToThree(p, origin), origin)).toEqual(p);
  });
});
