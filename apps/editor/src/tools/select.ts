/**
 * The select tool: a click picks the wall under the pointer (or clears the selection);
 * Delete / Backspace deletes the selected wall; Esc clears the selection.
 */

import type { Point2 } from "../net/protocol";
import type { Tool, ToolContext } from "./tool";

export class SelectTool implements Tool {
  readonly name = "select" as const;

  constructor(private readonly ctx: ToolContext) {}

  pointerDown(p: Point2): void {
    this.ctx.select(this.ctx.wallAt(p)?.id ?? null);
  }

  pointerMove(): void {}

  keyDown(key: string): boolean {
    const selected = this.ctx.selection();
    if (!selected) return false;
    if (key === "Delete" || key === "Backspace") {
      this.ctx.issue({ type: "delete_elements", ids: [selected] });
      this.ctx.select(null);
      return true;
    }
    if (key === "Escape") {
      this.ctx.select(null);
      return true;
    }
    return false;
  }

  cancel(): void {}
}
