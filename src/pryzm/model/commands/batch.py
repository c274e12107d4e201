"""batch: several commands applied atomically (all or nothing), e.g. one undo step or a
plugin's edit. Each sub-command is decided against the state left by the ones before it;
the batch's events are theirs, in order (a batch is never itself an event)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from pryzm.model.commands.base import Command, reject
from pryzm.model.results import Rejection
from pryzm.model.state import State

MAX_BATCH = 10_000
MAX_DEPTH = 16  # batches inside batches: an undo step of an undo step is two


def _too_deep(commands: list[Any]) -> bool:
    """More than MAX_DEPTH levels of batches below (a breadth-first walk, no recursion)."""
    level = [c for c in commands if isinstance(c, dict) and c.get("type") == "batch"]
    for _ in range(MAX_DEPTH - 1):  # (this batch is the first level)
        if not level:
            return False
        level = [c for b in level if isinstance(b.get("commands"), list)
                 for c in b["commands"] if isinstance(c, dict) and c.get("type") == "batch"]
    return bool(level)


def _located(index: int, details: dict[str, Any] | None) -> dict[str, Any]:
    """The sub-command's details plus where it sits: `index` in this batch, and `path`
    (indices from the outermost batch down) when batches nest."""
    inner = dict(details or {})
    below = inner.pop("path", None) or ([inner["index"]] if "index" in inner else [])
    inner.pop("index", None)
    return {**inner, "index": index, **({"path": [index, *below]} if below else {})}


class Batch(Command):
    type: Literal["batch"] = "batch"
    commands: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_BATCH)

    def decide(self, state: State):
        from pryzm.model.core import apply_all, decide  # core dispatches to this module

        if _too_deep(self.commands):
            return reject("invalid_command", f"Batches nest at most {MAX_DEPTH} deep.",
                          limit=MAX_DEPTH)
        scratch = state.copy()
        events = []
        for index, raw in enumerate(self.commands):
            result = decide(scratch, raw)
            if isinstance(result, Rejection):
                kind = raw.get("type", "?")
                return reject(result.code, f"batch command {index} ({kind}): {result.message}",
                              **_located(index, result.details))
            apply_all(scratch, result)
            events.extend(result)
        return events

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        raise TypeError("batch is never an event: apply the events its decide returned")
