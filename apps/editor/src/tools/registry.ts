/** Every plan tool, built on one context. */

import { ColumnTool } from "./column";
import { DeleteTool } from "./delete";
import { OpeningTool } from "./opening";
import { RoomTool } from "./room";
import { SelectTool } from "./select";
import { SlabTool } from "./slab";
import type { Tool, ToolContext, ToolName } from "./tool";
import { WallTool } from "./wall";

export function buildTools(ctx: ToolContext): Record<ToolName, Tool> {
  return {
    select: new SelectTool(ctx),
    wall: new WallTool(ctx),
    door: new OpeningTool(ctx, "door"),
    window: new OpeningTool(ctx, "window"),
    slab: new SlabTool(ctx),
    column: new ColumnTool(ctx),
    room: new RoomTool(ctx),
    delete: new DeleteTool(ctx),
  };
}
