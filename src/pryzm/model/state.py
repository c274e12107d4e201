"""The project state: levels and elements, keyed by client-generated UUIDs.

Values are frozen; the maps are owned by one `State`, which `apply` updates in place.
`State.copy()` gives an independent replica (cheap: it copies the maps, not the values).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

Point2 = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    name: str
    elevation: float = 0.0
    height: float = 3.0

    def evolve(self, **changes: Any) -> Level:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Wall:
    id: str
    level_id: str
    start: Point2
    end: Point2
    thickness: float = 0.2
    height: float = 3.0
    base_offset: float = 0.0
    material: str = "concrete"
    kind: str = field(default="wall", init=False)

    def evolve(self, **changes: Any) -> Wall:
        return replace(self, **changes)

    @property
    def length(self) -> float:
        dx, dy = self.end[0] - self.start[0], self.end[1] - self.start[1]
        return (dx * dx + dy * dy) ** 0.5


Element = Wall


@dataclass(slots=True)
class State:
    """Everything the model knows at `seq` (the last event folded in)."""

    seq: int = 0
    levels: dict[str, Level] = field(default_factory=dict)
    elements: dict[str, Element] = field(default_factory=dict)
    # Meshes are written relative to this point so that georeferenced models keep
    # float32 precision; it is fixed by the first placed element and never moves.
    origin: tuple[float, float, float] | None = None

    def copy(self) -> State:
        return State(self.seq, dict(self.levels), dict(self.elements), self.origin)

    def walls(self) -> list[Wall]:
        return [e for e in self.elements.values() if e.kind == "wall"]

    def to_json(self) -> dict[str, Any]:
        """A canonical, JSON-ready form: sorted by id, floats as Python reprs."""
        return {
            "origin": list(self.origin) if self.origin else None,
            "levels": [_plain(v) for _, v in sorted(self.levels.items())],
            "elements": [_plain(v) for _, v in sorted(self.elements.items())],
        }

    def hash(self) -> str:
        """A deterministic digest of the model (not of `seq`): replicas that applied the same
        events have the same hash."""
        text = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Level | Element) -> dict[str, Any]:
    data = asdict(value)
    data["kind"] = getattr(value, "kind", "level")
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}
