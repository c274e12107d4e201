/**
 * Drawing a polygon (for slabs and rooms): click corners (snapped, with angle steps from the
 * previous corner), see the outline, each edge's length and the area; finish by clicking the
 * first corner again or pressing Enter; Backspace removes the last corner, Esc starts over.
 * The outline is checked before it is sent (at least three corners, some area, no crossing).
 */

import type { Command, Point2 } from "../net/protocol";
import { centroid, length, polygonArea, ringProblem } from "../model/geometry";
import type { SnapResult } from "../model/snap";
import { formatLength, midpoint, type Preview } from "./preview";
import type { PointerInfo, Tool, ToolContext, ToolName } from "./tool";

export abstract class PolygonTool implements Tool {
  abstract readonly name: ToolName;
  protected points: Point2[] = [];
  private last: SnapResult | null = null;

  constructor(protected readonly ctx: ToolContext) {}

  /** The command for a finished outline on `levelId`. */
  protected abstract make(levelId: string, ring: Point2[]): { command: Command; label: string };
  protected abstract readonly noun: string;

  get corners(): Point2[] {
    return [...this.points];
  }

  pointerDown(raw: Point2, info: PointerInfo): void {
    if (!this.ctx.level() || !this.ctx.canEdit()) return;
    const p = this.snap(raw, info).point;
    const first = this.points[0];
    if (first && this.points.length >= 3 && length(p, first) < 1e-9) {
      this.finish();
      return;
    }
    const prev = this.points[this.points.length - 1];
    if (prev && length(prev, p) < 1e-9) return;
    this.points.push(p);
    this.show(this.last);
    this.ctx.hint(this.points.length < 3 ? `click the next corner of the ${this.noun}` : `click the first corner or press Enter to finish the ${this.noun}`);
  }

  pointerMove(raw: Point2, info: PointerInfo): void {
    this.show(this.snap(raw, info));
  }

  pointerUp(): void {}

  keyDown(key: string, _info?: PointerInfo): boolean {
    if (!this.points.length) return false;
    if (key === "Enter") {
      this.finish();
      return true;
    }
    if (key === "Backspace") {
      this.points.pop();
      this.show(this.last);
      return true;
    }
    if (key === "Escape") {
      this.cancel();
      return true;
    }
    return false;
  }

  cancel(): void {
    this.points = [];
    this.ctx.setPreview(this.last ? { snap: this.last } : null);
    this.ctx.hint(`click the first corner of the ${this.noun}`);
  }

  private snap(raw: Point2, info: PointerInfo): SnapResult {
    const anchor = this.points[this.points.length - 1] ?? null;
    return this.ctx.snap(raw, { anchor, points: this.points, gridOnly: info.alt });
  }

  private finish(): void {
    const level = this.ctx.level();
    if (!level) return;
    const problem = this.points.length < 3 ? { message: "An outline needs at least three corners." } : ringProblem(this.points);
    if (problem) {
      this.ctx.notify(`${cap(this.noun)} not placed: ${problem.message}`, "error");
      return;
    }
    const { command, label } = this.make(level.id, this.points);
    this.ctx.issue(command, label);
    this.points = [];
    this.ctx.setPreview(this.last ? { snap: this.last } : null);
    this.ctx.hint(`${this.noun} placed — click the first corner of the next one`);
  }

  private show(s: SnapResult | null): void {
    this.last = s;
    if (!this.points.length || !s) {
      this.ctx.setPreview(s ? { snap: s } : null);
      return;
    }
    const ring = [...this.points, s.point];
    const closing = this.points.length >= 3 && length(s.point, this.points[0]!) < 1e-9;
    const outline = closing ? this.points : ring;
    const invalid = outline.length >= 3 && ringProblem(outline) !== null;
    const preview: Preview = { snap: s, shapes: [], lines: [], labels: [] };
    if (outline.length >= 3) preview.shapes!.push({ ring: outline, style: invalid ? "invalid" : "draft" });
    else preview.shapes!.push({ ring, style: "draft", open: true });
    const prev = this.points[this.points.length - 1]!;
    if (length(prev, s.point) > 0) preview.labels!.push({ at: midpoint(prev, s.point), text: formatLength(length(prev, s.point)), style: "dimension" });
    if (outline.length >= 3) preview.labels!.push({ at: centroid(outline), text: `${Math.abs(polygonArea(outline)).toFixed(2)} m²`, style: invalid ? "error" : "info" });
    if (s.guide) preview.lines!.push({ a: s.guide[0], b: s.guide[1], style: "guide" });
    this.ctx.setPreview(preview);
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
