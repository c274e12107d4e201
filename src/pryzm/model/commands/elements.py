"""Commands on any element: delete_elements."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from pryzm.model.commands.base import Command, Id, reject
from pryzm.model.state import State


class DeleteElements(Command):
    type: Literal["delete_elements"] = "delete_elements"
    ids: list[Id] = Field(min_length=1, max_length=100_000)

    def decide(self, state: State):
        missing = [i for i in self.ids if i not in state.elements]
        if missing:
            return reject("unknown_element", f"There is no element {missing[0]}.",
                          ids=missing)
        if len(set(self.ids)) != len(self.ids):
            return reject("invalid_command", "delete_elements lists an id twice.")
        return [self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        for element_id in data["ids"]:
            del state.elements[element_id]
