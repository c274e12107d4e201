/**
 * The room tool: a polygon (see polygon.ts) becomes `place_room` named "Room", numbered after
 * the rooms already on the level (1, 2, 3, ...).
 */

import type { Point2 } from "../net/protocol";
import { PolygonTool } from "./polygon";

export class RoomTool extends PolygonTool {
  readonly name = "room" as const;
  protected readonly noun = "room";

  protected make(levelId: string, ring: Point2[]) {
    const numbers = this.ctx
      .state()
      .on(levelId)
      .filter((e) => e.kind === "room")
      .map((e) => Number((e as { number: string }).number))
      .filter((n) => Number.isInteger(n));
    const next = numbers.length ? Math.max(...numbers) + 1 : 1;
    return {
      command: { type: "place_room" as const, id: this.ctx.newId(), level_id: levelId, boundary: ring, name: "Room", number: String(next) },
      label: "draw room",
    };
  }
}
