"""An import in the making: the commands so far, checked as they are added.

Every group of commands (a wall with its openings, a slab, a reference) is decided against a
scratch copy of the project's state, exactly as the sync-server will decide it. A group that
is refused is rolled back and the importer falls back (e.g. to a reference mesh) instead of
the whole import failing at the server. Ids are uuid5 of the import's seed and the source
key, so a retried import job produces the same commands (and the same event ids).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pryzm.interop.report import ImportReport
from pryzm.model import Rejection, State, apply_all, decide
from pryzm.model.commands.reference import encode_arrays

Progress = Callable[[float, str], None]

MAX_BATCH_COMMANDS = 5_000  # the model allows 10,000 per batch
MAX_BATCH_BYTES = 4 * 1024 * 1024  # well under the sync-server's 16 MiB message limit


def _silent(fraction: float, stage: str) -> None:
    pass


@dataclass
class ImportPlan:
    state: State
    report: ImportReport
    seed: str = "pryzm-import"
    options: dict[str, Any] = field(default_factory=dict)
    progress: Progress = _silent
    commands: list[dict[str, Any]] = field(default_factory=list)
    _namespace: uuid.UUID = field(init=False)
    _anchor: tuple[float, float, float] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.state = self.state.copy()
        self._namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"pryzm:{self.seed}")

    def new_id(self, key: str) -> str:
        return str(uuid.uuid5(self._namespace, key))

    def anchor(self, near: np.ndarray | tuple[float, float, float]) -> tuple[float, float, float]:
        """The point reference meshes are stored relative to: the project origin, or (before
        the project has one) the first geometry's point rounded to the kilometre."""
        if self.state.origin is not None:
            return tuple(self.state.origin)
        if self._anchor is None:
            x, y, z = (float(v) for v in near)
            self._anchor = (round(x, -3), round(y, -3), round(z, -3))
        return self._anchor

    def add(self, *commands: dict[str, Any]) -> Rejection | None:
        """Decide `commands` in order against the scratch state; all are kept, or none (the
        rejection is returned)."""
        saved_origin = self.state.origin
        added: list[str] = []  # decide refuses a duplicate id, so placed ids are new
        for command in commands:
            result = decide(self.state, command)
            if isinstance(result, Rejection):
                for new_id in added:
                    self.state.elements.pop(new_id, None)
                    self.state.levels.pop(new_id, None)
                self.state.origin = saved_origin
                return result
            apply_all(self.state, result)
            added += _ids(command)
        self.commands.extend(commands)
        return None

    def reference(self, *, key: str, level_id: str, vertices: np.ndarray,
                  faces: np.ndarray | None = None, edges: np.ndarray | None = None,
                  texts: list[dict[str, Any]] | None = None, name: str = "",
                  source: str = "", source_id: str = "", material: str = "reference",
                  properties: dict[str, dict[str, Any]] | None = None) -> Rejection | None:
        """A place_reference (vertices in model coordinates, float64) and its properties."""
        element_id = self.new_id(key)
        anchor = self.anchor(vertices[0] if len(vertices) else
                             (*texts[0]["position"], 0.0) if texts else (0.0, 0.0, 0.0))
        local = vertices - np.asarray(anchor) if len(vertices) else np.zeros((0, 3))
        command = {"type": "place_reference", "id": element_id, "level_id": level_id,
                   "origin": list(anchor), **encode_arrays(local, faces, edges),
                   "texts": texts or [], "name": name[:500], "source": source[:100],
                   "source_id": source_id[:200], "material": material[:200] or "reference"}
        return self.add(command, *property_commands(element_id, properties))

    def batches(self, max_commands: int = MAX_BATCH_COMMANDS,
                max_bytes: int = MAX_BATCH_BYTES) -> list[dict[str, Any]]:
        return split_batches(self.commands, max_commands, max_bytes)


def property_commands(element_id: str,
                      psets: dict[str, dict[str, Any]] | None) -> list[dict[str, Any]]:
    clean = clean_psets(psets or {})
    return [{"type": "set_properties", "id": element_id, "psets": clean}] if clean else []


def clean_psets(psets: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Property sets as the model takes them: non-empty names up to 200 characters, JSON
    scalar values (strings cut to 10,000 characters, non-finite numbers dropped)."""
    out: dict[str, dict[str, Any]] = {}
    for set_name, props in psets.items():
        if not isinstance(set_name, str) or not set_name.strip() or not isinstance(props, dict):
            continue
        values: dict[str, Any] = {}
        for name, value in props.items():
            if name == "id" or not isinstance(name, str) or not name.strip():
                continue
            if isinstance(value, bool | int | str) or (
                    isinstance(value, float) and np.isfinite(value)):
                values[name[:200]] = value[:10_000] if isinstance(value, str) else value
        if values:
            out[set_name[:200]] = values
    return out


def split_batches(commands: list[dict[str, Any]], max_commands: int = MAX_BATCH_COMMANDS,
                  max_bytes: int = MAX_BATCH_BYTES) -> list[dict[str, Any]]:
    """`batch` commands of at most `max_commands` commands and about `max_bytes` of JSON,
    in order (a later batch only refers to what earlier ones placed). A reference is never
    separated from the set_properties that follows it."""
    batches: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    size = 0
    for command in commands:
        length = len(json.dumps(command, separators=(",", ":")))
        follows = command["type"] == "set_properties" and current and \
            current[-1].get("id") == command["id"]
        if current and not follows and (len(current) >= max_commands or
                                        size + length > max_bytes):
            batches.append(current)
            current, size = [], 0
        current.append(command)
        size += length
    if current:
        batches.append(current)
    return [{"type": "batch", "commands": b} for b in batches]


def _ids(command: dict[str, Any]) -> list[str]:
    """Ids a command creates (importers only add: place_* and create_level)."""
    kind = command["type"]
    if kind == "batch":
        return [i for c in command["commands"] for i in _ids(c)]
    return [command["id"]] if kind.startswith("place_") or kind == "create_level" else []
