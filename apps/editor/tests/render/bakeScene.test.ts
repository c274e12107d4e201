import { Mesh, MeshBasicMaterial, type Material } from "three";
import { describe, expect, it, vi } from "vitest";
import type { Manifest } from "../../src/net/protocol";
import { BakeScene } from "../../src/render/bakeScene";
import { MeshCache } from "../../src/render/meshCache";
import { box, glb } from "./glbFixture";

type El = [id: string, mesh: string, material?: string, level?: string];

function manifest(seq: number, elements: El[]): Manifest {
  return {
    format: "pryzm.sceneir/1",
    project_id: "p1",
    seq,
    origin: [1000, 2000, 0],
    levels: [],
    elements: elements.map(([id, mesh, material, level]) => ({ id, type: "wall", level_id: level ?? "L", mesh, material: material ?? "concrete" })),
    mesh_url: "/v1/projects/p1/geom/{hash}",
  };
}

function setup(download = vi.fn(async (url: string) => {
  if (url.endsWith("bad")) throw new Error("404");
  return glb([box(url.split("/").pop()!)]);
})) {
  const cache = new MeshCache({ download, bulkThreshold: 1000 });
  const made = new Map<string, Material>();
  const mat = (key: string) => made.get(key) ?? made.set(key, new MeshBasicMaterial({ name: key })).get(key)!;
  const scene = new BakeScene(cache, { surface: (name) => mat(name), edges: () => mat("edges"), highlight: () => mat("highlight") });
  return { scene, download, cache };
}

const buckets = (scene: BakeScene) =>
  scene.group.children
    .filter((c): c is Mesh => c instanceof Mesh && typeof c.userData.bucket === "string")
    .map((m) => [m.userData.bucket as string, m.userData.count as number])
    .sort();

describe("BakeScene", () => {
  it("merges the elements of one level and material into one mesh (plus one set of edges)", async () => {
    const { scene } = setup();
    const r = await scene.apply(manifest(3, [["a", "h1"], ["b", "h2"], ["c", "h3", "timber"], ["d", "h4", "concrete", "L2"]]));
    expect(r).toMatchObject({ applied: true, failed: 0 });
    expect(scene.meshCount).toBe(4);
    expect(buckets(scene)).toEqual([["L2|concrete|solid", 1], ["L|concrete|solid", 2], ["L|timber|solid", 1]]);
    expect(scene.bucketCount).toBe(3);
    expect(scene.bakedSeq).toBe(3);
    expect(scene.origin).toEqual([1000, 2000, 0]);
  });

  it("downloads only new hashes and rebuilds only the buckets that changed", async () => {
    const { scene, download } = setup();
    await scene.apply(manifest(3, [["a", "h1"], ["b", "h2", "timber"]]));
    const timber = scene.group.children.find((c) => c.userData.bucket === "L|timber|solid");
    await scene.apply(manifest(4, [["a", "h5"], ["b", "h2", "timber"]]));
    expect(download).toHaveBeenCalledTimes(3);
    expect(scene.group.children.find((c) => c.userData.bucket === "L|timber|solid")).toBe(timber);
    await scene.apply(manifest(5, [["b", "h2", "timber"]]));
    expect(buckets(scene)).toEqual([["L|timber|solid", 1]]);
  });

  it("hides out-of-date elements and highlights the selection", async () => {
    const { scene } = setup();
    await scene.apply(manifest(3, [["a", "h1"], ["b", "h2"]]));
    scene.setHidden(new Set(["a"]));
    expect(buckets(scene)).toEqual([["L|concrete|solid", 1]]);
    scene.setHidden(new Set());
    expect(buckets(scene)).toEqual([["L|concrete|solid", 2]]);
    scene.setHighlighted(new Set(["b"]));
    const hl = scene.group.children.find((c) => c instanceof Mesh && (c.material as Material).name === "highlight") as Mesh;
    expect(hl.visible).toBe(true);
    expect(hl.geometry.getAttribute("position").count).toBe(8);
  });

  it("ignores a manifest older than one already requested", async () => {
    const { scene } = setup();
    await scene.apply(manifest(5, [["a", "h1"]]));
    expect((await scene.apply(manifest(4, [["b", "h2"]]))).applied).toBe(false);
    expect(scene.bakedSeq).toBe(5);
  });

  it("a newer manifest supersedes one still downloading", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const download = vi.fn(async (url: string) => {
      if (url.endsWith("slow")) await gate;
      return glb([box("x")]);
    });
    const { scene } = setup(download);
    const first = scene.apply(manifest(2, [["a", "slow"]]));
    const second = await scene.apply(manifest(3, [["b", "fast"]]));
    release();
    expect((await first).applied).toBe(false);
    expect(second.applied).toBe(true);
    expect([...scene.ids()]).toEqual(["b"]);
  });

  it("reports failed meshes, places the rest, and keeps an element's older mesh", async () => {
    const { scene } = setup();
    await scene.apply(manifest(2, [["a", "ok"], ["b", "old"]]));
    const r = await scene.apply(manifest(3, [["a", "ok"], ["b", "bad"], ["c", "bad"]]));
    expect(r.failed).toBe(1);
    expect(scene.element("b")?.mesh).toBe("old");
    expect(scene.element("c")).toBeUndefined();
  });
});
