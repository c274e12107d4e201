/** The delete tool: the element under the pointer is outlined in red; a click deletes it. */

import type { Point2 } from "../net/protocol";
import { elementOutline } from "../model/geometry";
import type { PointerInfo, Tool, ToolContext } from "./tool";

export class DeleteTool implements Tool {
  readonly name = "delete" as const;

  constructor(private readonly ctx: ToolContext) {}

  pointerDown(p: Point2, _info?: PointerInfo): void {
    if (!this.ctx.canEdit()) return;
    const hit = this.ctx.pick(p);
    if (!hit) return;
    this.ctx.issue({ type: "delete_elements", ids: [hit.id] }, `delete ${hit.kind}`);
    this.ctx.select(this.ctx.selection().filter((id) => id !== hit.id));
    this.ctx.setPreview(null);
  }

  pointerMove(p: Point2, _info?: PointerInfo): void {
    const hit = this.ctx.pick(p);
    const ring = hit ? elementOutline(this.ctx.state(), hit) : [];
    this.ctx.setPreview(ring.length ? { shapes: [{ ring, style: "hover" }] } : null);
    this.ctx.hint(hit ? `click to delete this ${hit.kind}` : "point at an element to delete it");
  }

  pointerUp(): void {}

  keyDown(): boolean {
    return false;
  }

  cancel(): void {
    this.ctx.setPreview(null);
  }
}
