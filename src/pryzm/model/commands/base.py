"""Shared pieces of the command models: strict parsing and bounded numbers."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from pryzm.model.core import Event, Rejection
    from pryzm.model.state import State

# Coordinates are metres in project space; georeferenced models sit millions of metres
# from zero, so the bound is generous but finite.
Coord = Annotated[float, Field(allow_inf_nan=False, ge=-1e8, le=1e8)]
Point = tuple[Coord, Coord]
Length = Annotated[float, Field(allow_inf_nan=False, gt=0, le=1000)]
Offset = Annotated[float, Field(allow_inf_nan=False, ge=-1000, le=1000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


def _uuid_text(value: str) -> str:
    return str(uuid.UUID(value))


Id = Annotated[str, AfterValidator(_uuid_text)]


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    type: str
    label: ClassVar[str] = ""

    def decide(self, state: State) -> list[Event] | Rejection:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def event(self) -> Event:
        from pryzm.model.core import Event

        data = self.model_dump(mode="json", exclude_none=True)
        return Event(type=data.pop("type"), data=data)


def reject(code: str, message: str, **details: Any) -> Rejection:
    from pryzm.model.core import Rejection

    return Rejection(code, message, details or None)
