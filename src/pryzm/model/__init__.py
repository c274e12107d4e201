"""The pure domain core: commands are decided against a state, events are applied to it.

    decide(state, command) -> list[Event] | Rejection
    apply(state, event)    -> state

Nothing in this package does I/O. Services feed it and act on what it returns.
Commands and reject codes: docs/model/commands.md.
"""

from pryzm.model.core import Event, Rejection, apply, apply_all, decide, parse_command
from pryzm.model.state import (
    Column,
    Element,
    Level,
    Opening,
    Reference,
    Room,
    Slab,
    State,
    Wall,
)

__all__ = [
    "Column",
    "Element",
    "Event",
    "Level",
    "Opening",
    "Reference",
    "Rejection",
    "Room",
    "Slab",
    "State",
    "Wall",
    "apply",
    "apply_all",
    "decide",
    "parse_command",
]
