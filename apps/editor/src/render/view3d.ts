/**
 * The 3D view: a perspective camera with orbit controls, lights, a ground grid at model z = 0,
 * and the baked element meshes (already relative to the project origin in three.js axes).
 * Renders on demand: after a control change, a resize or a scene change.
 */

import {
  Box3,
  Color,
  DirectionalLight,
  GridHelper,
  HemisphereLight,
  MeshStandardMaterial,
  PerspectiveCamera,
  Scene,
  Vector3,
  type Object3D,
  type WebGLRenderer,
} from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import type { Point3 } from "../net/protocol";
import { createRenderer } from "./renderer";

const MATERIAL_COLORS: Record<string, number> = {
  concrete: 0xbdb9b1,
  brick: 0xb0644a,
  timber: 0xc49a6c,
  glass: 0x9fc3d9,
  default: 0xc3c6cc,
};

export class View3D {
  private readonly renderer: WebGLRenderer | null;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(50, 1, 0.1, 20_000);
  private readonly controls: OrbitControls;
  private grid = makeGrid(40);
  private groundY = 0;
  private readonly materials = new Map<string, MeshStandardMaterial>();
  private readonly resizeObserver: ResizeObserver;
  private frame = 0;
  private disposed = false;

  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly content: Object3D,
  ) {
    this.renderer = createRenderer(canvas, true);
    this.scene.background = new Color(0x1d2024);
    this.scene.add(new HemisphereLight(0xe8eef7, 0x3b3530, 1.6));
    const sun = new DirectionalLight(0xffffff, 1.8);
    sun.position.set(30, 60, 20);
    this.scene.add(sun, this.grid, content);
    this.camera.position.set(18, 14, 18);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.screenSpacePanning = true;
    this.controls.maxPolarAngle = Math.PI * 0.495;
    this.controls.addEventListener("change", () => this.invalidate());
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(canvas);
    this.resize();
  }

  get available(): boolean {
    return this.renderer !== null;
  }

  /** A shared flat-shaded material per element material name. */
  material(name: string): MeshStandardMaterial {
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
    if (b.isEmpty()) return false;
    const center = b.getCenter(new Vector3());
    const radius = Math.max(b.getSize(new Vector3()).length() / 2, 1);
    const distance = radius / Math.sin((this.camera.fov * Math.PI) / 360);
    const dir = new Vector3(1, 0.8, 1).normalize();
    this.camera.position.copy(center).addScaledVector(dir, distance * 1.1);
    this.camera.near = Math.max(0.05, distance / 1000);
    this.camera.far = distance * 100;
    this.camera.updateProjectionMatrix();
    this.controls.target.copy(center);
    this.controls.update();
    this.fitGrid(center, radius);
    this.invalidate();
    return true;
  }

  invalidate(): void {
    if (this.frame || this.disposed) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderer?.render(this.scene, this.camera);
    });
  }

  dispose(): void {
    this.disposed = true;
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.controls.dispose();
    for (const m of this.materials.values()) m.dispose();
    this.renderer?.dispose();
  }

  private resize(): void {
    const w = Math.max(1, this.canvas.clientWidth);
    const h = Math.max(1, this.canvas.clientHeight);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.renderer?.setSize(w, h, false);
    this.invalidate();
  }
}

function makeGrid(size: number): GridHelper {
  const divisions = size > 400 ? size / 10 : size;
  return new GridHelper(size, divisions, 0x7d8590, 0x3f454e);
}
