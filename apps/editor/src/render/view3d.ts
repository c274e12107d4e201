/**
 * The 3D view: a perspective camera with orbit controls, lights, a ground grid at model z = 0,
 * and its content: the baked element meshes (already relative to the project origin in three.js
 * axes) and the local previews. Renders on demand: after a control change, a resize or a scene
 * change; `drawCalls` is the number of draw calls of the last frame.
 */

import {
  Box3,
  Color,
  DirectionalLight,
  DoubleSide,
  GridHelper,
  HemisphereLight,
  LineBasicMaterial,
  LineSegments,
  MeshBasicMaterial,
  MeshStandardMaterial,
  PerspectiveCamera,
  Scene,
  Vector3,
  type Material,
  type Object3D,
  type WebGLRenderer,
} from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import type { Point3 } from "../net/protocol";
import { createRenderer } from "./renderer";

const HEAVY_TRIANGLES = 100_000;

const MATERIAL_COLORS: Record<string, number> = {
  concrete: 0xbdb9b1,
  brick: 0xb0644a,
  timber: 0xc49a6c,
  glass: 0x9fc3d9,
  room: 0x6fa8ff,
  default: 0xc3c6cc,
};

export class View3D {
  private readonly renderer: WebGLRenderer | null;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(50, 1, 0.1, 20_000);
  private readonly controls: OrbitControls;
  private grid = makeGrid(40);
  private groundY = 0;
  private readonly materials = new Map<string, Material>();
  private readonly edgeMaterial = new LineBasicMaterial({ color: 0x2a2d33 });
  private lastCalls = 0;
  private lastTriangles = 0;
  /** The user has orbited, panned or zoomed: stop framing the model automatically. */
  userMoved = false;
  /** What the last fit framed, until the user moves the camera: a resize frames it again, so
   * switching from 3D only to side by side does not crop it. */
  private framed: Box3 | null = null;
  private frames = 0;
  private readonly resizeObserver: ResizeObserver;
  private frame = 0;
  private disposed = false;

  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly content: Object3D,
    private readonly extra: Object3D[] = [],
  ) {
    this.renderer = createRenderer(canvas, true);
    this.scene.background = new Color(0x1d2024);
    this.scene.add(new HemisphereLight(0xe8eef7, 0x3b3530, 1.6));
    const sun = new DirectionalLight(0xffffff, 1.8);
    sun.position.set(30, 60, 20);
    this.scene.add(sun, this.grid, content, ...extra);
    this.camera.position.set(18, 14, 18);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.screenSpacePanning = true;
    this.controls.maxPolarAngle = Math.PI * 0.495;
    this.controls.addEventListener("change", () => this.invalidate());
    this.controls.addEventListener("start", () => {
      this.userMoved = true;
      this.framed = null;
      this.setEdges(this.lastTriangles < HEAVY_TRIANGLES);
    });
    this.controls.addEventListener("end", () => this.setEdges(true));
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(canvas);
    this.resize();
  }

  get available(): boolean {
    return this.renderer !== null;
  }

  /**
   * Feature edges double the vertex work of a big model: while the camera moves over more
   * than HEAVY_TRIANGLES, they are left out, and drawn again when it stops.
   */
  private setEdges(visible: boolean): void {
    let changed = false;
    for (const root of [this.content, ...this.extra]) {
      root.traverse((o) => {
        if (o instanceof LineSegments && o.visible !== visible) {
          o.visible = visible;
          changed = true;
        }
      });
    }
    if (changed) this.invalidate();
  }

  /** More content, drawn and framed with the rest (e.g. local previews). */
  addContent(object: Object3D): void {
    this.extra.push(object);
    this.scene.add(object);
    this.invalidate();
  }

  /** Draw calls of the last rendered frame (renderer.info.render.calls). */
  get drawCalls(): number {
    return this.lastCalls;
  }

  get triangles(): number {
    return this.lastTriangles;
  }

  get frameCount(): number {
    return this.frames;
  }

  /** Materials for baked meshes: one per element material; rooms translucent, no edges. */
  bakeMaterial(name: string, type: string): Material {
    if (type === "room") return this.shared("room:translucent", () => new MeshBasicMaterial({ color: MATERIAL_COLORS.room, transparent: true, opacity: 0.12, depthWrite: false, side: DoubleSide }));
    return this.material(name);
  }

  edges(type: string): Material | null {
    return type === "room" ? null : this.edgeMaterial;
  }

  highlightMaterial(): Material {
    return this.shared("highlight", () => new MeshBasicMaterial({ color: 0xffb84d, transparent: true, opacity: 0.45, depthWrite: false, polygonOffset: true, polygonOffsetFactor: -2, polygonOffsetUnits: -2 }));
  }

  previewMaterial(): Material {
    return this.shared("preview", () => new MeshStandardMaterial({ color: 0x4c8dff, transparent: true, opacity: 0.55, roughness: 0.9, side: DoubleSide, depthWrite: false }));
  }

  previewEdges(): Material {
    return this.shared("preview-edges", () => new LineBasicMaterial({ color: 0xcfe0ff }));
  }

  private shared(key: string, make: () => Material): Material {
    let m = this.materials.get(key);
    if (!m) this.materials.set(key, (m = make()));
    return m;
  }

  /** A shared flat-shaded material per element material name. */
  material(name: string): Material {
    let m = this.materials.get(name);
    if (!m) {
      const color = MATERIAL_COLORS[name] ?? MATERIAL_COLORS.default!;
      // The polygon offset keeps the feature edges (drawn on top) from z-fighting the faces.
      m = new MeshStandardMaterial({
        color,
        roughness: 0.85,
        metalness: 0,
        flatShading: true,
        polygonOffset: true,
        polygonOffsetFactor: 1,
        polygonOffsetUnits: 1,
      });
      this.materials.set(name, m);
    }
    return m;
  }

  /** Put the ground grid at model z = 0 for this origin. */
  setOrigin(origin: Point3): void {
    this.groundY = -origin[2];
    this.grid.position.y = this.groundY;
    this.invalidate();
  }

  /**
   * Size the ground grid to what is framed: 1 m cells (10 m when large), centred on whole
   * metres. A bounded grid also keeps its lines in front of the camera, which some software
   * rasterisers (SwiftShader) otherwise clip away.
   */
  private fitGrid(center: Vector3, radius: number): void {
    const size = 2 * Math.ceil(Math.max(20, radius * 1.5) / 10) * 10;
    this.scene.remove(this.grid);
    this.grid.dispose();
    this.grid = makeGrid(size);
    this.grid.position.set(Math.round(center.x), this.groundY, Math.round(center.z));
    this.scene.add(this.grid);
  }

  /** Frame `box` (three.js axes), or the content when omitted; false if there is nothing. */
  fit(box?: Box3): boolean {
    const b = box ?? new Box3().setFromObject(this.content);
    for (const o of this.extra) if (o.visible) b.union(new Box3().setFromObject(o));
    if (b.isEmpty()) return false;
    this.framed = b.clone();
    this.frame3d(b);
    return true;
  }

  private frame3d(b: Box3): void {
    const center = b.getCenter(new Vector3());
    const radius = Math.max(b.getSize(new Vector3()).length() / 2, 1);
    const vfov = (this.camera.fov * Math.PI) / 180;
    const hfov = 2 * Math.atan(Math.tan(vfov / 2) * this.camera.aspect);
    const distance = radius / Math.sin(Math.min(vfov, hfov) / 2);
    const dir = new Vector3(1, 0.8, 1).normalize();
    this.camera.position.copy(center).addScaledVector(dir, distance * 1.1);
    this.camera.near = Math.max(0.05, distance / 1000);
    this.camera.far = distance * 100;
    this.camera.updateProjectionMatrix();
    this.controls.target.copy(center);
    this.controls.update();
    this.fitGrid(center, radius);
    this.invalidate();
  }

  invalidate(): void {
    if (this.frame || this.disposed) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.renderer) return;
      this.renderer.render(this.scene, this.camera);
      this.lastCalls = this.renderer.info.render.calls;
      this.lastTriangles = this.renderer.info.render.triangles;
      this.frames += 1;
    });
  }

  dispose(): void {
    this.disposed = true;
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.controls.dispose();
    for (const m of this.materials.values()) m.dispose();
    this.edgeMaterial.dispose();
    this.renderer?.dispose();
  }

  private resize(): void {
    if (this.canvas.clientWidth === 0 || this.canvas.clientHeight === 0) return; // hidden layout
    const w = this.canvas.clientWidth;
    const h = this.canvas.clientHeight;
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.renderer?.setSize(w, h, false);
    if (this.framed) this.frame3d(this.framed);
    this.invalidate();
  }
}

function makeGrid(size: number): GridHelper {
  const divisions = size > 400 ? size / 10 : size;
  return new GridHelper(size, divisions, 0x7d8590, 0x3f454e);
}
