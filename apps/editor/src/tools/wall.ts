/**
 * The wall tool: the first click sets the start, a rubber band follows the (snapped) pointer
 * with its live length and angle, the next click places the wall and starts the next one at
 * its end (chaining). Typing a length (and `<angle`) then Enter places a wall of that size.
 * A click back on the chain's first point closes the loop and ends the chain; Esc ends it.
 */

import type { Point2 } from "../net/protocol";
import { footprint, length } from "../model/geometry";
import { angleOf, type SnapResult } from "../model/snap";
import { formatAngle, formatLength, midpoint, type Preview } from "./preview";
import type { PointerInfo, Tool, ToolContext } from "./tool";
import { TypedInput } from "./typedInput";

export const WALL_THICKNESS = 0.2;
export const MIN_WALL = 0.01;

export class WallTool implements Tool {
  readonly name = "wall" as const;
  private start: Point2 | null = null;
  private chainStart: Point2 | null = null;
  private last: SnapResult | null = null;
  private readonly typed = new TypedInput();

  constructor(private readonly ctx: ToolContext) {}

  /** The chain's current start point, if a wall is being drawn. */
  get anchor(): Point2 | null {
    return this.start;
  }

  get typedText(): string {
    return this.typed.text;
  }

  pointerDown(raw: Point2, info: PointerInfo): void {
    if (!this.ctx.level() || !this.ctx.canEdit()) return;
    const s = this.snap(raw, info);
    if (!this.start) {
      this.start = this.chainStart = s.point;
      this.show(s);
      this.ctx.hint("click the end of the wall, or type a length (e.g. 4.5 or 4.5<90) and Enter; Esc ends");
      return;
    }
    this.place(s.point);
  }

  pointerMove(raw: Point2, info: PointerInfo): void {
    this.show(this.snap(raw, info));
  }

  pointerUp(): void {}

  keyDown(key: string, _info?: PointerInfo): boolean {
    if (!this.start) return false;
    if (this.typed.key(key)) {
      this.show(this.last);
      return true;
    }
    if (key === "Enter" && this.typed.active) {
      const input = this.typed.parse();
      if (!input) {
        this.ctx.notify(`"${this.typed.text}" is not a length: type e.g. 4.5 or 4.5<90, then Enter.`, "error");
        return true;
      }
      const angle = input.angle ?? (this.last && length(this.start, this.last.point) > 0 ? angleOf(this.start, this.last.point) : 0);
      const rad = (angle * Math.PI) / 180;
      const end: Point2 = [round(this.start[0] + input.length * Math.cos(rad)), round(this.start[1] + input.length * Math.sin(rad))];
      this.typed.clear();
      this.place(end);
      return true;
    }
    if (key === "Escape") {
      if (this.typed.active) {
        this.typed.clear();
        this.show(this.last);
      } else this.cancel();
      return true;
    }
    return false;
  }

  cancel(): void {
    this.start = this.chainStart = null;
    this.typed.clear();
    this.ctx.setPreview(this.last ? { snap: this.last } : null);
    this.ctx.hint("click to start a wall");
  }

  private snap(raw: Point2, info: PointerInfo): SnapResult {
    return this.ctx.snap(raw, { anchor: this.start, points: this.chainStart ? [this.chainStart] : [], gridOnly: info.alt });
  }

  private place(end: Point2): void {
    const level = this.ctx.level();
    const start = this.start;
    if (!level || !start) return;
    if (length(start, end) < MIN_WALL) return; // a click on the start point
    this.ctx.issue(
      {
        type: "place_wall",
        id: this.ctx.newId(),
        level_id: level.id,
        start,
        end,
        thickness: WALL_THICKNESS,
        height: level.height,
      },
      "draw wall",
    );
    const closed = this.chainStart !== null && length(end, this.chainStart) < 1e-9;
    if (closed) {
      this.cancel();
      this.ctx.hint("loop closed — click to start another wall");
      return;
    }
    this.start = end;
    this.show(this.last);
  }

  private show(s: SnapResult | null): void {
    this.last = s;
    const start = this.start;
    if (!start || !s) {
      this.ctx.setPreview(s ? { snap: s } : null);
      return;
    }
    const end = s.point;
    const len = length(start, end);
    const preview: Preview = { snap: s, lines: [], labels: [], shapes: [] };
    if (s.guide) preview.lines!.push({ a: s.guide[0], b: s.guide[1], style: "guide" });
    if (len >= MIN_WALL) {
      preview.shapes!.push({ ring: footprint({ start, end, thickness: WALL_THICKNESS }), style: "draft" });
      const text = this.typed.active ? `${this.typed.text}▏` : `${formatLength(len)} · ${formatAngle(angleOf(start, end))}`;
      preview.labels!.push({ at: midpoint(start, end), text, style: "dimension" });
    } else if (this.typed.active) {
      preview.labels!.push({ at: start, text: `${this.typed.text}▏`, style: "dimension" });
    }
    this.ctx.setPreview(preview);
  }
}

function round(v: number): number {
  return Math.round(v * 1e9) / 1e9 + 0;
}
