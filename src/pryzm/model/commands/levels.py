"""Levels: create_level, update_level, delete_level."""

from __future__ import annotations

from typing import Any, Literal

from pryzm.model.commands.base import (
    Command,
    Flag,
    Id,
    Length,
    Name,
    Offset,
    check_level,
    check_new_id,
    reject,
)
from pryzm.model.state import Level, State


class CreateLevel(Command):
    type: Literal["create_level"] = "create_level"
    id: Id
    name: Name
    elevation: Offset = 0.0
    height: Length = 3.0

    def decide(self, state: State):
        return check_new_id(state, self.id) or [self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        state.levels[data["id"]] = Level(data["id"], data["name"], data["elevation"],
                                         data["height"])


class UpdateLevel(Command):
    """Rename a level, or set its elevation or default height; fields left out keep theirs."""

    type: Literal["update_level"] = "update_level"
    id: Id
    name: Name | None = None
    elevation: Offset | None = None
    height: Length | None = None

    def decide(self, state: State):
        return check_level(state, self.id) or [self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        changes = {k: v for k, v in data.items() if k != "id" and v is not None}
        state.levels[data["id"]] = state.levels[data["id"]].evolve(**changes)


class DeleteLevel(Command):
    """Delete a level. Refused while elements remain on it unless `cascade` is true, which
    deletes them with it (openings go with their host walls)."""

    type: Literal["delete_level"] = "delete_level"
    id: Id
    cascade: Flag = False

    def decide(self, state: State):
        problem = check_level(state, self.id)
        if problem:
            return problem
        on_level = sorted(e.id for e in state.elements.values() if e.level_id == self.id)
        if on_level and not self.cascade:
            return reject("level_not_empty",
                          f"Level {self.id} still has {len(on_level)} element(s); delete them "
                          "first or pass cascade: true.",
                          id=self.id, count=len(on_level), element_ids=on_level[:50])
        return [self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        level_id = data["id"]
        for element_id in [e.id for e in state.elements.values() if e.level_id == level_id]:
            del state.elements[element_id]
        del state.levels[level_id]
