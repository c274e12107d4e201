/** The slab tool: a polygon (see polygon.ts) becomes `place_slab` at the level's floor. */

import type { Point2 } from "../net/protocol";
import { PolygonTool } from "./polygon";

export const SLAB_THICKNESS = 0.2;

export class SlabTool extends PolygonTool {
  readonly name = "slab" as const;
  protected readonly noun = "slab";

  protected make(levelId: string, ring: Point2[]) {
    return {
      command: { type: "place_slab" as const, id: this.ctx.newId(), level_id: levelId, boundary: ring, thickness: SLAB_THICKNESS, offset: 0 },
      label: "draw slab",
    };
  }
}
