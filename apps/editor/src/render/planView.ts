/**
 * The plan view: an orthographic three.js camera looking down on the current level. Draws the
 * grid, the level's elements by kind (slabs, rooms, walls, openings, columns), highlights
 * (pending, selected, other users' selections), the tool preview, and, in an HTML overlay,
 * labels, the snap cue and other users' cursors. Redraws on demand (one frame per
 * `invalidate`); the `PlanViewport` decides what is visible.
 */

import {
  Color,
  DoubleSide,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  MeshBasicMaterial,
  OrthographicCamera,
  Scene,
  type BufferGeometry,
  type WebGLRenderer,
} from "three";
import type { Point3 } from "../net/protocol";
import type { Element, ModelState } from "../model/elements";
import { centroid, polygonArea } from "../model/geometry";
import type { Preview } from "../tools/preview";
import { emptyDrawing, fillGeometry, gridLines, lineGeometry, type PlanDrawing } from "./planGeometry";
import { PlanOverlay, type OverlayContent, type OverlayCursor, type OverlayLabel } from "./planOverlay";
import { outlinesOf, planLayers } from "./planSymbols";
import { PlanViewport } from "./planViewport";
import { createRenderer } from "./renderer";

export interface PlanContent {
  state: ModelState;
  /** The current level's elements (the view: committed plus pending). */
  elements: Element[];
  pendingIds: Set<string>;
  selectedIds: Set<string>;
  remote: { color: string; ids: string[] }[];
}

const C = {
  background: 0x17191c,
  gridMinor: 0x23262b,
  gridMajor: 0x30343b,
  slab: 0x2b3037,
  slabEdge: 0x59616c,
  room: 0x29456e,
  roomEdge: 0x5a86c6,
  wall: 0xb8bcc4,
  wallEdge: 0xe4e7eb,
  opening: 0x17191c,
  openingLine: 0xe4e7eb,
  column: 0x6d737c,
  columnEdge: 0xe4e7eb,
  pending: 0x4c8dff,
  selected: 0xffb84d,
  draft: 0x4c8dff,
  draftEdge: 0xcfe0ff,
  invalid: 0xff6b6b,
  ghost: 0x9aa1ab,
  guide: 0x3ecf8e,
  reference: 0x8a7f5a,
};

/** A fill mesh and a line set drawn together. */
class Layer {
  readonly fill: Mesh;
  readonly edge: LineSegments;

  constructor(scene: Scene, fill: number | null, fillOpacity: number, edge: number | null, order: number) {
    this.fill = new Mesh(undefined, flatFill(fill ?? 0, fillOpacity));
    this.edge = new LineSegments(undefined, flatLine(edge ?? 0));
    this.fill.visible = fill !== null;
    this.edge.visible = edge !== null;
    this.fill.renderOrder = order;
    this.edge.renderOrder = order + 1;
    scene.add(this.fill, this.edge);
  }

  set(d: PlanDrawing, origin: Point3): void {
    if (this.fill.visible) swap(this.fill, fillGeometry(d.fills, origin));
    swap(this.edge, lineGeometry(d, origin));
  }
}

export class PlanView {
  readonly viewport = new PlanViewport();
  readonly overlay = new PlanOverlay();
  private readonly renderer: WebGLRenderer | null;
  private readonly scene = new Scene();
  private readonly camera = new OrthographicCamera(-1, 1, 1, -1, 0.1, 10_000);
  private readonly gridMinor = new LineSegments(undefined, flatLine(C.gridMinor));
  private readonly gridMajor = new LineSegments(undefined, flatLine(C.gridMajor));
  private readonly layers: Record<string, Layer>;
  private readonly remoteLayers: Layer[] = [];
  private origin: Point3 = [0, 0, 0];
  private content: PlanContent | null = null;
  private preview: Preview | null = null;
  private cursors: OverlayCursor[] = [];
  private roomLabels: OverlayLabel[] = [];
  private frame = 0;
  private disposed = false;
  private readonly resizeObserver: ResizeObserver;

  constructor(readonly canvas: HTMLCanvasElement) {
    this.renderer = createRenderer(canvas, false);
    this.scene.background = new Color(C.background);
    this.camera.up.set(0, 0, -1); // model +y (three -z) points up on screen
    this.gridMinor.renderOrder = 0;
    this.gridMajor.renderOrder = 1;
    this.scene.add(this.gridMinor, this.gridMajor);
    const s = this.scene;
    this.layers = {
      references: new Layer(s, null, 1, C.reference, 5),
      slabs: new Layer(s, C.slab, 0.6, C.slabEdge, 10),
      rooms: new Layer(s, C.room, 0.35, C.roomEdge, 15),
      walls: new Layer(s, C.wall, 1, C.wallEdge, 20),
      openings: new Layer(s, C.opening, 1, null, 25),
      openingLines: new Layer(s, null, 1, C.openingLine, 26),
      columns: new Layer(s, C.column, 1, C.columnEdge, 30),
      pending: new Layer(s, C.pending, 0.3, C.pending, 40),
      selected: new Layer(s, C.selected, 0.3, C.selected, 50),
      ghost: new Layer(s, C.ghost, 0.2, C.ghost, 60),
      hover: new Layer(s, C.invalid, 0.25, C.invalid, 61),
      draft: new Layer(s, C.draft, 0.3, C.draftEdge, 62),
      invalid: new Layer(s, C.invalid, 0.35, C.invalid, 64),
      guide: new Layer(s, null, 1, C.guide, 66),
      box: new Layer(s, C.draft, 0.12, C.draftEdge, 70),
    };
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(canvas);
    this.resize();
  }

  get available(): boolean {
    return this.renderer !== null;
  }

  setOrigin(origin: Point3): void {
    if (origin.every((v, i) => v === this.origin[i])) return;
    this.origin = origin;
    if (this.content) this.setContent(this.content);
    this.setPreview(this.preview);
  }

  setContent(content: PlanContent): void {
    this.content = content;
    const { state, elements } = content;
    const layers = planLayers(state, elements);
    for (const key of ["references", "slabs", "rooms", "walls", "openings", "openingLines", "columns"] as const) this.layers[key]!.set(layers[key], this.origin);
    const byId = new Map(elements.map((e) => [e.id, e]));
    const pick = (ids: Iterable<string>) => [...ids].map((id) => byId.get(id)).filter((e): e is Element => e !== undefined);
    this.layers.pending!.set(outlinesOf(state, pick(content.pendingIds)), this.origin);
    this.layers.selected!.set(outlinesOf(state, pick(content.selectedIds)), this.origin);
    this.setRemote(content.remote.map((r) => ({ color: r.color, drawing: outlinesOf(state, pick(r.ids)) })));
    this.roomLabels = [];
    for (const e of elements) {
      if (e.kind === "reference") for (const t of e.texts.slice(0, 100)) this.roomLabels.push({ at: t.position, text: t.text, kind: "info" });
      if (e.kind !== "room" || e.boundary.length < 3) continue;
      const area = Math.abs(polygonArea(e.boundary));
      // A room tag: number and name over the area, centred on the room.
      this.roomLabels.push({ at: centroid(e.boundary), text: `${e.number ? `${e.number} ` : ""}${e.name}\n${area.toFixed(1)} m²`, kind: "room" });
    }
    this.invalidate();
  }

  setPreview(preview: Preview | null): void {
    this.preview = preview;
    const by = (style: string) => {
      const d = emptyDrawing();
      for (const s of preview?.shapes ?? []) {
        if (s.style !== style) continue;
        if (s.open) for (let i = 0; i + 1 < s.ring.length; i++) d.lines.push([s.ring[i]!, s.ring[i + 1]!]);
        else {
          d.fills.push({ ring: s.ring });
          d.outlines.push(s.ring);
        }
      }
      return d;
    };
    this.layers.ghost!.set(by("ghost"), this.origin);
    this.layers.hover!.set(by("hover"), this.origin);
    const draft = by("draft");
    const invalid = by("invalid");
    const guide = emptyDrawing();
    for (const l of preview?.lines ?? []) {
      const target = l.style === "guide" ? guide : l.style === "invalid" ? invalid : draft;
      target.lines.push([l.a, l.b]);
    }
    this.layers.draft!.set(draft, this.origin);
    this.layers.invalid!.set(invalid, this.origin);
    this.layers.guide!.set(guide, this.origin);
    const box = emptyDrawing();
    if (preview?.box) {
      const { a, b } = preview.box;
      const ring: [number, number][] = [a, [b[0], a[1]], b, [a[0], b[1]]];
      box.fills.push({ ring });
      box.outlines.push(ring);
    }
    this.layers.box!.set(box, this.origin);
    this.invalidate();
  }

  setCursors(cursors: OverlayCursor[]): void {
    this.cursors = cursors;
    this.invalidate();
  }

  /** Client (page) pixel coordinates of a model point. */
  toClient(x: number, y: number): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    const p = this.viewport.toScreen([x, y]);
    return { x: rect.left + p.x, y: rect.top + p.y };
  }

  invalidate(): void {
    if (this.frame || this.disposed) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  dispose(): void {
    this.disposed = true;
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.renderer?.dispose();
  }

  private setRemote(list: { color: string; drawing: PlanDrawing }[]): void {
    while (this.remoteLayers.length < list.length) {
      this.remoteLayers.push(new Layer(this.scene, null, 1, 0xffffff, 45));
    }
    this.remoteLayers.forEach((layer, i) => {
      const item = list[i];
      (layer.edge.material as LineBasicMaterial).color.set(item?.color ?? "#ffffff");
      layer.set(item?.drawing ?? emptyDrawing(), this.origin);
    });
  }

  private resize(): void {
    const w = this.canvas.clientWidth;
    const h = this.canvas.clientHeight;
    if (w === 0 || h === 0) return; // hidden (3D-only layout): keep the last size
    this.viewport.resize(w, h);
    this.renderer?.setSize(w, h, false);
    this.invalidate();
  }

  private draw(): void {
    const vp = this.viewport;
    const labels: OverlayLabel[] = [...this.roomLabels];
    for (const l of this.preview?.labels ?? []) labels.push({ at: l.at, text: l.text, kind: l.style ?? "dimension" });
    const overlay: OverlayContent = { labels, snap: this.preview?.snap ?? null, cursors: this.cursors };
    this.overlay.render(overlay, (p) => vp.toScreen(p), vp.width, vp.height);
    if (!this.renderer) return;
    const grid = gridLines(vp.visible(), vp.scale, this.origin);
    swap(this.gridMinor, grid.minor);
    swap(this.gridMajor, grid.major);
    const cx = vp.center[0] - this.origin[0];
    const cz = -(vp.center[1] - this.origin[1]);
    const halfW = vp.width / 2 / vp.scale;
    const halfH = vp.height / 2 / vp.scale;
    Object.assign(this.camera, { left: -halfW, right: halfW, top: halfH, bottom: -halfH });
    this.camera.position.set(cx, 1000, cz);
    this.camera.lookAt(cx, 0, cz);
    this.camera.updateProjectionMatrix();
    this.renderer.render(this.scene, this.camera);
  }
}

function swap(obj: Mesh | LineSegments, geometry: BufferGeometry): void {
  obj.geometry.dispose();
  obj.geometry = geometry;
}

function flatFill(color: number, opacity: number): MeshBasicMaterial {
  return new MeshBasicMaterial({ color, side: DoubleSide, transparent: opacity < 1, opacity, depthTest: false, depthWrite: false });
}

function flatLine(color: number): LineBasicMaterial {
  return new LineBasicMaterial({ color, depthTest: false, depthWrite: false });
}
