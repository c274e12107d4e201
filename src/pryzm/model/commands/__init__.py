"""One module per command family. Each command is a pydantic model with:

    decide(state) -> list[Event] | Rejection    (pure; validates against the state)
    apply(state, data) -> None                  (classmethod; folds the normalised event in)
"""

from __future__ import annotations

from pryzm.model.commands.base import Command
from pryzm.model.commands.elements import DeleteElements
from pryzm.model.commands.levels import CreateLevel, UpdateLevel
from pryzm.model.commands.walls import PlaceWall, UpdateWall

COMMANDS: dict[str, type[Command]] = {
    cls.model_fields["type"].default: cls
    for cls in (CreateLevel, UpdateLevel, PlaceWall, UpdateWall, DeleteElements)
}

__all__ = ["COMMANDS", "Command"]
