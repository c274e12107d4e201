"""One module per command family. Each command is a pydantic model with:

    decide(state) -> list[Event] | Rejection    (pure; validates against the state)
    apply(state, data) -> None                  (classmethod; folds the normalised event in)

docs/model/commands.md lists every command, its fields and defaults, and every reject code.
"""

from __future__ import annotations

from pryzm.model.commands.base import Command
from pryzm.model.commands.batch import Batch
from pryzm.model.commands.columns import PlaceColumn, UpdateColumn
from pryzm.model.commands.elements import DeleteElements, MoveElements, SetProperties
from pryzm.model.commands.levels import CreateLevel, DeleteLevel, UpdateLevel
from pryzm.model.commands.openings import PlaceOpening, UpdateOpening
from pryzm.model.commands.reference import PlaceReference
from pryzm.model.commands.rooms import PlaceRoom, UpdateRoom
from pryzm.model.commands.slabs import PlaceSlab, UpdateSlab
from pryzm.model.commands.walls import PlaceWall, UpdateWall

COMMANDS: dict[str, type[Command]] = {
    cls.model_fields["type"].default: cls
    for cls in (CreateLevel, UpdateLevel, DeleteLevel, PlaceWall, UpdateWall, PlaceOpening,
                UpdateOpening, PlaceSlab, UpdateSlab, PlaceColumn, UpdateColumn, PlaceRoom,
                UpdateRoom, DeleteElements,
                MoveElements, SetProperties, PlaceReference, Batch)
}

__all__ = ["COMMANDS", "Command"]
