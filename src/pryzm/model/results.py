"""What deciding a command yields: the events to append, or why it was refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a command was refused. `code` is stable (clients and tests match on it)."""

    code: str
    message: str
    details: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            out["details"] = self.details
        return out


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the log: `type` plus the normalised fields of the command."""

    type: str
    data: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, **self.data}

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Event:
        data = dict(raw)
        return cls(type=data.pop("type"), data=data)
