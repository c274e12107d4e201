/**
 * Element meshes by content hash. A hash is downloaded at most once per page and kept across
 * reloads in a persistent store (IndexedDB); meshes are immutable, so a hash never needs
 * revalidating. A manifest with many unknown meshes (the first open of a big model) is
 * loaded from the bake's whole-model GLB in one request instead of one request per mesh.
 * Failed downloads are forgotten so a later bake retries them.
 */

import type { Manifest } from "../net/protocol";
import { decodeMesh, encodeMesh, parseGlbMeshes, type MeshData } from "./meshData";

export interface MeshStore {
  getMany(hashes: string[]): Promise<Map<string, ArrayBuffer>>;
  putMany(entries: [string, ArrayBuffer][]): Promise<void>;
}

export interface MeshCacheOptions {
  /** Download bytes at a same-origin URL (with the Authorization header). */
  download: (url: string) => Promise<ArrayBuffer>;
  store?: MeshStore | null | Promise<MeshStore | null>;
  /** Above this many unknown meshes, fetch the whole-model GLB instead. */
  bulkThreshold?: number;
  concurrency?: number;
}

export interface LoadResult {
  failed: number;
  error?: unknown;
}

export class MeshCache {
  private readonly meshes = new Map<string, MeshData>();
  private readonly loading = new Map<string, Promise<void>>();
  private downloads = 0;

  constructor(private readonly opts: MeshCacheOptions) {}

  /** Network downloads so far (mesh GLBs and whole-model GLBs; cache hits do not count). */
  get fetchCount(): number {
    return this.downloads;
  }

  get(hash: string): MeshData | undefined {
    return this.meshes.get(hash);
  }

  has(hash: string): boolean {
    return this.meshes.has(hash);
  }

  /** Make every mesh of `manifest` available through `get`. */
  async load(manifest: Manifest): Promise<LoadResult> {
    const hashes = [...new Set(manifest.elements.map((e) => e.mesh))];
    const wanted = hashes.filter((h) => !this.meshes.has(h) && !this.loading.has(h));
    if (wanted.length) {
      const job = this.fetchMissing(manifest, wanted);
      for (const h of wanted) this.loading.set(h, job.then(() => undefined));
      job.finally(() => wanted.forEach((h) => this.loading.delete(h))).catch(() => undefined);
    }
    await Promise.allSettled(hashes.map((h) => this.loading.get(h)));
    const missing = hashes.filter((h) => !this.meshes.has(h));
    const result: LoadResult = { failed: missing.length };
    if (missing.length) result.error = this.lastError ?? new Error("mesh not available");
    return result;
  }

  /** Forget meshes no manifest uses any more. */
  retain(hashes: Set<string>): void {
    for (const h of this.meshes.keys()) if (!hashes.has(h)) this.meshes.delete(h);
  }

  private lastError: unknown = null;

  private async fetchMissing(manifest: Manifest, wanted: string[]): Promise<void> {
    const store = await Promise.resolve(this.opts.store).catch(() => null);
    if (store) {
      const hits = await store.getMany(wanted).catch(() => new Map<string, ArrayBuffer>());
      for (const [h, bytes] of hits) {
        try {
          this.meshes.set(h, decodeMesh(bytes));
        } catch {
          // a corrupt entry: download it again
        }
      }
    }
    let missing = wanted.filter((h) => !this.meshes.has(h));
    const fresh: [string, ArrayBuffer][] = [];
    if (missing.length > (this.opts.bulkThreshold ?? 64) && manifest.glb_url) {
      try {
        this.downloads += 1;
        const nodes = parseGlbMeshes(await this.opts.download(manifest.glb_url));
        const want = new Set(missing);
        for (const el of manifest.elements) {
          const mesh = nodes.get(el.id);
          if (mesh && want.has(el.mesh) && !this.meshes.has(el.mesh)) {
            this.meshes.set(el.mesh, mesh);
            fresh.push([el.mesh, encodeMesh(mesh)]);
          }
        }
      } catch (err) {
        this.lastError = err;
      }
      missing = missing.filter((h) => !this.meshes.has(h));
    }
    const template = manifest.mesh_url;
    const queue = [...missing];
    const worker = async () => {
      for (let h = queue.shift(); h; h = queue.shift()) {
        try {
          this.downloads += 1;
          const nodes = parseGlbMeshes(await this.opts.download(meshUrl(template, h, manifest.project_id)));
          const mesh = nodes.values().next().value;
          if (!mesh) throw new Error(`mesh ${h.slice(0, 12)} is empty`);
          this.meshes.set(h, mesh);
          fresh.push([h, encodeMesh(mesh)]);
        } catch (err) {
          this.lastError = err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency ?? 8, queue.length) }, worker));
    if (store && fresh.length) void store.putMany(fresh).catch(() => undefined);
  }
}

/**
 * The mesh URL of a hash, from the manifest's `mesh_url` template. `{hash}` is the
 * placeholder; a literal `{id}` / `{project_id}` (should a server leave it in) is filled too.
 */
export function meshUrl(template: string, hash: string, projectId = ""): string {
  return template
    .replaceAll("{hash}", encodeURIComponent(hash))
    .replaceAll("{project_id}", encodeURIComponent(projectId))
    .replaceAll("{id}", encodeURIComponent(projectId));
}

const DB_NAME = "pryzm-geom";
const DB_STORE = "meshes";

/** IndexedDB as a `MeshStore`, or null where it is unavailable. */
export async function openMeshStore(name = DB_NAME): Promise<MeshStore | null> {
  if (typeof indexedDB === "undefined") return null;
  try {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(DB_STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return {
      getMany: (hashes) =>
        new Promise((resolve, reject) => {
          const out = new Map<string, ArrayBuffer>();
          const tx = db.transaction(DB_STORE, "readonly");
          const store = tx.objectStore(DB_STORE);
          for (const h of hashes) {
            const req = store.get(h);
            req.onsuccess = () => {
              if (req.result instanceof ArrayBuffer) out.set(h, req.result);
            };
          }
          tx.oncomplete = () => resolve(out);
          tx.onerror = () => reject(tx.error);
        }),
      putMany: (entries) =>
        new Promise((resolve, reject) => {
          const tx = db.transaction(DB_STORE, "readwrite");
          const store = tx.objectStore(DB_STORE);
          for (const [h, bytes] of entries) store.put(bytes, h);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        }),
    };
  } catch {
    return null;
  }
}

export async function clearMeshStore(name = DB_NAME): Promise<void> {
  if (typeof indexedDB === "undefined") return;
  await new Promise<void>((resolve) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
}
