/**
 * The plan view's 2D viewport: which model point is at the canvas centre and how many CSS
 * pixels one metre takes. Pure math, shared by drawing (camera frustum), picking
 * (screen -> model) and the test hook `planToScreen` (model -> screen).
 * Screen y grows downwards; model y grows upwards (north).
 */

import type { Point2 } from "../net/protocol";
import type { Box2 } from "../model/geometry";

export const MIN_SCALE = 0.2; // px per metre
export const MAX_SCALE = 2000;
export const DEFAULT_SCALE = 40;

export class PlanViewport {
  center: Point2 = [0, 0];
  scale = DEFAULT_SCALE;
  width = 1;
  height = 1;

  resize(width: number, height: number): void {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
  }

  /** Canvas-local CSS pixels of a model point. */
  toScreen(p: Point2): { x: number; y: number } {
    return {
      x: this.width / 2 + (p[0] - this.center[0]) * this.scale,
      y: this.height / 2 - (p[1] - this.center[1]) * this.scale,
    };
  }

  /** The model point under canvas-local CSS pixels. */
  toModel(x: number, y: number): Point2 {
    return [
      this.center[0] + (x - this.width / 2) / this.scale,
      this.center[1] - (y - this.height / 2) / this.scale,
    ];
  }

  /** Move the view with the pointer: a drag of (dx, dy) pixels. */
  panBy(dx: number, dy: number): void {
    this.center = [this.center[0] - dx / this.scale, this.center[1] + dy / this.scale];
  }

  /** Zoom by `factor`, keeping the model point under (x, y) where it is. */
  zoomAt(x: number, y: number, factor: number): void {
    const anchor = this.toModel(x, y);
    this.scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.scale * factor));
    const after = this.toModel(x, y);
    this.center = [this.center[0] + anchor[0] - after[0], this.center[1] + anchor[1] - after[1]];
  }

  /** Frame `box` with `margin` pixels around it. */
  fit(box: Box2, margin = 48): void {
    const w = Math.max(box.max[0] - box.min[0], 1);
    const h = Math.max(box.max[1] - box.min[1], 1);
    const sx = (this.width - 2 * margin) / w;
    const sy = (this.height - 2 * margin) / h;
    this.scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, Math.min(sx, sy)));
    this.center = [(box.min[0] + box.max[0]) / 2, (box.min[1] + box.max[1]) / 2];
  }

  /** The model rectangle the canvas shows. */
  visible(): Box2 {
    const a = this.toModel(0, this.height);
    const b = this.toModel(this.width, 0);
    return { min: a, max: b };
  }
}
