/**
 * What a tool shows while it works, in model coordinates: shapes (footprints and polygons
 * being drawn), lines (rubber bands, angle guides), labels (live dimensions, reasons), the
 * active snap and a selection box. The plan view draws it; tools only describe it.
 */

import type { Point2 } from "../net/protocol";
import type { SnapKind } from "../model/snap";

export type ShapeStyle = "draft" | "invalid" | "ghost" | "hover";

export interface PreviewShape {
  ring: Point2[];
  style: ShapeStyle;
  /** Draw only the outline (e.g. an open polyline of a polygon being drawn). */
  open?: boolean;
}

export interface PreviewLine {
  a: Point2;
  b: Point2;
  style: "guide" | "draft" | "invalid" | "dimension";
}

export interface PreviewLabel {
  at: Point2;
  text: string;
  style?: "dimension" | "error" | "info";
}

export interface Preview {
  shapes?: PreviewShape[];
  lines?: PreviewLine[];
  labels?: PreviewLabel[];
  snap?: { point: Point2; kind: SnapKind } | null;
  box?: { a: Point2; b: Point2; mode: "window" | "crossing" } | null;
}

export function formatLength(m: number): string {
  return `${m.toFixed(2)} m`;
}

export function formatAngle(deg: number): string {
  return `${Number(deg.toFixed(1))}°`;
}

export function midpoint(a: Point2, b: Point2): Point2 {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}
