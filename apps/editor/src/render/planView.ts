/**
 * The plan view: an orthographic three.js camera looking down on the current level.
 * Draws the grid, the level's walls (committed, pending, selected) and the tool preview.
 * The `PlanViewport` decides what is visible; this module only turns it into a camera and
 * redraws on demand (one frame per `invalidate`).
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
  WebGLRenderer,
  type BufferGeometry,
  type Material,
} from "three";
import type { Point3 } from "../net/protocol";
import type { Wall } from "../model/mirror";
import { gridLines, wallFill, wallOutline } from "./planGeometry";
import { PlanViewport } from "./planViewport";
import { createRenderer } from "./renderer";

export interface PlanContent {
  walls: Wall[];
  pending: Wall[];
  selectedId: string | null;
}

const COLORS = {
  background: 0x17191c,
  gridMinor: 0x23262b,
  gridMajor: 0x30343b,
  wallFill: 0xb8bcc4,
  wallEdge: 0xe4e7eb,
  pendingFill: 0x4c8dff,
  pendingEdge: 0x8fb6ff,
  selectedEdge: 0xffb84d,
  previewFill: 0x4c8dff,
  previewEdge: 0xcfe0ff,
};

/** A fill mesh and an outline, redrawn together from a list of walls. */
class WallLayer {
  readonly fill: Mesh;
  readonly edge: LineSegments;

  constructor(scene: Scene, fill: Material, edge: Material, order: number) {
    this.fill = new Mesh(undefined, fill);
    this.edge = new LineSegments(undefined, edge);
    this.fill.renderOrder = order;
    this.edge.renderOrder = order + 1;
    scene.add(this.fill, this.edge);
  }

  set(walls: Wall[], origin: Point3): void {
    swap(this.fill, wallFill(walls, origin));
    swap(this.edge, wallOutline(walls, origin));
  }
}

export class PlanView {
  readonly viewport = new PlanViewport();
  private readonly renderer: WebGLRenderer | null;
  private readonly scene = new Scene();
  private readonly camera = new OrthographicCamera(-1, 1, 1, -1, 0.1, 10_000);
  private readonly gridMinor = new LineSegments(undefined, flatLine(COLORS.gridMinor));
  private readonly gridMajor = new LineSegments(undefined, flatLine(COLORS.gridMajor));
  private readonly walls: WallLayer;
  private readonly pending: WallLayer;
  private readonly selected: WallLayer;
  private readonly preview: WallLayer;
  private origin: Point3 = [0, 0, 0];
  private content: PlanContent = { walls: [], pending: [], selectedId: null };
  private previewWall: Wall | null = null;
  private frame = 0;
  private disposed = false;
  private readonly resizeObserver: ResizeObserver;

  constructor(readonly canvas: HTMLCanvasElement) {
    this.renderer = createRenderer(canvas, false);
    this.scene.background = new Color(COLORS.background);
    this.camera.up.set(0, 0, -1); // model +y (three -z) points up on screen
    this.gridMinor.renderOrder = 0;
    this.gridMajor.renderOrder = 1;
    this.scene.add(this.gridMinor, this.gridMajor);
    this.walls = new WallLayer(this.scene, flatFill(COLORS.wallFill, 1), flatLine(COLORS.wallEdge), 10);
    this.pending = new WallLayer(this.scene, flatFill(COLORS.pendingFill, 0.35), flatLine(COLORS.pendingEdge), 20);
    this.selected = new WallLayer(this.scene, flatFill(COLORS.selectedEdge, 0.25), flatLine(COLORS.selectedEdge), 30);
    this.preview = new WallLayer(this.scene, flatFill(COLORS.previewFill, 0.25), flatLine(COLORS.previewEdge), 40);
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
    this.rebuildWalls();
    this.setPreview(this.previewWall);
  }

  setContent(content: PlanContent): void {
    this.content = content;
    this.rebuildWalls();
  }

  setPreview(wall: Wall | null): void {
    this.previewWall = wall;
    this.preview.set(wall ? [wall] : [], this.origin);
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

  private rebuildWalls(): void {
    const { walls, pending, selectedId } = this.content;
    this.walls.set(walls, this.origin);
    this.pending.set(pending, this.origin);
    this.selected.set(walls.filter((w) => w.id === selectedId), this.origin);
    this.invalidate();
  }

  private resize(): void {
    const w = this.canvas.clientWidth;
    const h = this.canvas.clientHeight;
    this.viewport.resize(w, h);
    this.renderer?.setSize(w, h, false);
    this.invalidate();
  }

  private draw(): void {
    if (!this.renderer) return;
    const vp = this.viewport;
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
  return new MeshBasicMaterial({
    color,
    side: DoubleSide,
    transparent: opacity < 1,
    opacity,
    depthTest: false,
    depthWrite: false,
  });
}

function flatLine(color: number): LineBasicMaterial {
  return new LineBasicMaterial({ color, depthTest: false, depthWrite: false });
}
