"""Levels: create_level, update_level."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from pryzm.model.commands.base import Command, Id, Length, Name, Offset, reject
from pryzm.model.state import Level, State


class CreateLevel(Command):
    type: Literal["create_level"] = "create_level"
    id: Id
    name: Name
    elevation: Offset = 0.0
    height: Length = 3.0

    def decide(self, state: State):
        if self.id in state.levels or self.id in state.elements:
            return reject("duplicate_id", f"Id {self.id} is already in use.", id=self.id)
        return [self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        state.levels[data["id"]] = Level(data["id"], data["name"], data["elevation"],
                                         data["height"])


class UpdateLevel(Command):
    type: Literal["update_level"] = "update_level"
    id: Id
    name: Name | None = None
    elevation: Offset | None = None
    height: Length | None = Field(default=None)

    def decide(self, state: State):
        if self.id not in state.levels:
            return reject("unknown_level", f"There is no level {self.id}.", id=self.id)
        return [self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        changes = {k: v for k, v in data.items() if k != "id" and v is not None}
        state.levels[data["id"]] = state.levels[data["id"]].evolve(**changes)
