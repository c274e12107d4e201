/**
 * Geometry for the plan view, in three.js axes on the ground plane (three y = 0):
 * wall footprints (fill triangles and outlines) and grid lines. Model coordinates are
 * float64; the origin is subtracted before they become float32 vertices.
 */

import { BufferAttribute, BufferGeometry } from "three";
import type { Point2, Point3 } from "../net/protocol";
import { footprint, type Box2 } from "../model/geometry";
import type { Wall } from "../model/mirror";

type Footprinted = Pick<Wall, "start" | "end" | "thickness">;

function push(out: number[], p: Point2, origin: Point3): void {
  out.push(p[0] - origin[0], 0, -(p[1] - origin[1]));
}

/** Two triangles per wall footprint. */
export function wallFill(walls: Footprinted[], origin: Point3): BufferGeometry {
  const positions: number[] = [];
  const index: number[] = [];
  for (const w of walls) {
    const ring = footprint(w);
    if (ring.length !== 4) continue;
    const base = positions.length / 3;
    for (const p of ring) push(positions, p, origin);
    // Counter-clockwise in the model plane is clockwise seen from +y in three; the plan
    // materials are double-sided so winding does not matter.
    index.push(base, base + 1, base + 2, base, base + 2, base + 3);
  }
  return indexed(positions, index);
}

/** The four edges of each wall footprint, as line segments. */
export function wallOutline(walls: Footprinted[], origin: Point3): BufferGeometry {
  const positions: number[] = [];
  for (const w of walls) {
    const ring = footprint(w);
    for (let i = 0; i < ring.length; i++) {
      push(positions, ring[i]!, origin);
      push(positions, ring[(i + 1) % ring.length]!, origin);
    }
  }
  return indexed(positions, null);
}

export interface GridLines {
  minor: BufferGeometry;
  major: BufferGeometry;
  step: number;
}

/**
 * Grid lines covering `box`: 1 m lines with 10 m majors, coarsening by 10x whenever the lines
 * would be closer than `minPixels` at `scale` px/m.
 */
export function gridLines(box: Box2, scale: number, origin: Point3, minPixels = 6): GridLines {
  let step = 1;
  while (step * scale < minPixels && step < 1e6) step *= 10;
  const major = step * 10;
  const minorPos: number[] = [];
  const majorPos: number[] = [];
  const x0 = Math.floor(box.min[0] / step) * step;
  const y0 = Math.floor(box.min[1] / step) * step;
  for (let i = 0, x = x0; x <= box.max[0] + step; x = x0 + ++i * step) {
    const out = isMultiple(x, major) ? majorPos : minorPos;
    push(out, [x, box.min[1] - step], origin);
    push(out, [x, box.max[1] + step], origin);
  }
  for (let i = 0, y = y0; y <= box.max[1] + step; y = y0 + ++i * step) {
    const out = isMultiple(y, major) ? majorPos : minorPos;
    push(out, [box.min[0] - step, y], origin);
    push(out, [box.max[0] + step, y], origin);
  }
  return { minor: indexed(minorPos, null), major: indexed(majorPos, null), step };
}

function isMultiple(v: number, of: number): boolean {
  const r = Math.abs(v / of - Math.round(v / of));
  return r < 1e-6;
}

function indexed(positions: number[], index: number[] | null): BufferGeometry {
  const g = new BufferGeometry();
  g.setAttribute("position", new BufferAttribute(new Float32Array(positions), 3));
  if (index) g.setIndex(index);
  return g;
}
