"""Rooms: place_room (a named space bounded by a polygon; area, perimeter and volume are
computed by the bake), update_room."""

from __future__ import annotations

from typing import Any, Literal

from pryzm.model.commands.base import (
    Command,
    Id,
    Length,
    Name,
    Offset,
    Ring,
    UpdateCommand,
    check_level,
    check_new_id,
    check_polygon,
    fix_origin,
    text,
)
from pryzm.model.state import Element, Room, State


class PlaceRoom(Command):
    """`height` left out means the level's height (and follows it)."""

    type: Literal["place_room"] = "place_room"
    id: Id
    level_id: Id
    boundary: Ring
    name: Name = "Room"
    number: text(50) = ""
    height: Length | None = None
    base_offset: Offset = 0.0

    def decide(self, state: State):
        problem = check_new_id(state, self.id) or check_level(state, self.level_id)
        return problem or check_polygon(self.boundary) or [self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        boundary = tuple(tuple(p) for p in data["boundary"])
        fix_origin(state, boundary[0], data["level_id"])
        state.elements[data["id"]] = Room(
            id=data["id"], level_id=data["level_id"], boundary=boundary, name=data["name"],
            number=data["number"], height=data.get("height"), base_offset=data["base_offset"])


class UpdateRoom(UpdateCommand):
    """Rename or renumber a room, change its outline, height, base offset or level. (A room
    placed without a height follows its level's; giving one here fixes it.)"""

    KINDS = ("room",)
    type: Literal["update_room"] = "update_room"
    id: Id
    level_id: Id | None = None
    boundary: Ring | None = None
    name: Name | None = None
    number: text(50) | None = None
    height: Length | None = None
    base_offset: Offset | None = None

    def check(self, state: State, updated: Element):
        return super().check(state, updated) or check_polygon(
            list(updated.boundary))
