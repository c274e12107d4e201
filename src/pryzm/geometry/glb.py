"""glTF binary encoding of element meshes.

glTF is y up: a model point (x, y, z) is written as (x - ox, z - oz, -(y - oy)) relative to the
project origin (ox, oy, oz), in float32. The model keeps float64, so a georeferenced model far
from zero loses no precision in its meshes.

Each element is encoded once into an `EncodedMesh` (its float32 positions, uint32 indices and
the JSON pieces that describe them); a whole-model GLB is then assembled from encoded meshes
by concatenation, so a bake after one edit re-encodes one element, not the model.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pryzm.geometry.elements import ElementMesh

_ARRAY_BUFFER = 34962
_ELEMENT_ARRAY_BUFFER = 34963
_FLOAT = 5126
_UNSIGNED_INT = 5125
_GLB_MAGIC, _GLB_VERSION = 0x46546C67, 2
_JSON_CHUNK, _BIN_CHUNK = 0x4E4F534A, 0x004E4942


def to_gltf_axes(vertices: np.ndarray, origin: Sequence[float]) -> np.ndarray:
    local = vertices - np.asarray(origin, dtype=np.float64)
    return np.column_stack([local[:, 0], local[:, 2], -local[:, 1]]).astype(np.float32)


@dataclass(frozen=True, slots=True)
class EncodedMesh:
    """One element's mesh, ready to be placed in any GLB."""

    id: str
    positions: bytes  # float32 xyz, glTF axes, relative to the origin
    indices: bytes  # uint32
    vertex_count: int
    index_count: int
    bounds_json: str  # '"min":[...],"max":[...]' of the positions
    extras_json: str  # the node's extras (type, level, material)
    name_json: str  # the element id as a JSON string

    @classmethod
    def encode(cls, mesh: ElementMesh, origin: Sequence[float]) -> EncodedMesh:
        positions = to_gltf_axes(mesh.vertices, origin)
        # (x, y, z) -> (x, z, -y) is a proper rotation, so the winding stays outward.
        indices = np.ascontiguousarray(mesh.faces, dtype=np.uint32).reshape(-1)
        lo = positions.min(axis=0).tolist() if len(positions) else [0.0, 0.0, 0.0]
        hi = positions.max(axis=0).tolist() if len(positions) else [0.0, 0.0, 0.0]
        extras = {"type": mesh.type, "level_id": mesh.level_id, "material": mesh.material}
        return cls(mesh.id, positions.tobytes(), indices.tobytes(), len(positions),
                   len(indices), f'"min":{json.dumps(lo)},"max":{json.dumps(hi)}',
                   json.dumps(extras, separators=(",", ":")), json.dumps(mesh.id))


def assemble_glb(parts: Sequence[EncodedMesh], origin: Sequence[float]) -> bytes:
    """One node and one mesh per element, in the order given; node and mesh names are the
    element ids, node extras carry type, level and material; the scene's extras the origin."""
    views: list[str] = []
    accessors: list[str] = []
    meshes: list[str] = []
    nodes: list[str] = []
    chunks: list[bytes] = []
    offset = 0
    for i, part in enumerate(parts):
        name = part.name_json
        views.append(f'{{"buffer":0,"byteOffset":{offset},"byteLength":{len(part.positions)},'
                     f'"target":{_ARRAY_BUFFER}}}')
        offset += len(part.positions)
        views.append(f'{{"buffer":0,"byteOffset":{offset},"byteLength":{len(part.indices)},'
                     f'"target":{_ELEMENT_ARRAY_BUFFER}}}')
        offset += len(part.indices)
        chunks += (part.positions, part.indices)
        accessors.append(f'{{"bufferView":{2 * i},"componentType":{_FLOAT},'
                         f'"count":{part.vertex_count},"type":"VEC3",{part.bounds_json}}}')
        accessors.append(f'{{"bufferView":{2 * i + 1},"componentType":{_UNSIGNED_INT},'
                         f'"count":{part.index_count},"type":"SCALAR"}}')
        meshes.append(f'{{"name":{name},"primitives":[{{"attributes":{{"POSITION":{2 * i}}},'
                      f'"indices":{2 * i + 1}}}]}}')
        nodes.append(f'{{"name":{name},"mesh":{i},"extras":{part.extras_json}}}')
    scene_nodes = ",".join(str(i) for i in range(len(parts)))
    buffers = f'[{{"byteLength":{offset}}}]' if offset else "[]"
    text = (f'{{"asset":{{"generator":"PRYZM","version":"2.0"}},"scene":0,'
            f'"scenes":[{{"nodes":[{scene_nodes}],"extras":{{"origin":{json.dumps(list(origin))}}}}}],'
            f'"nodes":[{",".join(nodes)}],"meshes":[{",".join(meshes)}],'
            f'"accessors":[{",".join(accessors)}],"bufferViews":[{",".join(views)}],'
            f'"buffers":{buffers}}}')
    json_bytes = text.encode()
    json_bytes += b" " * (-len(json_bytes) % 4)
    binary = b"".join(chunks)  # float32 and uint32 arrays keep every view 4-byte aligned
    out = [struct.pack("<III", _GLB_MAGIC, _GLB_VERSION,
                       12 + 8 + len(json_bytes) + (8 + len(binary) if binary else 0)),
           struct.pack("<II", len(json_bytes), _JSON_CHUNK), json_bytes]
    if binary:
        out += [struct.pack("<II", len(binary), _BIN_CHUNK), binary]
    return b"".join(out)


def encode_glb(meshes: Sequence[ElementMesh], origin: Sequence[float]) -> bytes:
    """A GLB of `meshes` (one node and mesh per element)."""
    return assemble_glb([EncodedMesh.encode(m, origin) for m in meshes], origin)
