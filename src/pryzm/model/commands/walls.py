"""Walls: place_wall, update_wall."""

from __future__ import annotations

from typing import Any, Literal

from pryzm.model.commands.base import (
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
    reject,
)
from pryzm.model.commands.openings import check_openings_fit
from pryzm.model.state import State, Wall

MIN_WALL_LENGTH = 0.01  # metres; shorter walls are almost always a double click

Alignment = Literal["center", "left", "right"]


def _check_wall(state: State, wall: Wall):
    problem = check_level(state, wall.level_id)
    if problem:
        return problem
    if wall.length < MIN_WALL_LENGTH:
        return reject("zero_length",
                      f"A wall must be at least {MIN_WALL_LENGTH * 1000:g} mm long.",
                      length=wall.length)
    return None


class PlaceWall(Command):
    type: Literal["place_wall"] = "place_wall"
    id: Id
    level_id: Id
    start: Point
    end: Point
    thickness: Length = 0.2
    height: Length = 3.0
    base_offset: Offset = 0.0
    material: Name = "concrete"
    alignment: Alignment = "center"

    def decide(self, state: State):
        problem = check_new_id(state, self.id)
        problem = problem or _check_wall(state, Wall(**self.model_dump(exclude={"type"})))
        return problem or [self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        fields = dict(data, start=tuple(data["start"]), end=tuple(data["end"]))
        fix_origin(state, fields["start"], fields["level_id"])
        state.elements[data["id"]] = Wall(**fields)


class UpdateWall(UpdateCommand):
    """Change any parameter of a wall; fields left out (or null) keep their value. Refused
    with `opening_outside_host` if a hosted opening would no longer fit."""

    KINDS = ("wall",)
    type: Literal["update_wall"] = "update_wall"
    id: Id
    level_id: Id | None = None
    start: Point | None = None
    end: Point | None = None
    thickness: Length | None = None
    height: Length | None = None
    base_offset: Offset | None = None
    material: Name | None = None
    alignment: Alignment | None = None

    def check(self, state: State, updated: Wall):
        return _check_wall(state, updated) or check_openings_fit(updated,
                                                                 state.openings_of(self.id))

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        super().apply(state, data)
        if data.get("level_id") is not None:  # its openings move with it
            for opening in state.openings_of(data["id"]):
                state.elements[opening.id] = opening.evolve(level_id=data["level_id"])
