"""Checks shared by the geometry tests (imported as a sibling module)."""

import numpy as np
import trimesh

from pryzm.geometry import ElementMesh, element_keys, mesh_element


def as_trimesh(mesh: ElementMesh) -> trimesh.Trimesh:
    # Centre first: a georeferenced mesh's volume must not drown in cancellation.
    vertices = mesh.vertices - mesh.vertices.mean(axis=0)
    return trimesh.Trimesh(vertices, mesh.faces, process=False)


def assert_closed(mesh: ElementMesh) -> None:
    """Watertight, consistently oriented, outward (positive volume), finite."""
    assert np.isfinite(mesh.vertices).all(), mesh.id
    assert mesh.vertices.dtype == np.float64
    solid = as_trimesh(mesh)
    assert solid.is_watertight, (mesh.type, mesh.id)
    assert solid.is_winding_consistent, (mesh.type, mesh.id)
    assert solid.volume > 0, (mesh.type, mesh.id, solid.volume)


def bake(state) -> dict[str, ElementMesh]:
    keys = element_keys(state)
    return {i: mesh_element(state, i, k) for i, k in keys.items()}
