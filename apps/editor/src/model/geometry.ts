/** Plan geometry (float64, model metres): walls, polygons, element outlines, picking, grid. */

import type { Point2 } from "../net/protocol";
import type { Column, Element, ModelState, Opening, Wall } from "./elements";
import { referencePlan } from "./reference";

export const SNAP_STEP = 0.1;

/** `v` rounded to the nearest multiple of `step`, without float noise (0.3, not 0.30000000000000004). */
export function snap(v: number, step: number = SNAP_STEP): number {
  const n = Math.round(v / step);
  const digits = decimals(step);
  return Number((n * step).toFixed(digits)) + 0; // + 0 turns -0 into 0
}

export function snapPoint(p: Point2, step: number = SNAP_STEP): Point2 {
  return [snap(p[0], step), snap(p[1], step)];
}

function decimals(step: number): number {
  const text = String(step);
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : Math.min(12, text.length - dot - 1);
}

export function length(a: Point2, b: Point2): number {
  return Math.hypot(b[0] - a[0], b[1] - a[1]);
}

export function wallLength(w: Pick<Wall, "start" | "end">): number {
  return length(w.start, w.end);
}

/** Unit vector along a wall's baseline and its left normal. */
export function wallFrame(w: Pick<Wall, "start" | "end">): { u: Point2; n: Point2; len: number } {
  const len = wallLength(w);
  const u: Point2 = len ? [(w.end[0] - w.start[0]) / len, (w.end[1] - w.start[1]) / len] : [1, 0];
  return { u, n: [-u[1], u[0]], len };
}

/** Offsets (lo, hi) of a wall's two faces along the baseline's left normal. */
export function wallFaces(w: Pick<Wall, "thickness"> & { alignment?: Wall["alignment"] }): [number, number] {
  if (w.alignment === "left") return [0, w.thickness];
  if (w.alignment === "right") return [-w.thickness, 0];
  return [-w.thickness / 2, w.thickness / 2];
}

type WallLike = Pick<Wall, "start" | "end" | "thickness"> & { alignment?: Wall["alignment"] };

/** A wall's plan rectangle, counter-clockwise: start+lo, end+lo, end+hi, start+hi. */
export function footprint(w: WallLike): Point2[] {
  const { n, len } = wallFrame(w);
  if (len === 0) return [];
  const [lo, hi] = wallFaces(w);
  const at = (p: Point2, k: number): Point2 => [p[0] + n[0] * k, p[1] + n[1] * k];
  return [at(w.start, lo), at(w.end, lo), at(w.end, hi), at(w.start, hi)];
}

/** The plan rectangle of an opening in its host wall (slightly wider than the wall). */
export function openingFootprint(host: WallLike, o: Pick<Opening, "offset" | "width">, grow = 0): Point2[] {
  const { u, n } = wallFrame(host);
  const [lo, hi] = wallFaces(host);
  const a: Point2 = [host.start[0] + u[0] * o.offset, host.start[1] + u[1] * o.offset];
  const b: Point2 = [a[0] + u[0] * o.width, a[1] + u[1] * o.width];
  const at = (p: Point2, k: number): Point2 => [p[0] + n[0] * k, p[1] + n[1] * k];
  return [at(a, lo - grow), at(b, lo - grow), at(b, hi + grow), at(a, hi + grow)];
}

/** The plan outline of a column (a 32-gon for circles). */
export function columnOutline(c: Pick<Column, "position" | "shape" | "width" | "depth" | "diameter" | "rotation">): Point2[] {
  const [x, y] = c.position;
  if (c.shape === "circle") {
    const r = c.diameter / 2;
    return Array.from({ length: 32 }, (_, i) => {
      const t = (i / 32) * Math.PI * 2;
      return [x + r * Math.cos(t), y + r * Math.sin(t)] as Point2;
    });
  }
  const t = (c.rotation * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const hw = c.width / 2;
  const hd = c.depth / 2;
  return ([[-hw, -hd], [hw, -hd], [hw, hd], [-hw, hd]] as Point2[]).map(([dx, dy]) => [x + dx * cos - dy * sin, y + dx * sin + dy * cos]);
}

/** The outline an element covers in plan (walls without their openings). */
export function elementOutline(state: ModelState, e: Element): Point2[] {
  switch (e.kind) {
    case "wall":
      return footprint(e);
    case "door":
    case "window": {
      const host = state.elements.get(e.host_id);
      return host?.kind === "wall" ? openingFootprint(host, e) : [];
    }
    case "column":
      return columnOutline(e);
    case "slab":
    case "room":
      return e.boundary;
    case "reference":
      return referencePlan(e).outline;
  }
}

/** Distance from `p` to the segment a-b. */
export function distanceToSegment(p: Point2, a: Point2, b: Point2): number {
  const q = closestOnSegment(p, a, b);
  return Math.hypot(p[0] - q[0], p[1] - q[1]);
}

export function closestOnSegment(p: Point2, a: Point2, b: Point2): Point2 {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return [a[0] + t * dx, a[1] + t * dy];
}

/** Signed area (counter-clockwise positive). */
export function polygonArea(ring: Point2[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

export function polygonPerimeter(ring: Point2[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) s += length(ring[i]!, ring[(i + 1) % ring.length]!);
  return s;
}

export function pointInPolygon(p: Point2, ring: Point2[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from `p` to a closed ring's edges. */
export function distanceToRing(p: Point2, ring: Point2[]): number {
  let d = Infinity;
  for (let i = 0; i < ring.length; i++) d = Math.min(d, distanceToSegment(p, ring[i]!, ring[(i + 1) % ring.length]!));
  return d;
}

function cross(o: Point2, a: Point2, b: Point2): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** True if the open segments a-b and c-d cross (touching ends do not count). */
export function segmentsCross(a: Point2, b: Point2, c: Point2, d: Point2): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > 1e-12 && d2 < -1e-12) || (d1 < -1e-12 && d2 > 1e-12)) && ((d3 > 1e-12 && d4 < -1e-12) || (d3 < -1e-12 && d4 > 1e-12));
}

/** Why a ring cannot be a slab or room outline, or null (mirrors the server's checks). */
export function ringProblem(ring: Point2[]): { code: string; message: string } | null {
  const degenerate = { code: "degenerate_polygon", message: "The outline encloses no area." };
  const distinct = new Set(ring.map((p) => `${p[0]},${p[1]}`));
  if (distinct.size < 3 || hullArea(ring) < 1e-6) return degenerate;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // neighbours through the closing edge
      if (segmentsCross(ring[i]!, ring[(i + 1) % n]!, ring[j]!, ring[(j + 1) % n]!)) {
        return { code: "self_intersecting", message: "The outline crosses itself." };
      }
    }
  }
  return Math.abs(polygonArea(ring)) < 1e-6 ? degenerate : null;
}

/** Area of the convex hull (monotone chain). */
function hullArea(points: Point2[]): number {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return 0;
  const half = (list: Point2[]) => {
    const out: Point2[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    return out.slice(0, -1);
  };
  return Math.abs(polygonArea([...half(pts), ...half([...pts].reverse())]));
}

export function centroid(ring: Point2[]): Point2 {
  const a = polygonArea(ring);
  if (Math.abs(a) < 1e-12) {
    const sx = ring.reduce((s, p) => s + p[0], 0);
    const sy = ring.reduce((s, p) => s + p[1], 0);
    return [sx / ring.length, sy / ring.length];
  }
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    const k = x1 * y2 - x2 * y1;
    cx += (x1 + x2) * k;
    cy += (y1 + y2) * k;
  }
  return [cx / (6 * a), cy / (6 * a)];
}

export interface Box2 {
  min: Point2;
  max: Point2;
}

export function boundsOf(points: Iterable<Point2>, box: Box2 | null = null): Box2 | null {
  for (const [x, y] of points) {
    if (!box) box = { min: [x, y], max: [x, y] };
    else {
      box.min = [Math.min(box.min[0], x), Math.min(box.min[1], y)];
      box.max = [Math.max(box.max[0], x), Math.max(box.max[1], y)];
    }
  }
  return box;
}

/** The plan bounding box of some elements, or null when there are none. */
export function elementsBounds(state: ModelState, elements: Iterable<Element>): Box2 | null {
  let box: Box2 | null = null;
  for (const e of elements) box = boundsOf(elementOutline(state, e), box);
  return box;
}

/** The plan bounding box of some walls' footprints, or null when there are none. */
export function wallsBounds(walls: Iterable<WallLike>): Box2 | null {
  let box: Box2 | null = null;
  for (const w of walls) box = boundsOf(footprint(w), box);
  return box;
}

export function boxContains(outer: Box2, inner: Box2): boolean {
  return inner.min[0] >= outer.min[0] && inner.min[1] >= outer.min[1] && inner.max[0] <= outer.max[0] && inner.max[1] <= outer.max[1];
}

export function boxesIntersect(a: Box2, b: Box2): boolean {
  return a.min[0] <= b.max[0] && b.min[0] <= a.max[0] && a.min[1] <= b.max[1] && b.min[1] <= a.max[1];
}

/** The wall nearest to `p` within `tolerance` metres of its footprint, if any. */
export function pickWall<W extends Wall>(walls: Iterable<W>, p: Point2, tolerance: number): W | null {
  let best: W | null = null;
  let bestDistance = Infinity;
  for (const w of walls) {
    const d = distanceToSegment(p, w.start, w.end) - w.thickness / 2;
    if (d <= tolerance && d < bestDistance) {
      best = w;
      bestDistance = d;
    }
  }
  return best;
}

/** Where `p` projects onto a wall's baseline, as a distance from its start (unclamped). */
export function stationOnWall(w: Pick<Wall, "start" | "end">, p: Point2): number {
  const { u } = wallFrame(w);
  return (p[0] - w.start[0]) * u[0] + (p[1] - w.start[1]) * u[1];
}
