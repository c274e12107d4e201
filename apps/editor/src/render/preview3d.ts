/**
 * Local previews in the 3D view: simple prisms for elements the latest bake does not show yet
 * (new, changed or pending). Walls are boxes (uncut), slabs and columns their extruded outline,
 * openings a box through the wall; rooms are left out. All previews are merged into one mesh
 * and one set of edges; baked meshes replace them as soon as a bake covers the change.
 */

import { BufferAttribute, BufferGeometry, Group, LineSegments, Mesh, ShapeUtils, Vector2, type Material } from "three";
import type { Point2, Point3 } from "../net/protocol";
import type { Element, ModelState } from "../model/elements";
import { columnOutline, footprint, openingFootprint, polygonArea } from "../model/geometry";

interface Prism {
  ring: Point2[];
  holes: Point2[][];
  z0: number;
  z1: number;
}

export class Preview3D {
  readonly group = new Group();
  private readonly mesh: Mesh;
  private readonly lines: LineSegments;

  constructor(surface: Material, edges: Material) {
    this.mesh = new Mesh(new BufferGeometry(), surface);
    this.lines = new LineSegments(new BufferGeometry(), edges);
    this.mesh.renderOrder = 3;
    this.group.name = "local-previews";
    this.group.add(this.mesh, this.lines);
    this.group.visible = false;
  }

  get count(): number {
    return this.mesh.userData.count ?? 0;
  }

  set(state: ModelState, elements: Element[], origin: Point3): void {
    const prisms = elements.map((e) => prismOf(state, e)).filter((p): p is Prism => p !== null);
    const { surface, edges } = buildPrisms(prisms, origin);
    this.mesh.geometry.dispose();
    this.lines.geometry.dispose();
    this.mesh.geometry = surface;
    this.lines.geometry = edges;
    this.mesh.userData.count = prisms.length;
    this.group.visible = prisms.length > 0;
  }
}

export function prismOf(state: ModelState, e: Element): Prism | null {
  const elevation = state.levels.get(e.level_id)?.elevation ?? 0;
  switch (e.kind) {
    case "wall":
      return { ring: footprint(e), holes: [], z0: elevation + e.base_offset, z1: elevation + e.base_offset + e.height };
    case "slab":
      return { ring: e.boundary, holes: e.holes, z0: elevation + e.offset - e.thickness, z1: elevation + e.offset };
    case "column":
      return { ring: columnOutline(e), holes: [], z0: elevation + e.base_offset, z1: elevation + e.base_offset + e.height };
    case "door":
    case "window": {
      const host = state.elements.get(e.host_id);
      if (host?.kind !== "wall") return null;
      const base = elevation + host.base_offset + e.sill_height;
      return { ring: openingFootprint(host, e, 0.02), holes: [], z0: base, z1: base + e.height };
    }
    case "room":
    case "reference":
      return null;
  }
}

/** Merged triangles (caps and sides) and edges (rings and vertical corners) of prisms. */
export function buildPrisms(prisms: Prism[], origin: Point3): { surface: BufferGeometry; edges: BufferGeometry } {
  const pos: number[] = [];
  const idx: number[] = [];
  const lines: number[] = [];
  const put = (p: Point2, z: number, out: number[]) => out.push(p[0] - origin[0], z - origin[2], -(p[1] - origin[1]));
  for (const prism of prisms) {
    if (prism.ring.length < 3 || prism.z1 <= prism.z0) continue;
    const outer = polygonArea(prism.ring) < 0 ? [...prism.ring].reverse() : prism.ring;
    const holes = prism.holes.map((h) => (polygonArea(h) > 0 ? [...h].reverse() : h));
    const all = [outer, ...holes];
    const flat = all.flat();
    const base = pos.length / 3;
    for (const p of flat) put(p, prism.z0, pos);
    for (const p of flat) put(p, prism.z1, pos);
    const n = flat.length;
    const tris = ShapeUtils.triangulateShape(
      outer.map((p) => new Vector2(p[0], p[1])),
      holes.map((h) => h.map((p) => new Vector2(p[0], p[1]))),
    );
    for (const [a, b, c] of tris) {
      idx.push(base + a!, base + c!, base + b!); // bottom, facing down
      idx.push(base + n + a!, base + n + b!, base + n + c!);
    }
    let offset = 0;
    for (const ring of all) {
      for (let i = 0; i < ring.length; i++) {
        const a = base + offset + i;
        const b = base + offset + ((i + 1) % ring.length);
        idx.push(a, b, b + n, a, b + n, a + n);
        const p = ring[i]!;
        const q = ring[(i + 1) % ring.length]!;
        put(p, prism.z0, lines);
        put(q, prism.z0, lines);
        put(p, prism.z1, lines);
        put(q, prism.z1, lines);
        if (ring.length <= 8) {
          put(p, prism.z0, lines);
          put(p, prism.z1, lines);
        }
      }
      offset += ring.length;
    }
  }
  const surface = new BufferGeometry();
  surface.setAttribute("position", new BufferAttribute(new Float32Array(pos), 3));
  surface.setIndex(idx);
  surface.computeVertexNormals();
  const edges = new BufferGeometry();
  edges.setAttribute("position", new BufferAttribute(new Float32Array(lines), 3));
  return { surface, edges };
}
