/**
 * Places the meshes of a bake manifest in a three.js group, batched: the elements of one level
 * and one material share one merged mesh and one merged set of edge lines, so a model of
 * 10,000 elements costs a few dozen draw calls. A bucket is rebuilt only when one of its
 * elements changes (new mesh hash, hidden or shown), so a rebake after one edit touches few.
 *
 * Elements can be hidden (the editor hides baked meshes that are out of date and draws a local
 * preview instead) and highlighted (the selection). A newer manifest supersedes one still
 * downloading; an element whose new mesh failed to load keeps its older mesh.
 */

import { BufferAttribute, BufferGeometry, Group, LineSegments, Mesh, type Material } from "three";
import type { Manifest, ManifestElement, Point3 } from "../net/protocol";
import type { MeshCache } from "./meshCache";
import type { MeshData } from "./meshData";

export interface ApplyResult {
  applied: boolean;
  failed: number;
  error?: unknown;
}

export interface BakeMaterials {
  surface(material: string, type: string): Material;
  edges(type: string): Material | null;
  highlight(): Material;
}

interface Bucket {
  ids: Set<string>;
  mesh: Mesh | null;
  lines: LineSegments | null;
}

export class BakeScene {
  readonly group = new Group();
  /** Seq of the manifest whose meshes are placed (0: none yet). */
  bakedSeq = 0;
  origin: Point3 | null = null;
  private placed = new Map<string, ManifestElement>();
  private readonly buckets = new Map<string, Bucket>();
  private hidden = new Set<string>();
  private highlighted = new Set<string>();
  private readonly highlightMesh = new Mesh(new BufferGeometry());
  private newestSeq = -1;
  private generation = 0;

  constructor(
    private readonly cache: MeshCache,
    private readonly materials: BakeMaterials,
  ) {
    this.group.name = "baked-elements";
    this.highlightMesh.material = materials.highlight();
    this.highlightMesh.renderOrder = 5;
    this.highlightMesh.visible = false;
    this.group.add(this.highlightMesh);
  }

  /** Elements placed from the newest applied manifest. */
  get meshCount(): number {
    return this.placed.size;
  }

  element(id: string): ManifestElement | undefined {
    return this.placed.get(id);
  }

  ids(): IterableIterator<string> {
    return this.placed.keys();
  }

  /** Download what is missing, then place the manifest. Older manifests are ignored. */
  async apply(manifest: Manifest): Promise<ApplyResult> {
    if (manifest.seq < this.newestSeq) return { applied: false, failed: 0 };
    this.newestSeq = manifest.seq;
    const gen = ++this.generation;
    const loaded = await this.cache.load(manifest);
    if (gen !== this.generation) return { applied: false, failed: 0 };
    const next = new Map<string, ManifestElement>();
    for (const el of manifest.elements) {
      const old = this.placed.get(el.id);
      if (this.cache.has(el.mesh)) next.set(el.id, el);
      else if (old && this.cache.has(old.mesh)) next.set(el.id, old); // keep the older mesh
    }
    const dirty = new Set<string>();
    for (const id of new Set([...this.placed.keys(), ...next.keys()])) {
      const a = this.placed.get(id);
      const b = next.get(id);
      if (a?.mesh === b?.mesh && a?.material === b?.material && a?.level_id === b?.level_id) continue;
      if (a) dirty.add(this.moveOut(id, a));
      if (b) dirty.add(this.moveIn(id, b));
    }
    this.placed = next;
    for (const key of dirty) this.rebuild(key);
    this.rebuildHighlight();
    this.cache.retain(new Set([...next.values()].map((e) => e.mesh)));
    this.bakedSeq = manifest.seq;
    this.origin = manifest.origin;
    return { applied: true, failed: loaded.failed, error: loaded.error };
  }

  /** Hide these baked elements (the rest are shown). */
  setHidden(ids: Set<string>): void {
    const dirty = new Set<string>();
    for (const id of new Set([...ids, ...this.hidden])) {
      if (ids.has(id) === this.hidden.has(id)) continue;
      const el = this.placed.get(id);
      if (el) dirty.add(bucketKey(el));
    }
    this.hidden = new Set(ids);
    for (const key of dirty) this.rebuild(key);
    if (dirty.size) this.rebuildHighlight();
  }

  setHighlighted(ids: Set<string>): void {
    if (ids.size === this.highlighted.size && [...ids].every((id) => this.highlighted.has(id))) return;
    this.highlighted = new Set(ids);
    this.rebuildHighlight();
  }

  /** How many merged meshes the scene holds (each is a draw call, plus its edges). */
  get bucketCount(): number {
    return this.buckets.size;
  }

  private moveOut(id: string, el: ManifestElement): string {
    const key = bucketKey(el);
    this.buckets.get(key)?.ids.delete(id);
    return key;
  }

  private moveIn(id: string, el: ManifestElement): string {
    const key = bucketKey(el);
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { ids: new Set(), mesh: null, lines: null }));
    bucket.ids.add(id);
    return key;
  }

  private rebuild(key: string): void {
    const bucket = this.buckets.get(key);
    if (!bucket) return;
    for (const obj of [bucket.mesh, bucket.lines]) {
      if (!obj) continue;
      this.group.remove(obj);
      obj.geometry.dispose();
    }
    bucket.mesh = bucket.lines = null;
    const parts: MeshData[] = [];
    let sample: ManifestElement | undefined;
    for (const id of bucket.ids) {
      const el = this.placed.get(id);
      if (this.hidden.has(id) || !el) continue;
      const data = this.cache.get(el.mesh);
      if (data) {
        parts.push(data);
        sample ??= el;
      }
    }
    if (bucket.ids.size === 0) this.buckets.delete(key);
    if (!parts.length || !sample) return;
    const { surface, edges } = mergeMeshes(parts);
    bucket.mesh = new Mesh(surface, this.materials.surface(sample.material ?? "default", sample.type));
    bucket.mesh.name = `bake:${key}`;
    bucket.mesh.userData = { bucket: key, count: parts.length };
    if (sample.type === "room") bucket.mesh.renderOrder = 2;
    this.group.add(bucket.mesh);
    const edgeMaterial = this.materials.edges(sample.type);
    if (edgeMaterial && edges.getAttribute("position").count > 0) {
      bucket.lines = new LineSegments(edges, edgeMaterial);
      this.group.add(bucket.lines);
    } else edges.dispose();
  }

  private rebuildHighlight(): void {
    const parts: MeshData[] = [];
    for (const id of this.highlighted) {
      const el = this.placed.get(id);
      const data = el && !this.hidden.has(id) ? this.cache.get(el.mesh) : undefined;
      if (data) parts.push(data);
    }
    this.highlightMesh.geometry.dispose();
    this.highlightMesh.geometry = parts.length ? mergeMeshes(parts).surface : new BufferGeometry();
    this.highlightMesh.visible = parts.length > 0;
  }
}

function bucketKey(el: ManifestElement): string {
  return `${el.level_id}|${el.material ?? "default"}|${el.type === "room" ? "room" : "solid"}`;
}

/** One surface geometry and one edge geometry for many meshes. */
export function mergeMeshes(parts: MeshData[]): { surface: BufferGeometry; edges: BufferGeometry } {
  let nv = 0;
  let ni = 0;
  let ne = 0;
  for (const p of parts) {
    nv += p.positions.length;
    ni += p.indices.length;
    ne += p.edges.length;
  }
  const positions = new Float32Array(nv);
  const indices = new Uint32Array(ni);
  const edgePositions = new Float32Array(ne);
  let v = 0;
  let k = 0;
  let e = 0;
  for (const p of parts) {
    positions.set(p.positions, v);
    const base = v / 3;
    const idx = p.indices;
    for (let i = 0; i < idx.length; i++) indices[k + i] = idx[i]! + base;
    k += idx.length;
    v += p.positions.length;
    edgePositions.set(p.edges, e);
    e += p.edges.length;
  }
  const surface = new BufferGeometry();
  surface.setAttribute("position", new BufferAttribute(positions, 3));
  surface.setIndex(new BufferAttribute(indices, 1));
  surface.computeBoundingBox();
  surface.computeBoundingSphere();
  const edges = new BufferGeometry();
  edges.setAttribute("position", new BufferAttribute(edgePositions, 3));
  return { surface, edges };
}
