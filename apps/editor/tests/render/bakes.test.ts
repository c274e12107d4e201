import { MeshBasicMaterial, type Material } from "three";
import { describe, expect, it, vi } from "vitest";
import type { Manifest, ManifestDelta } from "../../src/net/protocol";
import { Bakes } from "../../src/render/bakes";
import { patchManifest } from "../../src/render/manifestDelta";
import { box, glb } from "./glbFixture";

const el = (id: string, mesh: string) => ({ id, type: "wall", level_id: "L", mesh, material: "concrete" });

const head = (seq: number) => ({
  project_id: "p1",
  seq,
  origin: [0, 0, 0] as [number, number, number],
  levels: [],
  mesh_url: "/v1/projects/p1/geom/{hash}",
  glb_url: `/v1/projects/p1/bakes/${seq}/model.glb`,
});

function manifest(seq: number, elements: [string, string][]): Manifest {
  return { format: "pryzm.sceneir/1", ...head(seq), elements: elements.map(([id, mesh]) => el(id, mesh)) };
}

function delta(seq: number, base: number | null, changed: [string, string][], removed: string[] = []): ManifestDelta {
  return { format: "pryzm.sceneir.delta/1", ...head(seq), base_seq: base, changed: changed.map(([id, mesh]) => el(id, mesh)), removed };
}

function setup(latest: () => Promise<Manifest | null>) {
  const made = new Map<string, Material>();
  const mat = (key: string) => made.get(key) ?? made.set(key, new MeshBasicMaterial({ name: key })).get(key)!;
  const errors: string[] = [];
  const download = vi.fn(async (url: string) => glb([box(url.split("/").pop()!)]));
  const bakes = new Bakes({
    download,
    store: Promise.resolve(null),
    latest: vi.fn(latest),
    materials: { surface: (name) => mat(name), edges: () => mat("edges"), highlight: () => mat("highlight") },
    onChange: () => {},
    onError: (message) => errors.push(message),
  });
  return { bakes, errors, download };
}

const placed = (bakes: Bakes) => bakes.latest?.elements.map((e) => `${e.id}:${e.mesh}`);

describe("patchManifest", () => {
  it("replaces changed entries, adds new ones, drops removed ones, keeps ids sorted", () => {
    const base = manifest(4, [["a", "h1"], ["b", "h2"], ["c", "h3"]]);
    const next = patchManifest(base, delta(5, 4, [["d", "h4"], ["a", "h5"]], ["b"]))!;
    expect(next.seq).toBe(5);
    expect(next.format).toBe("pryzm.sceneir/1");
    expect(next.glb_url).toBe("/v1/projects/p1/bakes/5/model.glb");
    expect(next.elements.map((e) => `${e.id}:${e.mesh}`)).toEqual(["a:h5", "c:h3", "d:h4"]);
    expect(base.elements).toHaveLength(3); // the base is left as it was
  });

  it("refuses a delta whose base is another bake, and takes one without a base whole", () => {
    expect(patchManifest(manifest(3, [["a", "h1"]]), delta(5, 4, []))).toBeNull();
    expect(patchManifest(null, delta(5, 4, []))).toBeNull();
    expect(patchManifest(manifest(3, [["a", "h1"]]), delta(5, null, [["z", "h9"]]))!.elements.map((e) => e.id)).toEqual(["z"]);
  });
});

describe("Bakes.showDelta", () => {
  it("patches a delta onto the bake it follows, without asking the server", async () => {
    const latest = vi.fn(async () => null);
    const { bakes } = setup(latest);
    await bakes.show(manifest(4, [["a", "h1"], ["b", "h2"]]));
    await bakes.showDelta(delta(5, 4, [["b", "h3"]]));
    expect(latest).not.toHaveBeenCalled();
    expect(placed(bakes)).toEqual(["a:h1", "b:h3"]);
    expect(bakes.bakedSeq).toBe(5);
  });

  it("loads the whole manifest when the delta follows a bake it does not have", async () => {
    const { bakes } = setup(async () => manifest(7, [["a", "h1"], ["c", "h4"]]));
    await bakes.show(manifest(4, [["a", "h1"]]));
    await bakes.showDelta(delta(7, 6, [["c", "h4"]]));
    expect(placed(bakes)).toEqual(["a:h1", "c:h4"]);
    expect(bakes.bakedSeq).toBe(7);
  });

  it("patches the server's answer when that is the delta's base (its manifest is not out yet)", async () => {
    const { bakes } = setup(async () => manifest(6, [["a", "h1"], ["b", "h2"]]));
    await bakes.showDelta(delta(7, 6, [["c", "h4"]], ["a"]));
    expect(placed(bakes)).toEqual(["b:h2", "c:h4"]);
    expect(bakes.bakedSeq).toBe(7);
  });

  it("ignores a delta older than what it shows, and reports a failed load", async () => {
    const { bakes, errors } = setup(async () => {
      throw new Error("503 unavailable");
    });
    await bakes.show(manifest(8, [["a", "h1"]]));
    await bakes.showDelta(delta(8, 7, [["a", "h2"]]));
    expect(placed(bakes)).toEqual(["a:h1"]);
    await bakes.showDelta(delta(10, 9, [["a", "h2"]]));
    expect(errors).toEqual(["Could not load bake @ seq 10: 503 unavailable"]);
    expect(bakes.bakedSeq).toBe(8);
  });
});
