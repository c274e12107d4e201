/**
 * What each element looks like in plan, as drawings per layer: slabs and rooms as areas,
 * walls as filled footprints, doors as a gap with a leaf and its swing, windows as a gap with
 * the glass line, columns as filled outlines. Pure: model in, drawings out.
 */

import type { Point2 } from "../net/protocol";
import type { Element, ModelState, Opening, Wall } from "../model/elements";
import { columnOutline, elementOutline, footprint, openingFootprint, wallFaces, wallFrame } from "../model/geometry";
import { referencePlan } from "../model/reference";
import { emptyDrawing, type PlanDrawing } from "./planGeometry";

export interface PlanLayers {
  slabs: PlanDrawing;
  rooms: PlanDrawing;
  walls: PlanDrawing;
  openings: PlanDrawing;
  openingLines: PlanDrawing;
  columns: PlanDrawing;
  references: PlanDrawing;
}

export function planLayers(state: ModelState, elements: Iterable<Element>): PlanLayers {
  const layers: PlanLayers = {
    slabs: emptyDrawing(),
    rooms: emptyDrawing(),
    walls: emptyDrawing(),
    openings: emptyDrawing(),
    openingLines: emptyDrawing(),
    columns: emptyDrawing(),
    references: emptyDrawing(),
  };
  for (const e of elements) {
    switch (e.kind) {
      case "slab":
        layers.slabs.fills.push({ ring: e.boundary, holes: e.holes });
        layers.slabs.outlines.push(e.boundary, ...e.holes);
        break;
      case "room":
        layers.rooms.fills.push({ ring: e.boundary });
        layers.rooms.outlines.push(e.boundary);
        break;
      case "wall": {
        const fp = footprint(e);
        if (fp.length) {
          layers.walls.fills.push({ ring: fp });
          layers.walls.outlines.push(fp);
        }
        break;
      }
      case "door":
      case "window": {
        const host = state.elements.get(e.host_id);
        if (host?.kind !== "wall") break;
        layers.openings.fills.push({ ring: openingFootprint(host, e) });
        openingSymbol(host, e, layers.openingLines);
        break;
      }
      case "column": {
        const ring = columnOutline(e);
        layers.columns.fills.push({ ring });
        layers.columns.outlines.push(ring);
        break;
      }
      case "reference": {
        const plan = referencePlan(e);
        if (plan.lines.length) layers.references.lines.push(...plan.lines);
        else if (plan.outline.length) layers.references.outlines.push(plan.outline);
        break;
      }
    }
  }
  return layers;
}

/** Door: jambs, the leaf opened 90° to its side and its quarter-circle swing. Window: jambs and glass line. */
export function openingSymbol(host: Wall, o: Pick<Opening, "kind" | "offset" | "width" | "flip">, out: PlanDrawing): void {
  const { u, n } = wallFrame(host);
  const [lo, hi] = wallFaces(host);
  const at = (s: number, k: number): Point2 => [host.start[0] + u[0] * s + n[0] * k, host.start[1] + u[1] * s + n[1] * k];
  const a = o.offset;
  const b = o.offset + o.width;
  out.lines.push([at(a, lo), at(a, hi)], [at(b, lo), at(b, hi)]);
  if (o.kind === "window") {
    const mid = (lo + hi) / 2;
    out.lines.push([at(a, mid), at(b, mid)], [at(a, lo), at(b, lo)], [at(a, hi), at(b, hi)]);
    return;
  }
  // As the bake draws it: the leaf on the `lo` face, or on the `hi` face when flipped.
  const side = o.flip ? 1 : -1;
  const face = o.flip ? hi : lo;
  const hinge = at(a, face);
  const tip = at(a, face + side * o.width);
  out.lines.push([hinge, tip]);
  const steps = 12;
  let prev = tip;
  for (let i = 1; i <= steps; i++) {
    const t = (Math.PI / 2) * (1 - i / steps);
    const p = at(a + o.width * Math.cos(t), face + side * o.width * Math.sin(t));
    out.lines.push([prev, p]);
    prev = p;
  }
}

/** Outlines of elements (for selection, pending and remote-selection highlights). */
export function outlinesOf(state: ModelState, elements: Iterable<Element>): PlanDrawing {
  const d = emptyDrawing();
  for (const e of elements) {
    const ring = elementOutline(state, e);
    if (ring.length >= 3) {
      d.outlines.push(ring);
      d.fills.push({ ring });
    }
  }
  return d;
}
