"""PRYZM model -> GLB: the baked model, one node per element (name = element id, extras =
type, level, material), positions relative to the project origin (see geometry/glb.py)."""

from __future__ import annotations

from typing import Any

from pryzm.geometry import element_keys, encode_glb, mesh_element
from pryzm.interop.hookspecs import Exported
from pryzm.model import State


def export_glb(state: State, options: dict[str, Any]) -> Exported:
    keys = element_keys(state)
    meshes = [mesh_element(state, element_id, keys[element_id]) for element_id in sorted(keys)]
    data = encode_glb(meshes, state.origin or (0.0, 0.0, 0.0))
    counts: dict[str, int] = {}
    for mesh in meshes:
        counts[mesh.type] = counts.get(mesh.type, 0) + 1
    return Exported(data, "model/gltf-binary", "glb",
                    {"nodes": len(meshes), "counts": counts,
                     "origin": list(state.origin or (0.0, 0.0, 0.0))})
