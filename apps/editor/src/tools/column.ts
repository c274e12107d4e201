/** The column tool: a 0.3 m square column follows the snapped pointer; a click places it. */

import type { Point2 } from "../net/protocol";
import { columnOutline } from "../model/geometry";
import type { SnapResult } from "../model/snap";
import type { PointerInfo, Tool, ToolContext } from "./tool";

export const COLUMN_SIZE = 0.3;

export class ColumnTool implements Tool {
  readonly name = "column" as const;
  private last: SnapResult | null = null;

  constructor(private readonly ctx: ToolContext) {}

  pointerDown(raw: Point2, info: PointerInfo): void {
    const level = this.ctx.level();
    if (!level || !this.ctx.canEdit()) return;
    const { point } = this.ctx.snap(raw, { gridOnly: info.alt });
    this.ctx.issue(
      { type: "place_column", id: this.ctx.newId(), level_id: level.id, position: point, shape: "rect", width: COLUMN_SIZE, depth: COLUMN_SIZE, height: level.height },
      "place column",
    );
  }

  pointerMove(raw: Point2, info: PointerInfo): void {
    this.last = this.ctx.snap(raw, { gridOnly: info.alt });
    const ring = columnOutline({ position: this.last.point, shape: "rect", width: COLUMN_SIZE, depth: COLUMN_SIZE, diameter: COLUMN_SIZE, rotation: 0 });
    this.ctx.setPreview({ snap: this.last, shapes: [{ ring, style: "draft" }] });
  }

  pointerUp(): void {}

  keyDown(): boolean {
    return false;
  }

  cancel(): void {
    this.ctx.setPreview(null);
  }
}
