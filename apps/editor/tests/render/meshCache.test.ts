import { describe, expect, it, vi } from "vitest";
import type { Manifest } from "../../src/net/protocol";
import { MeshCache, meshUrl, type MeshStore } from "../../src/render/meshCache";
import { box, glb } from "./glbFixture";

function manifest(ids: string[], glbUrl = "/v1/projects/p1/artefacts/model"): Manifest {
  return {
    format: "pryzm.sceneir/1",
    project_id: "p1",
    seq: 1,
    origin: [0, 0, 0],
    levels: [],
    elements: ids.map((id) => ({ id, type: "wall", level_id: "L", mesh: `h-${id}` })),
    mesh_url: "/v1/projects/p1/geom/{hash}",
    glb_url: glbUrl,
  };
}

/** Serves per-hash GLBs and the whole-model GLB of `ids`. */
function server(ids: string[]) {
  return vi.fn(async (url: string) => {
    if (url.includes("/artefacts/")) return glb(ids.map((id, i) => box(id, i)));
    const hash = url.split("/").pop()!;
    if (hash.includes("bad")) throw new Error("404");
    return glb([box(hash.replace("h-", ""))]);
  });
}

class MemoryStore implements MeshStore {
  readonly data = new Map<string, ArrayBuffer>();
  async getMany(hashes: string[]) {
    return new Map(hashes.filter((h) => this.data.has(h)).map((h) => [h, this.data.get(h)!]));
  }
  async putMany(entries: [string, ArrayBuffer][]) {
    for (const [h, b] of entries) this.data.set(h, b);
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("MeshCache", () => {
  it("downloads each missing hash once, even when asked concurrently", async () => {
    const download = server(["a", "b"]);
    const cache = new MeshCache({ download });
    await Promise.all([cache.load(manifest(["a", "b"])), cache.load(manifest(["a", "b"]))]);
    expect(download.mock.calls.map((c) => c[0]).sort()).toEqual(["/v1/projects/p1/geom/h-a", "/v1/projects/p1/geom/h-b"]);
    expect(cache.fetchCount).toBe(2);
    expect(cache.get("h-a")?.positions.length).toBe(24);
  });

  it("loads a big first manifest from the whole-model GLB in one request", async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `e${i}`);
    const download = server(ids);
    const cache = new MeshCache({ download, bulkThreshold: 64 });
    const r = await cache.load(manifest(ids));
    expect(r.failed).toBe(0);
    expect(download).toHaveBeenCalledTimes(1);
    expect(cache.fetchCount).toBe(1);
    expect(cache.get("h-e99")?.positions[0]).toBe(99);
  });

  it("keeps meshes across reloads: a second cache over the same store downloads nothing", async () => {
    const store = new MemoryStore();
    const first = new MeshCache({ download: server(["a", "b"]), store });
    await first.load(manifest(["a", "b"]));
    await flush();
    const download = server(["a", "b"]);
    const second = new MeshCache({ download, store: Promise.resolve(store) });
    await second.load(manifest(["a", "b"]));
    expect(download).not.toHaveBeenCalled();
    expect(second.fetchCount).toBe(0);
    expect(second.has("h-b")).toBe(true);
  });

  it("reports failed meshes and retries them on the next manifest", async () => {
    const download = server(["ok"]);
    const cache = new MeshCache({ download });
    const r = await cache.load(manifest(["ok", "bad"]));
    expect(r.failed).toBe(1);
    await cache.load(manifest(["ok", "bad"]));
    expect(download.mock.calls.filter((c) => String(c[0]).endsWith("bad"))).toHaveLength(2);
  });

  it("fills the mesh URL template", () => {
    expect(meshUrl("/v1/projects/{project_id}/geom/{hash}", "ab", "p")).toBe("/v1/projects/p/geom/ab");
  });
});
