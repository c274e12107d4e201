/**
 * Snapping for drawing tools, in order of precedence: endpoints (wall ends, polygon corners,
 * columns, points of the shape being drawn), midpoints (of wall baselines and polygon edges),
 * wall faces and polygon edges, then — when drawing from an anchor — orthogonal and 15° angle
 * steps (the length rounded to the grid), and finally the grid. The result says which rule
 * won, so the plan can show the matching cue.
 */

import type { Point2 } from "../net/protocol";
import type { Element } from "./elements";
import { closestOnSegment, footprint, length, snap } from "./geometry";

export type SnapKind = "endpoint" | "midpoint" | "face" | "ortho" | "angle" | "grid" | "free";

export interface SnapResult {
  point: Point2;
  kind: SnapKind;
  /** For angle snaps: the ray from the anchor that the point lies on. */
  guide?: [Point2, Point2];
  /** The angle of anchor -> point in degrees (counter-clockwise from +x), when anchored. */
  angle?: number;
}

export interface SnapOptions {
  /** How close (metres) a feature must be to catch the pointer. */
  tolerance: number;
  grid: number;
  /** The previous point of a wall or polygon being drawn. */
  anchor?: Point2 | null;
  /** Extra points to snap to (e.g. the first corner of a polygon). */
  points?: Point2[];
  /** Element ids to ignore (e.g. the ones being moved). */
  exclude?: Set<string>;
  angleStep?: number;
  /** Turn everything but the grid off (e.g. with Alt held). */
  gridOnly?: boolean;
}

interface Features {
  ends: Point2[];
  mids: Point2[];
  edges: [Point2, Point2][];
}

const cached = new WeakMap<object, Features>();

/** Snap features of some elements (remembered per array when nothing is excluded). */
export function features(elements: Iterable<Element>, exclude?: Set<string>): Features {
  if (!exclude?.size && Array.isArray(elements)) {
    let f = cached.get(elements);
    if (!f) cached.set(elements, (f = collect(elements)));
    return f;
  }
  return collect(elements, exclude);
}

function collect(elements: Iterable<Element>, exclude?: Set<string>): Features {
  const f: Features = { ends: [], mids: [], edges: [] };
  const ring = (r: Point2[]) => {
    r.forEach((p, i) => {
      const q = r[(i + 1) % r.length]!;
      f.ends.push(p);
      f.mids.push(mid(p, q));
      f.edges.push([p, q]);
    });
  };
  for (const e of elements) {
    if (exclude?.has(e.id)) continue;
    if (e.kind === "wall") {
      f.ends.push(e.start, e.end);
      f.mids.push(mid(e.start, e.end));
      const fp = footprint(e);
      if (fp.length === 4) f.edges.push([fp[0]!, fp[1]!], [fp[3]!, fp[2]!]);
    } else if (e.kind === "slab" || e.kind === "room") ring(e.boundary);
    else if (e.kind === "column") f.ends.push(e.position);
  }
  return f;
}

export function snapPointer(raw: Point2, elements: Iterable<Element>, opts: SnapOptions): SnapResult {
  const anchor = opts.anchor ?? null;
  const withAngle = (r: SnapResult): SnapResult => (anchor && length(anchor, r.point) > 0 ? { ...r, angle: angleOf(anchor, r.point) } : r);
  if (!opts.gridOnly) {
    const f = features(elements, opts.exclude);
    const ends = [...(opts.points ?? []), ...f.ends];
    const end = nearest(raw, ends, opts.tolerance);
    if (end) return withAngle({ point: end, kind: "endpoint" });
    const m = nearest(raw, f.mids, opts.tolerance);
    if (m) return withAngle({ point: m, kind: "midpoint" });
    const face = nearestOnEdges(raw, f.edges, opts.tolerance);
    if (face) return withAngle({ point: face, kind: "face" });
  }
  if (anchor && !opts.gridOnly) {
    const a = angleSnap(raw, anchor, opts);
    if (a) return a;
  }
  const point: Point2 = [snap(raw[0], opts.grid), snap(raw[1], opts.grid)];
  return withAngle({ point, kind: "grid" });
}

/** The point on the nearest 15° ray from `anchor`, if the pointer is close to one. */
function angleSnap(raw: Point2, anchor: Point2, opts: SnapOptions): SnapResult | null {
  const dist = length(anchor, raw);
  if (dist < 1e-9) return null;
  const step = opts.angleStep ?? 15;
  const deg = angleOf(anchor, raw);
  const snapped = Math.round(deg / step) * step;
  const rad = (snapped * Math.PI) / 180;
  const dir: Point2 = [Math.cos(rad), Math.sin(rad)];
  const along = (raw[0] - anchor[0]) * dir[0] + (raw[1] - anchor[1]) * dir[1];
  const off = Math.abs((raw[0] - anchor[0]) * dir[1] - (raw[1] - anchor[1]) * dir[0]);
  if (along <= 0 || off > opts.tolerance) return null;
  const len = Math.max(opts.grid, snap(along, opts.grid));
  const point: Point2 = [clean(anchor[0] + dir[0] * len), clean(anchor[1] + dir[1] * len)];
  const far: Point2 = [anchor[0] + dir[0] * Math.max(len, dist) * 1.5, anchor[1] + dir[1] * Math.max(len, dist) * 1.5];
  const normalised = ((snapped % 360) + 360) % 360;
  return { point, kind: normalised % 90 === 0 ? "ortho" : "angle", guide: [anchor, far], angle: normalised };
}

/** Degrees in [0, 360), counter-clockwise from +x. */
export function angleOf(a: Point2, b: Point2): number {
  const deg = (Math.atan2(b[1] - a[1], b[0] - a[0]) * 180) / Math.PI;
  return clean(((deg % 360) + 360) % 360);
}

function nearest(p: Point2, points: Point2[], tol: number): Point2 | null {
  let best: Point2 | null = null;
  let bestD = tol;
  for (const q of points) {
    const d = Math.abs(q[0] - p[0]) <= bestD && Math.abs(q[1] - p[1]) <= bestD ? length(p, q) : Infinity;
    if (d <= bestD) {
      best = q;
      bestD = d;
    }
  }
  return best ? [best[0], best[1]] : null;
}

function nearestOnEdges(p: Point2, edges: [Point2, Point2][], tol: number): Point2 | null {
  let best: Point2 | null = null;
  let bestD = tol;
  for (const [a, b] of edges) {
    const q = closestOnSegment(p, a, b);
    const d = length(p, q);
    if (d <= bestD) {
      best = q;
      bestD = d;
    }
  }
  return best;
}

function mid(a: Point2, b: Point2): Point2 {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

/** Round away float noise below a micrometre (1.0000000000000002 -> 1). */
function clean(v: number): number {
  return Math.round(v * 1e9) / 1e9 + 0;
}
