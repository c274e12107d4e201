/**
 * The 3D side of bakes: receives manifests (from `GET bakes/latest` on open) and deltas (from
 * `baked` frames: patched onto the manifest they follow, or, when this client does not have
 * that one, answered by loading the whole manifest), loads missing meshes through the cache
 * and places them. Reports whether a manifest is still loading so the status bar can say
 * `baking…`.
 */

import type { Manifest, ManifestDelta, Point3 } from "../net/protocol";
import { BakeScene, type BakeMaterials } from "./bakeScene";
import { patchManifest } from "./manifestDelta";
import { MeshCache, type MeshStore } from "./meshCache";

export interface BakesOptions {
  download: (url: string) => Promise<ArrayBuffer>;
  store: Promise<MeshStore | null>;
  /** The newest whole manifest (`GET bakes/latest`), null before the first bake. */
  latest: () => Promise<Manifest | null>;
  materials: BakeMaterials;
  /** Something changed: placement, loading state or origin. */
  onChange: () => void;
  onError: (message: string) => void;
}

export class Bakes {
  readonly scene: BakeScene;
  readonly cache: MeshCache;
  /** The newest manifest received (its meshes may still be loading). */
  latest: Manifest | null = null;
  private loading = 0;

  constructor(private readonly opts: BakesOptions) {
    this.cache = new MeshCache({ download: opts.download, store: opts.store });
    this.scene = new BakeScene(this.cache, opts.materials);
  }

  get isLoading(): boolean {
    return this.loading > 0;
  }

  get bakedSeq(): number {
    return this.scene.bakedSeq;
  }

  get origin(): Point3 | null {
    return this.scene.origin ?? this.latest?.origin ?? null;
  }

  /** A `baked` frame's delta: patch it onto the newest manifest, if that is its base. */
  async showDelta(delta: ManifestDelta): Promise<void> {
    if (this.latest && delta.seq <= this.latest.seq) return;
    const patched = patchManifest(this.latest, delta);
    if (patched) return this.show(patched);
    let whole: Manifest | null;
    try {
      whole = await this.opts.latest();
    } catch (err) {
      this.opts.onError(`Could not load bake @ seq ${delta.seq}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (!whole) return;
    // The server may answer with the delta's base (its own manifest was not written yet).
    await this.show(whole.seq === delta.base_seq ? patchManifest(whole, delta)! : whole);
  }

  async show(manifest: Manifest): Promise<void> {
    if (this.latest && manifest.seq < this.latest.seq) return;
    this.latest = manifest;
    this.loading += 1;
    this.opts.onChange();
    try {
      const result = await this.scene.apply(manifest);
      if (result.failed > 0) {
        const why = result.error instanceof Error ? result.error.message : String(result.error);
        this.opts.onError(`Could not load ${result.failed} mesh${result.failed > 1 ? "es" : ""} of bake @ seq ${manifest.seq}: ${why}`);
      }
    } catch (err) {
      this.opts.onError(`Could not show bake @ seq ${manifest.seq}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.loading -= 1;
      this.opts.onChange();
    }
  }
}
