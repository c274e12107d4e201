"""Columns: place_column (a rectangular or circular profile, extruded up), update_column."""

from __future__ import annotations

from typing import Any, Literal

from pryzm.model.commands.base import (
    Angle,
    Command,
    Id,
    Length,
    Name,
    Offset,
    Point,
    UpdateCommand,
    check_level,
    check_new_id,
    fix_origin,
)
from pryzm.model.state import Column, State


class PlaceColumn(Command):
    """`shape` rect uses `width` x `depth` turned by `rotation` degrees about `position`;
    circle uses `diameter`."""

    type: Literal["place_column"] = "place_column"
    id: Id
    level_id: Id
    position: Point
    shape: Literal["rect", "circle"] = "rect"
    width: Length = 0.3
    depth: Length = 0.3
    diameter: Length = 0.3
    rotation: Angle = 0.0
    height: Length = 3.0
    base_offset: Offset = 0.0
    material: Name = "concrete"

    def decide(self, state: State):
        return check_new_id(state, self.id) or check_level(state, self.level_id) or [
            self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        fields = dict(data, position=tuple(data["position"]))
        fix_origin(state, fields["position"], fields["level_id"])
        state.elements[data["id"]] = Column(**fields)


class UpdateColumn(UpdateCommand):
    """Change a column's position, profile, rotation, height, base offset, material or
    level."""

    KINDS = ("column",)
    type: Literal["update_column"] = "update_column"
    id: Id
    level_id: Id | None = None
    position: Point | None = None
    shape: Literal["rect", "circle"] | None = None
    width: Length | None = None
    depth: Length | None = None
    diameter: Length | None = None
    rotation: Angle | None = None
    height: Length | None = None
    base_offset: Offset | None = None
    material: Name | None = None
