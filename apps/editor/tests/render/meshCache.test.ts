import { describe, expect, it, vi } from "vitest";
import { MeshCache, meshUrl, type ByteStore } from "../../src/render/meshCache";

function bytes(n: number): ArrayBuffer {
  return new Uint8Array([n]).buffer;
}

describe("MeshCache", () => {
  it("downloads each hash once, even when asked concurrently", async () => {
    const download = vi.fn(async (url: string) => bytes(url.length));
    const cache = new MeshCache({ download, parse: async (b) => new Uint8Array(b)[0] });
    const [a, b] = await Promise.all([cache.get("h1", "/geom/h1"), cache.get("h1", "/geom/h1")]);
    await cache.get("h1", "/geom/h1");
    await cache.get("h2", "/geom/h2");
    expect(a).toBe(b);
    expect(download).toHaveBeenCalledTimes(2);
    expect(cache.fetchCount).toBe(2);
  });

  it("forgets failed downloads so a later request retries", async () => {
    let fail = true;
    const download = vi.fn(async () => {
      if (fail) throw new Error("503");
      return bytes(1);
    });
    const cache = new MeshCache({ download, parse: async () => "mesh" });
    await expect(cache.get("h", "/geom/h")).rejects.toThrow("503");
    fail = false;
    expect(await cache.get("h", "/geom/h")).toBe("mesh");
    expect(download).toHaveBeenCalledTimes(2);
  });

  it("uses the persistent store before the network and fills it after a download", async () => {
    const saved = new Map<string, ArrayBuffer>([["/geom/old", bytes(7)]]);
    const store: ByteStore = {
      get: async (url) => saved.get(url) ?? null,
      put: async (url, b) => void saved.set(url, b),
    };
    const download = vi.fn(async () => bytes(9));
    const cache = new MeshCache({ download, parse: async (b) => new Uint8Array(b)[0], store: Promise.resolve(store) });
    expect(await cache.get("old", "/geom/old")).toBe(7);
    expect(cache.fetchCount).toBe(0);
    expect(await cache.get("new", "/geom/new")).toBe(9);
    expect(cache.fetchCount).toBe(1);
    expect(saved.has("/geom/new")).toBe(true);
  });

  it("fills the mesh URL template", () => {
    expect(meshUrl("/v1/projects/p1/geom/{hash}", "abc")).toBe("/v1/projects/p1/geom/abc");
    expect(meshUrl("/v1/projects/{id}/geom/{hash}", "abc", "p 2")).toBe("/v1/projects/p%202/geom/abc");
  });
});
