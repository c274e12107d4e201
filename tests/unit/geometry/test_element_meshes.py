"""Meshes and quantities of openings, slabs, columns and rooms; every baked solid closed."""

import json
import math
import random

import pytest
from _meshcheck import as_trimesh, assert_closed, bake
from hypothesis import given, settings
from hypothesis import strategies as st

from pryzm.geometry.scene import Scene
from pryzm.model import Event, Rejection, apply, apply_all, decide
from pryzm.model.testing import ModelBuilder, random_command


def test_slab_quantities_and_mesh():
    b = ModelBuilder()
    b.level(elevation=3.0)
    slab = b.slab([(0, 0), (6, 0), (6, 4), (0, 4)], holes=[[(1, 1), (2, 1), (2, 3), (1, 3)]],
                  thickness=0.25, offset=0.1)
    mesh = bake(b.state)[slab]
    assert_closed(mesh)
    assert mesh.quantities == pytest.approx(
        {"area": 22.0, "perimeter": 20.0, "thickness": 0.25, "volume": 5.5})
    assert as_trimesh(mesh).volume == pytest.approx(5.5)
    assert mesh.bbox == {"min": [0, 0, 2.85], "max": [6, 4, 3.1]}


def test_room_quantities_follow_the_level_height():
    b = ModelBuilder()
    level = b.level(height=2.7)
    room = b.room([(0, 0), (5, 0), (5, 4), (0, 4)], name="Living")
    mesh = bake(b.state)[room]
    assert_closed(mesh)
    assert mesh.quantities == pytest.approx(
        {"area": 20.0, "perimeter": 18.0, "height": 2.7, "volume": 54.0})
    b.do({"type": "update_level", "id": level, "height": 3.0})
    assert bake(b.state)[room].quantities["volume"] == pytest.approx(60.0)


def test_room_with_its_own_height():
    b = ModelBuilder()
    room = b.room([(0, 0), (2, 0), (0, 2)], height=2.5)
    assert bake(b.state)[room].quantities["volume"] == pytest.approx(5.0)


def test_columns():
    b = ModelBuilder()
    rect = b.column((10, 10), width=0.4, depth=0.6, rotation=30, height=3.0)
    circle = b.column((0, 0), shape="circle", diameter=0.5, height=4.0)
    meshes = bake(b.state)
    for mesh in meshes.values():
        assert_closed(mesh)
    assert meshes[rect].quantities["volume"] == pytest.approx(0.72)
    assert as_trimesh(meshes[rect]).volume == pytest.approx(0.72)
    assert meshes[circle].quantities["volume"] == pytest.approx(math.pi * 0.0625 * 4)
    assert as_trimesh(meshes[circle]).volume == pytest.approx(math.pi * 0.0625 * 4, rel=0.01)
    turned = meshes[rect].bbox
    half = 0.2 * math.cos(math.radians(30)) + 0.3 * math.sin(math.radians(30))
    assert turned["max"][0] == pytest.approx(10 + half)


def test_door_and_window_meshes_sit_in_their_opening():
    b = ModelBuilder()
    wall = b.wall((0, 0), (6, 0), thickness=0.3)
    door = b.opening(wall, offset=1.0, kind="door")
    window = b.opening(wall, offset=3.0, kind="window", flip=True)
    meshes = bake(b.state)
    for element in (door, window):
        assert_closed(meshes[element])
    assert meshes[door].type == "door" and meshes[window].type == "window"
    assert meshes[door].bbox == {"min": [1.0, -0.15, 0.0], "max": [1.9, 0.15, 2.1]}
    assert meshes[window].bbox == {"min": [3.0, -0.15, 0.9], "max": [4.2, 0.15, 2.1]}
    assert meshes[door].quantities["area"] == pytest.approx(0.9 * 2.1)
    assert meshes[window].material == "glass"


def test_a_flipped_door_leaf_is_on_the_other_face():
    leaves = []
    for flip in (False, True):
        b = ModelBuilder()
        wall = b.wall((0, 0), (4, 0), thickness=0.3)
        door = b.opening(wall, offset=1.0, flip=flip)
        mesh = bake(b.state)[door]
        panel = mesh.vertices[-8:]  # the leaf is the last piece
        leaves.append(panel[:, 1].mean())
    assert leaves[0] < 0 < leaves[1]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_every_baked_solid_is_closed(seed):
    """Random models (walls snapped to a grid so they join in L, T, X and nodes, with
    openings, slabs, columns, rooms, moves and edits): every mesh is a closed solid."""
    b = ModelBuilder(seed=seed % 1000)
    rnd = random.Random(seed)
    for _ in range(40):
        result = decide(b.state, random_command(b.state, rnd, b.new_id))
        if not isinstance(result, Rejection):
            apply_all(b.state, result)
    for mesh in bake(b.state).values():
        assert_closed(mesh)
        assert all(isinstance(v, float) for v in mesh.quantities.values())


def test_an_element_whose_shape_cannot_be_built_costs_only_itself():
    """A fault in one element's geometry (here a reference whose arrays in the log do not
    decode, which the model would have refused but an old or damaged log may hold) must not
    fail the project's bake: the element gets a marker cube where it is and a mesh_failed
    warning naming the fault; every other element bakes as usual."""
    b = ModelBuilder()
    level = b.level()
    wall = b.wall((0, 10), (4, 10))
    broken = b.new_id()
    apply(b.state, Event("place_reference", {
        "id": broken, "level_id": level, "origin": [1.0, 2.0, 0.0], "vertices": "not base64!",
        "faces": "", "edges": "", "texts": [], "name": "", "source": "", "source_id": "",
        "material": "reference"}))
    result = Scene().bake(b.state, "p")
    entries = {e["id"]: e for e in json.loads(result.delta)["changed"]}
    assert entries.keys() == {wall, broken}
    assert entries[wall]["warnings"] == [] and entries[wall]["type"] == "wall"
    marker = entries[broken]
    assert marker["type"] == "reference"
    assert marker["bbox"] == {"min": [0.85, 1.85, 0.0], "max": [1.15, 2.15, 0.3]}
    (warning,) = marker["warnings"]
    assert warning.startswith(f"mesh_failed: the shape of reference {broken}")
    assert "not valid base64" in warning
