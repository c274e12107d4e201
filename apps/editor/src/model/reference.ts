/**
 * Reading a reference element's geometry (base64 little-endian arrays, vertices relative to
 * its float64 origin) for the plan: its bounding outline (picking, selection), its plan lines
 * (`edges`, e.g. a DXF underlay) and, for meshes without lines, their outline. Decoded once
 * per element value.
 */

import type { Point2 } from "../net/protocol";
import type { Reference } from "./elements";

export interface ReferencePlan {
  outline: Point2[];
  lines: [Point2, Point2][];
}

const cache = new WeakMap<Reference, ReferencePlan>();
const MAX_LINES = 50_000;

export function referencePlan(r: Reference): ReferencePlan {
  let plan = cache.get(r);
  if (!plan) cache.set(r, (plan = build(r)));
  return plan;
}

function build(r: Reference): ReferencePlan {
  const v = decode(r.vertices, "f32") as Float32Array;
  const edges = decode(r.edges, "u32") as Uint32Array;
  const [ox, oy] = r.origin;
  const at = (i: number): Point2 => [ox + v[3 * i]!, oy + v[3 * i + 1]!];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < v.length / 3; i++) {
    const [x, y] = at(i);
    minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  for (const t of r.texts) {
    minX = Math.min(minX, t.position[0]); minY = Math.min(minY, t.position[1]);
    maxX = Math.max(maxX, t.position[0]); maxY = Math.max(maxY, t.position[1]);
  }
  const outline: Point2[] = Number.isFinite(minX) ? [[minX, minY], [maxX, minY], [maxX, maxY], [minX, maxY]] : [];
  const lines: [Point2, Point2][] = [];
  for (let i = 0; i + 1 < edges.length && lines.length < MAX_LINES; i += 2) lines.push([at(edges[i]!), at(edges[i + 1]!)]);
  return { outline, lines };
}

function decode(text: string, kind: "f32" | "u32"): Float32Array | Uint32Array {
  if (!text) return kind === "f32" ? new Float32Array(0) : new Uint32Array(0);
  try {
    const bin = atob(text);
    const bytes = new Uint8Array(bin.length - (bin.length % 4));
    for (let i = 0; i < bytes.length; i++) bytes[i] = bin.charCodeAt(i);
    return kind === "f32" ? new Float32Array(bytes.buffer) : new Uint32Array(bytes.buffer);
  } catch {
    return kind === "f32" ? new Float32Array(0) : new Uint32Array(0);
  }
}
