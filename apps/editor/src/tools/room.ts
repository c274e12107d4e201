/**
 * The room tool. Inside a space closed by walls, the space lights up with its area and a click
 * places a room that fills it (to the walls' inner faces); anywhere else (on a wall face or
 * corner too), or with Shift held, clicks draw the room's outline corner by corner (see
 * polygon.ts). A space that already has a room is not offered again. Rooms are named "Room" and
 * numbered after the rooms already on the level (1, 2, 3, ...).
 */

import type { Wall } from "../model/elements";
import type { Point2 } from "../net/protocol";
import { centroid, distanceToRing, pointInPolygon, polygonArea } from "../model/geometry";
import { enclosedSpaces, spaceAt } from "../model/spaces";
import { PolygonTool } from "./polygon";
import type { PointerInfo } from "./tool";

export class RoomTool extends PolygonTool {
  readonly name = "room" as const;
  protected readonly noun = "room";
  private spaces: { key: string; rings: Point2[][] } | null = null;

  override pointerMove(raw: Point2, info: PointerInfo): void {
    const space = this.spaceFor(raw, info);
    if (!space) {
      super.pointerMove(raw, info);
      return;
    }
    const area = Math.abs(polygonArea(space)).toFixed(2);
    this.ctx.setPreview({ shapes: [{ ring: space, style: "draft" }], labels: [{ at: centroid(space), text: `${area} m²`, style: "info" }] });
    this.ctx.hint("click to place a room filling this space · Shift+click to draw its outline instead");
  }

  override pointerDown(raw: Point2, info: PointerInfo): void {
    const level = this.ctx.level();
    const space = level && this.ctx.canEdit() ? this.spaceFor(raw, info) : null;
    if (!level || !space) {
      super.pointerDown(raw, info);
      return;
    }
    const { command } = this.make(level.id, space);
    this.ctx.issue(command, "place room");
    this.ctx.setPreview(null);
    this.ctx.hint("room placed — click inside other walls, or Shift+click to draw an outline");
  }

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

  /** The closed space under the pointer, unless an outline is being drawn or Shift is held. */
  private spaceFor(p: Point2, info: PointerInfo): Point2[] | null {
    const level = this.ctx.level();
    if (!level || info.shift || this.corners.length > 0) return null;
    const onLevel = this.ctx.state().on(level.id);
    if (onLevel.some((e) => e.kind === "room" && pointInPolygon(p, e.boundary))) return null; // taken
    const walls = onLevel.filter((e): e is Wall => e.kind === "wall");
    const key = walls.map((w) => `${w.id}:${w.start}:${w.end}:${w.thickness}:${w.alignment ?? ""}`).join("|");
    if (this.spaces?.key !== key) this.spaces = { key, rings: enclosedSpaces(walls) };
    const space = spaceAt(this.spaces.rings, p);
    // On (or a few pixels from) a wall face or corner the user is aiming at a corner of an
    // outline, not at the space.
    return space && distanceToRing(p, space) > this.ctx.tolerance() ? space : null;
  }
}
