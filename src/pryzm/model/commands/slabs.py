"""Slabs: place_slab (a polygon with optional holes, extruded down from its top), update_slab."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

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
)
from pryzm.model.state import Element, Slab, State


class PlaceSlab(Command):
    """A slab whose top lies at the level's elevation + `offset`, `thickness` deep."""

    type: Literal["place_slab"] = "place_slab"
    id: Id
    level_id: Id
    boundary: Ring
    holes: list[Ring] = Field(default_factory=list, max_length=1000)
    thickness: Length = 0.2
    offset: Offset = 0.0
    material: Name = "concrete"

    def decide(self, state: State):
        problem = check_new_id(state, self.id) or check_level(state, self.level_id)
        return problem or check_polygon(self.boundary, self.holes) or [self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        boundary = tuple(tuple(p) for p in data["boundary"])
        holes = tuple(tuple(tuple(p) for p in hole) for hole in data.get("holes", ()))
        fix_origin(state, boundary[0], data["level_id"])
        state.elements[data["id"]] = Slab(
            id=data["id"], level_id=data["level_id"], boundary=boundary, holes=holes,
            thickness=data["thickness"], offset=data["offset"], material=data["material"])


class UpdateSlab(UpdateCommand):
    """Change a slab's outline, holes, thickness, offset, material or level."""

    KINDS = ("slab",)
    type: Literal["update_slab"] = "update_slab"
    id: Id
    level_id: Id | None = None
    boundary: Ring | None = None
    holes: list[Ring] | None = Field(default=None, max_length=1000)
    thickness: Length | None = None
    offset: Offset | None = None
    material: Name | None = None

    def check(self, state: State, updated: Element):
        return super().check(state, updated) or check_polygon(
            list(updated.boundary), [list(h) for h in updated.holes])
