"""Walls: place_wall, update_wall."""

from __future__ import annotations

from typing import Any, Literal

from pryzm.model.commands.base import Command, Id, Length, Name, Offset, Point, reject
from pryzm.model.state import State, Wall

MIN_WALL_LENGTH = 0.01  # metres; shorter walls are almost always a double click


def _check_wall(state: State, wall: Wall):
    if wall.level_id not in state.levels:
        return reject("unknown_level", f"There is no level {wall.level_id}.",
                      level_id=wall.level_id)
    if wall.length < MIN_WALL_LENGTH:
        return reject("zero_length",
                      f"A wall must be at least {MIN_WALL_LENGTH * 1000:g} mm long.",
                      length=wall.length)
    return None


def _fix_origin(state: State, point: tuple[float, float], level_id: str) -> None:
    if state.origin is None:
        # Round to the kilometre so nearby models share an origin and numbers stay readable.
        elevation = state.levels[level_id].elevation
        state.origin = (round(point[0], -3), round(point[1], -3), round(elevation, -3))


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

    def decide(self, state: State):
        if self.id in state.elements or self.id in state.levels:
            return reject("duplicate_id", f"Id {self.id} is already in use.", id=self.id)
        problem = _check_wall(state, Wall(**self.model_dump(exclude={"type"})))
        return problem or [self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        fields = dict(data, start=tuple(data["start"]), end=tuple(data["end"]))
        _fix_origin(state, fields["start"], fields["level_id"])
        state.elements[data["id"]] = Wall(**fields)


class UpdateWall(Command):
    """Change any parameter of a wall; fields left out (or null) keep their value."""

    type: Literal["update_wall"] = "update_wall"
    id: Id
    level_id: Id | None = None
    start: Point | None = None
    end: Point | None = None
    thickness: Length | None = None
    height: Length | None = None
    base_offset: Offset | None = None
    material: Name | None = None

    def decide(self, state: State):
        current = state.elements.get(self.id)
        if current is None:
            return reject("unknown_element", f"There is no element {self.id}.", id=self.id)
        if current.kind != "wall":
            return reject("wrong_element_type", f"Element {self.id} is a {current.kind}, "
                          "not a wall.", id=self.id)
        updated = current.evolve(**self._changes())
        problem = _check_wall(state, updated)
        return problem or [self.event()]

    def _changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump(exclude={"type", "id"}).items() if v is not None}

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        changes = {k: tuple(v) if isinstance(v, list) else v
                   for k, v in data.items() if k not in ("id",) and v is not None}
        state.elements[data["id"]] = state.elements[data["id"]].evolve(**changes)
