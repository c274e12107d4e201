"""Meshes per element, keyed by a hash of everything that shapes them (see keys.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pryzm.geometry.columns import column_mesh
from pryzm.geometry.failed import failed_mesh, failed_spec
from pryzm.geometry.keys import GEOMETRY_VERSION, element_keys, spec_for
from pryzm.geometry.openings import opening_mesh
from pryzm.geometry.reference import reference_mesh
from pryzm.geometry.rooms import room_mesh
from pryzm.geometry.slabs import slab_mesh
from pryzm.geometry.walls import wall_mesh
from pryzm.model.state import State

__all__ = ["GEOMETRY_VERSION", "ElementMesh", "element_keys", "mesh_element"]

_MESHERS = {"wall": wall_mesh, "door": opening_mesh, "window": opening_mesh,
            "slab": slab_mesh, "column": column_mesh, "room": room_mesh,
            "reference": reference_mesh, "failed": failed_mesh}


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
    # "code: message" strings; codes: join_degenerate, join_too_acute, join_unresolved,
    # join_stepped, opening_not_cut, opening_partially_outside, cut_failed, cut_empty,
    # cut_volume_mismatch, reference_empty, mesh_failed
    warnings: tuple[str, ...] = ()

    @property
    def bbox(self) -> dict[str, list[float]]:
        return {"min": self.vertices.min(axis=0).tolist(),
                "max": self.vertices.max(axis=0).tolist()}


def mesh_element(state: State, element_id: str, key: str | None = None) -> ElementMesh:
    """The element's closed solid in model coordinates, with its quantities and warnings.

    `key` is the element's key from `element_keys(state)` (the bake calls that first, then
    meshes the keys it lacks): the mesh is then built from the spec remembered under that
    key, in O(1). Without a key (or with one no longer remembered) the keys of `state` are
    brought up to date first."""
    spec, key = spec_for(state, element_id, key)
    try:
        (vertices, faces), quantities, warnings = _MESHERS[spec["type"]](spec)
    except Exception as exc:  # one element's fault must not stop the project's bake
        element = state.elements[element_id]
        spec = failed_spec(state, element, state.levels[element.level_id], exc)
        (vertices, faces), quantities, warnings = failed_mesh(spec)
    return ElementMesh(
        id=spec["id"], type=spec.get("kind", spec["type"]), level_id=spec["level_id"], key=key,
        vertices=vertices, faces=faces, material=spec["material"],
        quantities={k: float(v) for k, v in quantities.items()}, warnings=tuple(warnings))
