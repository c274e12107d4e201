"""A terse builder of models through the real decide/apply, for tests and benchmarks.

    b = ModelBuilder()
    level = b.level()
    wall = b.wall((0, 0), (5, 0))
    b.opening(wall, offset=1.0, kind="door")

Ids are deterministic UUIDs (a counter), so keys and hashes are stable from run to run.
A rejected command raises `Rejected` carrying the `Rejection`. `commands` keeps what was
applied, to send the same model through the real services.
"""

from __future__ import annotations

import uuid
from typing import Any

from pryzm.model.core import Event, Rejection, apply_all, decide
from pryzm.model.state import State


class Rejected(Exception):
    def __init__(self, rejection: Rejection) -> None:
        super().__init__(f"{rejection.code}: {rejection.message}")
        self.rejection = rejection


class ModelBuilder:
    def __init__(self, state: State | None = None, seed: int = 0) -> None:
        self.state = state or State()
        self.events: list[Event] = []
        self.commands: list[dict[str, Any]] = []
        self.level_id: str | None = None
        self._counter = seed << 32

    def new_id(self) -> str:
        self._counter += 1
        return str(uuid.UUID(int=self._counter))

    def do(self, command: dict[str, Any]) -> list[Event]:
        result = decide(self.state, command)
        if isinstance(result, Rejection):
            raise Rejected(result)
        apply_all(self.state, result)
        self.events.extend(result)
        self.commands.append(command)
        return result

    def _place(self, command: str, **fields: Any) -> str:
        element_id = fields.pop("id", None) or self.new_id()
        fields = {k: v for k, v in fields.items() if v is not None}
        self.do({"type": command, "id": element_id, **fields})
        return element_id

    def level(self, name: str = "Level 0", **fields: Any) -> str:
        level_id = self._place("create_level", name=name, **fields)
        self.level_id = self.level_id or level_id
        return level_id

    def _on_level(self, level_id: str | None) -> str:
        return level_id or self.level_id or self.level()

    def wall(self, start, end, level_id: str | None = None, **fields: Any) -> str:
        return self._place("place_wall", level_id=self._on_level(level_id), start=list(start),
                           end=list(end), **fields)

    def opening(self, host_id: str, offset: float, kind: str = "door", **fields: Any) -> str:
        return self._place("place_opening", host_id=host_id, offset=offset, kind=kind,
                           **fields)

    def slab(self, boundary, holes=(), level_id: str | None = None, **fields: Any) -> str:
        return self._place("place_slab", level_id=self._on_level(level_id),
                           boundary=[list(p) for p in boundary],
                           holes=[[list(p) for p in h] for h in holes], **fields)

    def column(self, position, level_id: str | None = None, **fields: Any) -> str:
        return self._place("place_column", level_id=self._on_level(level_id),
                           position=list(position), **fields)

    def room(self, boundary, level_id: str | None = None, **fields: Any) -> str:
        return self._place("place_room", level_id=self._on_level(level_id),
                           boundary=[list(p) for p in boundary], **fields)

    def move(self, ids: list[str], delta) -> list[Event]:
        return self.do({"type": "move_elements", "ids": list(ids), "delta": list(delta)})


def random_command(state: State, rnd, new_id) -> dict[str, Any]:
    """A plausible random command on `state` (it may still be refused): walls snapped to a
    1 m grid so they join, openings, slabs, columns, rooms, moves, updates, deletes,
    properties, level changes, and the odd batch. `rnd` is a `random.Random`."""
    levels = sorted(state.levels)
    elements = sorted(state.elements)
    walls = sorted(e.id for e in state.elements.values() if e.kind == "wall")
    level_id = rnd.choice(levels) if levels else None
    point = lambda: [float(rnd.randint(0, 8)), float(rnd.randint(0, 8))]  # noqa: E731
    choice = rnd.random()
    if level_id is None or choice < 0.03:
        return {"type": "create_level", "id": new_id(), "name": f"L{len(levels)}",
                "elevation": 3.0 * len(levels)}
    if choice < 0.35 or not elements:
        return {"type": "place_wall", "id": new_id(), "level_id": level_id, "start": point(),
                "end": point(), "thickness": rnd.choice([0.1, 0.2, 0.3]),
                "alignment": rnd.choice(["center", "left", "right"])}
    if choice < 0.5 and walls:
        host = state.elements[rnd.choice(walls)]
        return {"type": "place_opening", "id": new_id(), "host_id": host.id,
                "kind": rnd.choice(["door", "window"]),
                "offset": round(rnd.uniform(0, host.length), 2),
                "width": round(rnd.uniform(0.3, 1.2), 2)}
    if choice < 0.6:
        x, y = point()
        w, d = rnd.randint(1, 4), rnd.randint(1, 4)
        ring = [[x, y], [x + w, y], [x + w, y + d], [x, y + d]]
        if rnd.random() < 0.5:
            return {"type": "place_slab", "id": new_id(), "level_id": level_id,
                    "boundary": ring}
        return {"type": "place_room", "id": new_id(), "level_id": level_id, "boundary": ring,
                "name": "R"}
    if choice < 0.65:
        return {"type": "place_column", "id": new_id(), "level_id": level_id,
                "position": point(), "shape": rnd.choice(["rect", "circle"])}
    others = sorted(e.id for e in state.elements.values()
                    if e.kind in ("slab", "column", "room"))
    if choice < 0.7 and others:
        target = state.elements[rnd.choice(others)]
        x, y = point()
        changes = {"slab": {"thickness": rnd.choice([0.15, 0.3]),
                            "boundary": [[x, y], [x + 2, y], [x + 2, y + 2], [x, y + 2]]},
                   "column": {"position": [x, y], "shape": rnd.choice(["rect", "circle"])},
                   "room": {"name": "S", "boundary": [[x, y], [x + 3, y], [x, y + 3]]}}
        return {"type": f"update_{target.kind}", "id": target.id, **changes[target.kind]}
    if choice < 0.8:
        ids = rnd.sample(elements, min(len(elements), rnd.randint(1, 2)))
        delta = rnd.choice([[1.0, 0.0], [0.0, -1.0], [0.25, 0.5], [-1.0, 1.0]])
        return {"type": "move_elements", "ids": ids, "delta": delta}
    if choice < 0.86 and walls:
        return {"type": "update_wall", "id": rnd.choice(walls),
                rnd.choice(["end", "start"]): point(),
                "thickness": rnd.choice([0.15, 0.2, 0.25]),
                "alignment": rnd.choice(["center", "left", "right"])}
    if choice < 0.9:
        return {"type": "update_level", "id": level_id, "elevation": float(rnd.randint(-1, 6))}
    if choice < 0.94:
        return {"type": "delete_elements", "ids": [rnd.choice(elements)]}
    if choice < 0.97:
        return {"type": "set_properties", "id": rnd.choice(elements),
                "psets": {"P": {"n": rnd.randint(0, 3), "ok": rnd.random() < 0.5}}}
    return {"type": "batch", "commands": [random_command(state, rnd, new_id)
                                          for _ in range(2)]}
