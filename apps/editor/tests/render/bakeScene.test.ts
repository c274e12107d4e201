import { BoxGeometry, Group, Mesh, MeshBasicMaterial, type Material, type Object3D } from "three";
import { describe, expect, it, vi } from "vitest";
import type { Manifest } from "../../src/net/protocol";
import { BakeScene } from "../../src/render/bakeScene";
import { MeshCache } from "../../src/render/meshCache";

function manifest(seq: number, elements: [string, string, string?][]): Manifest {
  return {
    format: "pryzm.sceneir/1",
    project_id: "p1",
    seq,
    origin: [1000, 2000, 0],
    levels: [],
    elements: elements.map(([id, mesh, material]) => ({ id, type: "wall", level_id: "L", mesh, material: material ?? "concrete" })),
    mesh_url: "/v1/projects/p1/geom/{hash}",
  };
}

function setup(download = vi.fn(async (url: string) => new TextEncoder().encode(url).buffer as ArrayBuffer)) {
  const parse = async () => {
    const g = new Group();
    g.add(new Mesh(new BoxGeometry(), new MeshBasicMaterial()));
    return g as Object3D;
  };
  const cache = new MeshCache<Object3D>({ download, parse });
  const materials = new Map<string, Material>();
  const materialFor = (name: string) => {
    if (!materials.has(name)) materials.set(name, new MeshBasicMaterial({ name }));
    return materials.get(name)!;
  };
  return { scene: new BakeScene(cache, materialFor), download, cache };
}

describe("BakeScene", () => {
  it("places one object per element and records seq and origin", async () => {
    const { scene, download } = setup();
    const r = await scene.apply(manifest(3, [["a", "h1"], ["b", "h2"]]));
    expect(r).toMatchObject({ applied: true, failed: 0 });
    expect(scene.meshCount).toBe(2);
    expect(scene.group.children.map((c) => c.name).sort()).toEqual(["a", "b"]);
    expect(scene.bakedSeq).toBe(3);
    expect(scene.origin).toEqual([1000, 2000, 0]);
    expect(download.mock.calls.map((c) => c[0]).sort()).toEqual(["/v1/projects/p1/geom/h1", "/v1/projects/p1/geom/h2"]);
  });

  it("downloads only new hashes, keeps unchanged objects, removes unlisted ones", async () => {
    const { scene, download } = setup();
    await scene.apply(manifest(3, [["a", "h1"], ["b", "h2"]]));
    const a = scene.group.getObjectByName("a");
    await scene.apply(manifest(4, [["a", "h1"], ["c", "h3"]]));
    expect(download).toHaveBeenCalledTimes(3);
    expect(scene.group.getObjectByName("a")).toBe(a);
    expect(scene.group.getObjectByName("b")).toBeUndefined();
    expect(scene.meshCount).toBe(2);
  });

  it("shares one download between elements with the same hash", async () => {
    const { scene, download } = setup();
    await scene.apply(manifest(2, [["a", "same"], ["b", "same"]]));
    expect(download).toHaveBeenCalledTimes(1);
    expect(scene.meshCount).toBe(2);
  });

  it("paints meshes with the element's material", async () => {
    const { scene } = setup();
    await scene.apply(manifest(2, [["a", "h1", "brick"]]));
    const mesh = scene.group.getObjectByName("a")!.children[0] as Mesh;
    expect((mesh.material as Material).name).toBe("brick");
  });

  it("ignores a manifest older than one already requested", async () => {
    const { scene } = setup();
    await scene.apply(manifest(5, [["a", "h1"]]));
    const r = await scene.apply(manifest(4, [["b", "h2"]]));
    expect(r.applied).toBe(false);
    expect(scene.bakedSeq).toBe(5);
    expect(scene.group.getObjectByName("a")).toBeDefined();
  });

  it("a newer manifest supersedes one still downloading", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const download = vi.fn(async (url: string) => {
      if (url.endsWith("slow")) await gate;
      return new ArrayBuffer(1);
    });
    const { scene } = setup(download);
    const first = scene.apply(manifest(2, [["a", "slow"]]));
    const second = await scene.apply(manifest(3, [["b", "fast"]]));
    release();
    expect((await first).applied).toBe(false);
    expect(second.applied).toBe(true);
    expect(scene.bakedSeq).toBe(3);
    expect(scene.group.children.map((c) => c.name)).toEqual(["b"]);
  });

  it("reports failed meshes and places the rest", async () => {
    const download = vi.fn(async (url: string) => {
      if (url.endsWith("bad")) throw new Error("404");
      return new ArrayBuffer(1);
    });
    const { scene } = setup(download);
    const r = await scene.apply(manifest(2, [["a", "ok"], ["b", "bad"]]));
    expect(r.failed).toBe(1);
    expect(scene.meshCount).toBe(1);
  });
});
