"""Meshes per element, keyed by a hash of everything that shapes them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pryzm.geometry import walls
from pryzm.model.state import State

# Bump when the meshing code changes what it produces for the same inputs.
GEOMETRY_VERSION = 1


@dataclass(frozen=True)
class ElementMesh:
    id: str
    type: str
    level_id: str
    key: str
    vertices: np.ndarray  # (n, 3) float64, model coordinates (metres, z up)
    faces: np.ndarray  # (m, 3) int32, counter-clockwise seen from outside
    material: str = "concrete"
    quantities: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def bbox(self) -> dict[str, list[float]]:
        return {"min": self.vertices.min(axis=0).tolist(),
                "max": self.vertices.max(axis=0).tolist()}


def _key(inputs: Any) -> str:
    text = json.dumps([GEOMETRY_VERSION, inputs], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def element_keys(state: State) -> dict[str, str]:
    """The mesh key of every element: equal keys mean equal meshes."""
    keys = {}
    for element in state.elements.values():
        level = state.levels[element.level_id]
        keys[element.id] = _key(walls.wall_inputs(element, level))
    return keys


def mesh_element(state: State, element_id: str, key: str | None = None) -> ElementMesh:
    element = state.elements[element_id]
    level = state.levels[element.level_id]
    vertices, faces = walls.wall_solid(element, level)
    return ElementMesh(
        id=element.id,
        type=element.kind,
        level_id=element.level_id,
        key=key or _key(walls.wall_inputs(element, level)),
        vertices=vertices,
        faces=faces,
        material=element.material,
        quantities=walls.wall_quantities(element),
    )
