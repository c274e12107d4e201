/**
 * Model <-> three.js coordinates. The model is metres with z up; three.js (like glTF and the
 * baked meshes) is y up. A model point (x, y, z) is drawn at (x - ox, z - oz, -(y - oy)),
 * relative to the project origin (ox, oy, oz), so float32 stays precise far from zero.
 */

import type { Point3 } from "../net/protocol";

export type Vec3 = [number, number, number];

export const ZERO_ORIGIN: Point3 = [0, 0, 0];

export function modelToThree(p: Point3, origin: Point3 = ZERO_ORIGIN): Vec3 {
  return [p[0] - origin[0], p[2] - origin[2], -(p[1] - origin[1])];
}

export function threeToModel(v: Vec3, origin: Point3 = ZERO_ORIGIN): Point3 {
  return [v[0] + origin[0], -v[2] + origin[1], v[1] + origin[2]];
}
