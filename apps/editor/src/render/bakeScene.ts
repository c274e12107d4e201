/**
 * Places the meshes of a bake manifest in a three.js group: one clone of the mesh template per
 * element, keyed by element id. An element whose hash is unchanged keeps its object; elements
 * no longer listed are removed. A newer manifest supersedes one still downloading.
 */

import { Group, Mesh, type Material, type Object3D } from "three";
import type { Manifest, Point3 } from "../net/protocol";
import { meshUrl, type MeshCache } from "./meshCache";

export interface ApplyResult {
  applied: boolean;
  failed: number;
  error?: unknown;
}

interface Placed {
  hash: string;
  material: string;
  object: Object3D;
}

export class BakeScene {
  readonly group = new Group();
  /** Seq of the manifest whose meshes are placed (0: none yet). */
  bakedSeq = 0;
  origin: Point3 | null = null;
  private readonly placed = new Map<string, Placed>();
  private newestSeq = -1;
  private generation = 0;

  constructor(
    private readonly cache: MeshCache<Object3D>,
    private readonly materialFor: (name: string) => Material,
  ) {
    this.group.name = "baked-elements";
  }

  get meshCount(): number {
    return this.placed.size;
  }

  /** Download what is missing, then place the manifest. Older manifests are ignored. */
  async apply(manifest: Manifest): Promise<ApplyResult> {
    if (manifest.seq < this.newestSeq) return { applied: false, failed: 0 };
    this.newestSeq = manifest.seq;
    const gen = ++this.generation;
    const hashes = [...new Set(manifest.elements.map((e) => e.mesh))];
    const loaded = await Promise.allSettled(
      hashes.map((h) => this.cache.get(h, meshUrl(manifest.mesh_url, h, manifest.project_id))),
    );
    if (gen !== this.generation) return { applied: false, failed: 0 };
    const templates = new Map<string, Object3D>();
    let failed = 0;
    let error: unknown;
    loaded.forEach((r, i) => {
      if (r.status === "fulfilled") templates.set(hashes[i]!, r.value);
      else {
        failed += 1;
        error ??= r.reason;
      }
    });
    this.place(manifest, templates);
    this.bakedSeq = manifest.seq;
    this.origin = manifest.origin;
    return { applied: true, failed, error };
  }

  private place(manifest: Manifest, templates: Map<string, Object3D>): void {
    const listed = new Set<string>();
    for (const el of manifest.elements) {
      listed.add(el.id);
      const current = this.placed.get(el.id);
      const material = el.material ?? "default";
      const template = templates.get(el.mesh);
      if (current && current.hash === el.mesh) {
        if (current.material !== material) this.paint(current.object, material);
        current.material = material;
        continue;
      }
      if (!template) continue; // keep the older mesh, if any, until this one loads
      if (current) this.group.remove(current.object);
      const object = template.clone();
      object.name = el.id;
      object.userData = { elementId: el.id, type: el.type, levelId: el.level_id };
      this.paint(object, material);
      this.group.add(object);
      this.placed.set(el.id, { hash: el.mesh, material, object });
    }
    for (const [id, p] of this.placed) {
      if (listed.has(id)) continue;
      this.group.remove(p.object);
      this.placed.delete(id);
    }
  }

  private paint(object: Object3D, material: string): void {
    const m = this.materialFor(material);
    object.traverse((o) => {
      if (o instanceof Mesh) o.material = m;
    });
  }
}
