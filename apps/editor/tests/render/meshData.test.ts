import { describe, expect, it } from "vitest";
import { decodeMesh, encodeMesh, parseGlbMeshes } from "../../src/render/meshData";
import { box, glb } from "./glbFixture";

describe("mesh data", () => {
  it("reads every node of a bake GLB by element id", () => {
    const meshes = parseGlbMeshes(glb([box("a"), box("b", 5)]));
    expect([...meshes.keys()]).toEqual(["a", "b"]);
    const b = meshes.get("b")!;
    expect(b.positions.length).toBe(24);
    expect(b.positions[0]).toBe(5);
    expect(Array.from(b.indices.slice(0, 3))).toEqual([0, 2, 1]);
  });

  it("finds a box's 12 feature edges (not its face diagonals)", () => {
    const m = parseGlbMeshes(glb([box("a")])).get("a")!;
    expect(m.edges.length / 6).toBe(12);
  });

  it("round-trips through the compact cache form", () => {
    const m = parseGlbMeshes(glb([box("a", 2)])).get("a")!;
    const back = decodeMesh(encodeMesh(m));
    expect(Array.from(back.positions)).toEqual(Array.from(m.positions));
    expect(Array.from(back.indices)).toEqual(Array.from(m.indices));
    expect(Array.from(back.edges)).toEqual(Array.from(m.edges));
    expect(() => decodeMesh(new ArrayBuffer(16))).toThrow();
  });

  it("refuses what is not a GLB", () => {
    expect(() => parseGlbMeshes(new TextEncoder().encode("not a glb at all").buffer as ArrayBuffer)).toThrow();
  });
});
