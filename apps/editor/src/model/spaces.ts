/**
 * Spaces closed by walls, for the room tool's "click inside the walls": the union of the
 * level's wall footprints (polyclip-ts) has a hole for every space the walls close off; the
 * space under the pointer is the smallest hole that contains it. Nothing is found outside
 * the walls, on a wall, or in a space left open (a gap between walls).
 */

import { union, type Geom } from "polyclip-ts";
import type { Point2 } from "../net/protocol";
import type { Wall } from "./elements";
import { footprint, pointInPolygon, polygonArea } from "./geometry";

type WallShape = Pick<Wall, "start" | "end" | "thickness"> & { alignment?: Wall["alignment"] };

/** The holes of the walls' union: each a closed space's outline, counter-clockwise. */
export function enclosedSpaces(walls: WallShape[]): Point2[][] {
  const rings = walls.map((w) => footprint(w)).filter((r) => r.length >= 3);
  if (rings.length < 3) return []; // fewer than three walls close nothing
  const polys: Geom[] = rings.map((r) => [[...r.map((p) => [p[0], p[1]] as [number, number]), [r[0]![0], r[0]![1]]]]);
  const merged = union(polys[0]!, ...polys.slice(1));
  const spaces: Point2[][] = [];
  for (const poly of merged) {
    for (const hole of poly.slice(1)) {
      const ring = tidy(hole);
      if (ring.length >= 3) spaces.push(polygonArea(ring) < 0 ? ring.reverse() : ring);
    }
  }
  return spaces;
}

/** The closed space containing `p`, or null. */
export function spaceAt(spaces: Point2[][], p: Point2): Point2[] | null {
  let best: Point2[] | null = null;
  let bestArea = Infinity;
  for (const ring of spaces) {
    if (!pointInPolygon(p, ring)) continue;
    const area = Math.abs(polygonArea(ring));
    if (area < bestArea) [best, bestArea] = [ring, area];
  }
  return best;
}

/** Drop the closing repeat and collinear corners; round to micrometres (no float noise). */
function tidy(ring: [number, number][]): Point2[] {
  const pts: Point2[] = ring.map(([x, y]) => [round(x), round(y)]);
  if (pts.length > 1 && pts[0]![0] === pts[pts.length - 1]![0] && pts[0]![1] === pts[pts.length - 1]![1]) pts.pop();
  const out: Point2[] = [];
  for (let i = 0; i < pts.length; i++) {
    const a = pts[(i + pts.length - 1) % pts.length]!;
    const b = pts[i]!;
    const c = pts[(i + 1) % pts.length]!;
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (Math.abs(cross) > 1e-9) out.push(b);
  }
  return out;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6 + 0;
}
