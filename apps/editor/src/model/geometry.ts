/** Plan geometry of walls (float64, model metres) and grid snapping. */

import type { Point2 } from "../net/protocol";
import type { Wall } from "./mirror";

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

/**
 * A wall's plan rectangle (thickness centred on the baseline), counter-clockwise:
 * start - n, end - n, end + n, start + n. Empty for a zero-length wall.
 */
export function footprint(w: Pick<Wall, "start" | "end" | "thickness">): Point2[] {
  const len = length(w.start, w.end);
  if (len === 0) return [];
  const dx = (w.end[0] - w.start[0]) / len;
  const dy = (w.end[1] - w.start[1]) / len;
  const nx = -dy * (w.thickness / 2);
  const ny = dx * (w.thickness / 2);
  return [
    [w.start[0] - nx, w.start[1] - ny],
    [w.end[0] - nx, w.end[1] - ny],
    [w.end[0] + nx, w.end[1] + ny],
    [w.start[0] + nx, w.start[1] + ny],
  ];
}

/** Distance from `p` to the segment a-b. */
export function distanceToSegment(p: Point2, a: Point2, b: Point2): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
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

export interface Box2 {
  min: Point2;
  max: Point2;
}

/** The plan bounding box of some walls' footprints, or null when there are none. */
export function wallsBounds(walls: Iterable<Wall>): Box2 | null {
  let box: Box2 | null = null;
  for (const w of walls) {
    for (const [x, y] of footprint(w)) {
      if (!box) box = { min: [x, y], max: [x, y] };
      box.min = [Math.min(box.min[0], x), Math.min(box.min[1], y)];
      box.max = [Math.max(box.max[0], x), Math.max(box.max[1], y)];
    }
  }
  return box;
}
