/**
 * The 3D view's content: baked meshes (batched, from manifests) and local previews for what
 * the newest bake does not show yet. An element is "out of date" in the bake when it is not
 * in it, changed after the bake's seq, or has a pending command; its baked mesh is hidden
 * and a preview prism drawn instead (walls and their openings go together, since cutting
 * couples them). When a bake catches up, previews disappear and the baked meshes return.
 */

import { Box3, Group, Vector3 } from "three";
import { modelToThree } from "../model/coords";
import type { ModelState } from "../model/elements";
import { isOpening } from "../model/elements";
import { elementsBounds } from "../model/geometry";
import type { ModelMirror } from "../model/mirror";
import type { Manifest, ManifestDelta, Point3 } from "../net/protocol";
import { Bakes } from "../render/bakes";
import { openMeshStore } from "../render/meshCache";
import { Preview3D } from "../render/preview3d";
import { View3D } from "../render/view3d";

export interface Scene3DDeps {
  canvas: HTMLCanvasElement;
  download: (url: string) => Promise<ArrayBuffer>;
  /** The newest whole manifest, null before the first bake. */
  latestBake: () => Promise<Manifest | null>;
  onChange: () => void;
  onError: (message: string) => void;
}

export class Scene3D {
  readonly bakes: Bakes;
  readonly view: View3D;
  private readonly preview: Preview3D;
  private framed = "";
  /** Previews wait for the first bake lookup, so a big model is not drawn twice on open. */
  private initialBakeSettled = false;
  private staleCount = 0;

  constructor(deps: Scene3DDeps) {
    const baked = new Group();
    const view = (this.view = new View3D(deps.canvas, baked, []));
    this.bakes = new Bakes({
      download: deps.download,
      latest: deps.latestBake,
      store: openMeshStore(),
      materials: {
        surface: (name, type) => view.bakeMaterial(name, type),
        edges: (type) => view.edges(type),
        highlight: () => view.highlightMaterial(),
      },
      onChange: deps.onChange,
      onError: deps.onError,
    });
    baked.add(this.bakes.scene.group);
    this.preview = new Preview3D(view.previewMaterial(), view.previewEdges());
    view.addContent(this.preview.group);
  }

  get previewCount(): number {
    return this.preview.count;
  }

  get outOfDate(): number {
    return this.staleCount;
  }

  settleInitialBake(): void {
    this.initialBakeSettled = true;
  }

  show(manifest: Manifest): Promise<void> {
    return this.bakes.show(manifest);
  }

  showDelta(delta: ManifestDelta): Promise<void> {
    return this.bakes.showDelta(delta);
  }

  /** Bring hidden meshes, previews and the highlight in line with the view state. */
  update(view: ModelState, mirror: ModelMirror, pendingIds: Set<string>, selected: string[], origin: Point3): void {
    const scene = this.bakes.scene;
    const bakedSeq = scene.bakedSeq;
    const stale = new Set<string>();
    for (const e of view.elements.values()) {
      const changedAt = mirror.lastChange(e.id)?.seq ?? 0;
      if (!scene.element(e.id) || changedAt > bakedSeq || pendingIds.has(e.id)) stale.add(e.id);
    }
    for (const id of [...stale]) {
      const e = view.elements.get(id);
      if (isOpening(e)) stale.add(e.host_id);
    }
    for (const e of view.elements.values()) if (isOpening(e) && stale.has(e.host_id)) stale.add(e.id);
    const hidden = new Set<string>();
    for (const id of scene.ids()) if (stale.has(id) || !view.elements.has(id)) hidden.add(id);
    scene.setHidden(hidden);
    scene.setHighlighted(new Set(selected));
    this.staleCount = stale.size;
    const previews = this.initialBakeSettled ? [...stale].map((id) => view.elements.get(id)!).filter(Boolean) : [];
    this.preview.set(view, previews, origin);
    this.view.setOrigin(origin);
    // Frame the model until the user takes the camera (each time its extent changes).
    if (!this.view.userMoved && !this.bakes.isLoading) {
      const box = elementsBounds(view, view.elements.values());
      const key = box ? box.min.concat(box.max).map((v) => v.toFixed(1)).join(",") : "";
      if (key && key !== this.framed && this.fit(view, origin)) this.framed = key;
    }
    this.view.invalidate();
  }

  /** Frame the baked model, or the view's elements before any bake. */
  fit(view: ModelState, origin: Point3): boolean {
    if (this.view.fit()) return true;
    const box = elementsBounds(view, view.elements.values());
    if (!box) return false;
    let top = 3;
    for (const l of view.levels.values()) top = Math.max(top, l.elevation + l.height);
    const a = new Vector3(...modelToThree([box.min[0], box.min[1], 0], origin));
    const b = new Vector3(...modelToThree([box.max[0], box.max[1], top], origin));
    return this.view.fit(new Box3().setFromPoints([a, b]));
  }

  dispose(): void {
    this.view.dispose();
  }
}
