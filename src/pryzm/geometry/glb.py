"""glTF binary encoding of element meshes.

glTF is y up: a model point (x, y, z) is written as (x - ox, z - oz, -(y - oy)) relative to the
project origin (ox, oy, oz), in float32. The model keeps float64, so a georeferenced model far
from zero loses no precision in its meshes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pygltflib

from pryzm.geometry.elements import ElementMesh

_ARRAY_BUFFER = 34962
_ELEMENT_ARRAY_BUFFER = 34963


def to_gltf_axes(vertices: np.ndarray, origin: Sequence[float]) -> np.ndarray:
    local = vertices - np.asarray(origin, dtype=np.float64)
    return np.column_stack([local[:, 0], local[:, 2], -local[:, 1]]).astype(np.float32)


def encode_glb(meshes: Sequence[ElementMesh], origin: Sequence[float]) -> bytes:
    """One node and one mesh per element; node names are element ids, extras carry type,
    level and material."""
    blob = bytearray()
    views: list[pygltflib.BufferView] = []
    accessors: list[pygltflib.Accessor] = []
    gltf_meshes: list[pygltflib.Mesh] = []
    nodes: list[pygltflib.Node] = []

    def add_view(data: bytes, target: int) -> int:
        while len(blob) % 4:
            blob.append(0)
        views.append(pygltflib.BufferView(buffer=0, byteOffset=len(blob),
                                          byteLength=len(data), target=target))
        blob.extend(data)
        return len(views) - 1

    for mesh in meshes:
        positions = to_gltf_axes(mesh.vertices, origin)
        # glTF's y-up flip keeps the winding: (x, y, z) -> (x, z, -y) is a proper rotation.
        indices = mesh.faces.astype(np.uint32).reshape(-1)
        pos_view = add_view(positions.tobytes(), _ARRAY_BUFFER)
        accessors.append(pygltflib.Accessor(
            bufferView=pos_view, componentType=pygltflib.FLOAT, count=len(positions),
            type=pygltflib.VEC3, min=positions.min(axis=0).tolist(),
            max=positions.max(axis=0).tolist()))
        pos_accessor = len(accessors) - 1
        idx_view = add_view(indices.tobytes(), _ELEMENT_ARRAY_BUFFER)
        accessors.append(pygltflib.Accessor(
            bufferView=idx_view, componentType=pygltflib.UNSIGNED_INT, count=len(indices),
            type=pygltflib.SCALAR))
        gltf_meshes.append(pygltflib.Mesh(name=mesh.id, primitives=[pygltflib.Primitive(
            attributes=pygltflib.Attributes(POSITION=pos_accessor),
            indices=len(accessors) - 1)]))
        nodes.append(pygltflib.Node(
            name=mesh.id, mesh=len(gltf_meshes) - 1,
            extras={"type": mesh.type, "level_id": mesh.level_id, "material": mesh.material}))

    gltf = pygltflib.GLTF2(
        asset=pygltflib.Asset(generator="PRYZM", version="2.0"),
        scene=0,
        scenes=[pygltflib.Scene(nodes=list(range(len(nodes))),
                                extras={"origin": list(origin)})],
        nodes=nodes,
        meshes=gltf_meshes,
        accessors=accessors,
        bufferViews=views,
        buffers=[pygltflib.Buffer(byteLength=len(blob))] if blob else [],
    )
    gltf.set_binary_blob(bytes(blob))
    return b"".join(gltf.save_to_bytes())
