/**
 * The wall tool: the first click sets the start, a rubber band follows the pointer, the
 * second click places the wall and starts the next one at its end (chaining) until Esc.
 * Points snap to the 0.1 m grid. A click on the start point itself is ignored (no
 * zero-length walls).
 */

import type { Point2 } from "../net/protocol";
import { length, snapPoint } from "../model/geometry";
import type { Wall } from "../model/mirror";
import type { Tool, ToolContext } from "./tool";

export const WALL_THICKNESS = 0.2;
export const WALL_HEIGHT = 3;

export class WallTool implements Tool {
  readonly name = "wall" as const;
  private start: Point2 | null = null;

  constructor(private readonly ctx: ToolContext) {}

  /** The chain's current start point, if a wall is being drawn. */
  get anchor(): Point2 | null {
    return this.start;
  }

  pointerDown(raw: Point2): void {
    const level = this.ctx.levelId();
    if (!level) return;
    const p = snapPoint(raw);
    if (!this.start) {
      this.start = p;
      this.preview(p);
      return;
    }
    if (length(this.start, p) === 0) return;
    this.ctx.issue({
      type: "place_wall",
      id: this.ctx.newId(),
      level_id: level,
      start: this.start,
      end: p,
      thickness: WALL_THICKNESS,
      height: WALL_HEIGHT,
    });
    this.start = p;
    this.preview(p);
  }

  pointerMove(raw: Point2): void {
    if (this.start) this.preview(snapPoint(raw));
  }

  keyDown(key: string): boolean {
    if (key !== "Escape" || !this.start) return false;
    this.cancel();
    return true;
  }

  cancel(): void {
    this.start = null;
    this.ctx.setPreview(null);
    this.ctx.hint("");
  }

  private preview(end: Point2): void {
    const start = this.start!;
    const level = this.ctx.levelId() ?? "";
    const wall: Wall = {
      id: "preview",
      level_id: level,
      start,
      end,
      thickness: WALL_THICKNESS,
      height: WALL_HEIGHT,
      base_offset: 0,
      material: "concrete",
    };
    this.ctx.setPreview(length(start, end) > 0 ? wall : null);
    this.ctx.hint(`wall ${length(start, end).toFixed(2)} m — click to place, Esc to stop`);
  }
}
