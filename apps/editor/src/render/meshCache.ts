/**
 * Element meshes by content hash. A hash is downloaded at most once per page (concurrent
 * requests share one download) and, where the browser offers the Cache API, kept across
 * reloads; meshes are immutable, so a hash never needs revalidating. Failed downloads are
 * forgotten so a later bake retries them.
 */

export interface MeshCacheOptions<T> {
  /** Download the GLB bytes at a same-origin URL (with the Authorization header). */
  download: (url: string) => Promise<ArrayBuffer>;
  /** Turn GLB bytes into a renderable template. */
  parse: (bytes: ArrayBuffer) => Promise<T>;
  /** A persistent byte store (the Cache API), possibly still opening; optional. */
  store?: ByteStore | null | Promise<ByteStore | null>;
}

export interface ByteStore {
  get(url: string): Promise<ArrayBuffer | null>;
  put(url: string, bytes: ArrayBuffer): Promise<void>;
}

export class MeshCache<T> {
  private readonly entries = new Map<string, Promise<T>>();
  private downloads = 0;

  constructor(private readonly opts: MeshCacheOptions<T>) {}

  /** Network downloads so far (persistent-store hits do not count). */
  get fetchCount(): number {
    return this.downloads;
  }

  has(hash: string): boolean {
    return this.entries.has(hash);
  }

  get(hash: string, url: string): Promise<T> {
    let entry = this.entries.get(hash);
    if (!entry) {
      entry = this.load(url);
      this.entries.set(hash, entry);
      entry.catch(() => this.entries.delete(hash));
    }
    return entry;
  }

  private async load(url: string): Promise<T> {
    const store = await Promise.resolve(this.opts.store).catch(() => null);
    let bytes = store ? await store.get(url).catch(() => null) : null;
    if (!bytes) {
      this.downloads += 1;
      bytes = await this.opts.download(url);
      if (store) await store.put(url, bytes.slice(0)).catch(() => undefined);
    }
    return this.opts.parse(bytes);
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

/** The Cache API as a `ByteStore`, or null where it is unavailable (insecure origins). */
export async function openCacheStore(name = "pryzm-geom-v1"): Promise<ByteStore | null> {
  if (typeof caches === "undefined") return null;
  try {
    const cache = await caches.open(name);
    return {
      async get(url) {
        const hit = await cache.match(url);
        return hit ? hit.arrayBuffer() : null;
      },
      async put(url, bytes) {
        const headers = { "Content-Type": "model/gltf-binary" };
        await cache.put(url, new Response(bytes, { headers }));
      },
    };
  } catch {
    return null;
  }
}

export async function clearCacheStore(name = "pryzm-geom-v1"): Promise<void> {
  if (typeof caches !== "undefined") await caches.delete(name).catch(() => false);
}
