/**
 * Plan drawings (model metres, float64) and their three.js geometry on the ground plane
 * (three y = 0). A drawing is fills (polygons with holes), outlines (closed rings) and loose
 * segments; the origin is subtracted before coordinates become float32 vertices.
 */

import { BufferAttribute, BufferGeometry, ShapeUtils, Vector2 } from "three";
import type { Point2, Point3 } from "../net/protocol";
import type { Box2 } from "../model/geometry";

export interface PlanDrawing {
  fills: { ring: Point2[]; holes?: Point2[][] }[];
  outlines: Point2[][];
  lines: [Point2, Point2][];
}

export function emptyDrawing(): PlanDrawing {
  return { fills: [], outlines: [], lines: [] };
}

function push(out: number[], p: Point2, origin: Point3): void {
  out.push(p[0] - origin[0], 0, -(p[1] - origin[1]));
}

/** Triangles of the fills: a fan for convex rings without holes, earcut otherwise. */
export function fillGeometry(fills: PlanDrawing["fills"], origin: Point3): BufferGeometry {
  const positions: number[] = [];
  const index: number[] = [];
  for (const { ring, holes } of fills) {
    if (ring.length < 3) continue;
    const base = positions.length / 3;
    if (!holes?.length && isConvex(ring)) {
      for (const p of ring) push(positions, p, origin);
      for (let i = 1; i < ring.length - 1; i++) index.push(base, base + i, base + i + 1);
      continue;
    }
    const all = [ring, ...(holes ?? [])];
    for (const r of all) for (const p of r) push(positions, p, origin);
    const tris = ShapeUtils.triangulateShape(
      ring.map((p) => new Vector2(p[0], p[1])),
      (holes ?? []).map((h) => h.map((p) => new Vector2(p[0], p[1]))),
    );
    for (const [a, b, c] of tris) index.push(base + a!, base + b!, base + c!);
  }
  return indexed(positions, index);
}

/** Segments of the outlines (closed) and the loose lines. */
export function lineGeometry(d: Pick<PlanDrawing, "outlines" | "lines">, origin: Point3): BufferGeometry {
  const positions: number[] = [];
  for (const ring of d.outlines) {
    for (let i = 0; i < ring.length; i++) {
      push(positions, ring[i]!, origin);
      push(positions, ring[(i + 1) % ring.length]!, origin);
    }
  }
  for (const [a, b] of d.lines) {
    push(positions, a, origin);
    push(positions, b, origin);
  }
  return indexed(positions, null);
}

function isConvex(ring: Point2[]): boolean {
  let sign = 0;
  for (let i = 0; i < ring.length; i++) {
    const [ax, ay] = ring[i]!;
    const [bx, by] = ring[(i + 1) % ring.length]!;
    const [cx, cy] = ring[(i + 2) % ring.length]!;
    const z = (bx - ax) * (cy - by) - (by - ay) * (cx - bx);
    if (Math.abs(z) < 1e-12) continue;
    const s = Math.sign(z);
    if (sign && s !== sign) return false;
    sign = s;
  }
  return true;
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
