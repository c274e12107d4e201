"""GLB encoding relative to the project origin (case B3: no jitter far from zero)."""

import struct

import numpy as np
import pygltflib
import pytest
from _meshcheck import bake

from pryzm.geometry import encode_glb
from pryzm.model.testing import ModelBuilder

FAR = (2_000_000.0, 1_000_000.0)


def _decode(glb: bytes) -> tuple[dict[str, np.ndarray], list[float]]:
    """Node name -> model-coordinate vertices (float64 from the float32 buffer)."""
    gltf = pygltflib.GLTF2.load_from_bytes(glb)
    blob = gltf.binary_blob()
    origin = gltf.scenes[0].extras["origin"]
    out = {}
    for node in gltf.nodes:
        accessor = gltf.accessors[gltf.meshes[node.mesh].primitives[0].attributes.POSITION]
        view = gltf.bufferViews[accessor.bufferView]
        local = np.frombuffer(blob, dtype=np.float32, count=accessor.count * 3,
                              offset=view.byteOffset).reshape(-1, 3).astype(np.float64)
        # glTF is y up: (x, y, z) was written as (x - ox, z - oz, -(y - oy))
        out[node.name] = np.column_stack([local[:, 0] + origin[0], -local[:, 2] + origin[1],
                                          local[:, 1] + origin[2]])
    return out, origin


def _far_model():
    b = ModelBuilder()
    b.level(elevation=350.0)
    x, y = FAR[0] + 123.4567, FAR[1] + 89.0123
    corners = [(x, y), (x + 7.25, y), (x + 7.25, y + 4.5), (x, y + 4.5)]
    walls = [b.wall(corners[i], corners[(i + 1) % 4]) for i in range(4)]
    b.opening(walls[0], offset=1.234, kind="door")
    b.opening(walls[1], offset=0.75, kind="window")
    b.slab_id = b.slab(corners)
    b.column((x + 3, y + 2), shape="circle")
    b.room(corners)
    b.south = walls[0]
    return b


def test_b3_far_model_bakes_without_jitter():
    """B3: 2,000 km from zero, float32 mesh vertices relative to the origin reproduce the
    float64 model geometry to well under a millimetre."""
    b = _far_model()
    assert b.state.origin == (2_000_000.0, 1_000_000.0, 0.0)
    meshes = bake(b.state)
    decoded, origin = _decode(encode_glb(list(meshes.values()), b.state.origin))
    assert origin == list(b.state.origin)
    worst = max(np.abs(decoded[i] - m.vertices).max() for i, m in meshes.items())
    assert worst < 1e-3
    assert worst < 1e-4  # in fact: float32 near a few hundred metres is ~1e-5 m
    # the same vertices as absolute float32 would be off by up to 6 cm
    absolute = max(np.abs(m.vertices.astype(np.float32) - m.vertices).max()
                   for m in meshes.values())
    assert absolute > 1e-2


def test_b3_quantities_are_exact_far_from_zero():
    b = _far_model()
    meshes = bake(b.state)
    south = meshes[b.south]
    assert south.quantities["length"] == pytest.approx(7.25, abs=1e-9)
    assert south.quantities["net_volume"] == pytest.approx(
        7.25 * 0.2 * 3 - 0.9 * 2.1 * 0.2, abs=1e-6)
    slab = meshes[b.slab_id]
    assert slab.quantities["area"] == pytest.approx(7.25 * 4.5, abs=1e-6)


def test_glb_nodes_carry_the_element_and_extras():
    b = ModelBuilder()
    wall = b.wall((0, 0), (4, 0), material="brick")
    mesh = bake(b.state)[wall]
    gltf = pygltflib.GLTF2.load_from_bytes(encode_glb([mesh], b.state.origin))
    assert gltf.nodes[0].name == wall
    assert gltf.nodes[0].extras == {"type": "wall", "level_id": b.level_id,
                                    "material": "brick"}
    assert struct.unpack("<I", encode_glb([mesh], (0, 0, 0))[:4])[0] == 0x46546C67  # glTF
