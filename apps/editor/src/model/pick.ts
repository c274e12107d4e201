/**
 * Picking elements in plan: the element under a point (small things first: openings, columns,
 * walls, then rooms and slabs by their inside), and the elements a selection box takes.
 */

import type { Point2 } from "../net/protocol";
import type { Element, ModelState } from "./elements";
import { boundsOf, boxContains, boxesIntersect, distanceToRing, elementOutline, pointInPolygon, type Box2 } from "./geometry";

const PRIORITY: Record<Element["kind"], number> = { door: 0, window: 0, column: 1, wall: 2, room: 3, slab: 4, reference: 5 };

/** The element under `p` (within `tolerance` metres of its outline), or null. */
export function pickElement(state: ModelState, elements: Iterable<Element>, p: Point2, tolerance: number, exclude?: Set<string>): Element | null {
  let best: Element | null = null;
  let bestRank = Infinity;
  for (const e of elements) {
    if (exclude?.has(e.id)) continue;
    const outline = elementOutline(state, e);
    if (outline.length < 3) continue;
    const inside = pointInPolygon(p, outline);
    const d = inside ? 0 : distanceToRing(p, outline);
    if (d > tolerance) continue;
    // Areas (rooms, slabs) are picked by their inside or by their edge; rank edges first.
    const area = e.kind === "room" || e.kind === "slab" || e.kind === "reference";
    const rank = PRIORITY[e.kind] * 10 + (area && inside ? 5 : 0) + d / (tolerance || 1);
    if (rank < bestRank) {
      best = e;
      bestRank = rank;
    }
  }
  return best;
}

/**
 * Elements taken by a selection box: `window` mode (dragged left to right) takes those wholly
 * inside, `crossing` mode (right to left) those it touches.
 */
export function elementsInBox(state: ModelState, elements: Iterable<Element>, box: Box2, mode: "window" | "crossing"): Element[] {
  const out: Element[] = [];
  for (const e of elements) {
    const b = boundsOf(elementOutline(state, e));
    if (!b) continue;
    if (mode === "window" ? boxContains(box, b) : boxesIntersect(box, b)) out.push(e);
  }
  return out;
}
