"""The bake's scene cache: an edit re-meshes only what it changed, and the assembled outputs
equal those of a bake from scratch."""

import io
import json

import trimesh

from pryzm.geometry.scene import Scene
from pryzm.model.testing import ModelBuilder


def _room() -> tuple[ModelBuilder, list[str]]:
    b = ModelBuilder()
    b.level("Ground")
    corners = [(0, 0), (6, 0), (6, 4), (0, 4)]
    walls = [b.wall(corners[i], corners[(i + 1) % 4]) for i in range(4)]
    b.opening(walls[0], offset=2.0, kind="door")
    b.column((10, 10))
    return b, walls


def test_moving_a_wall_remeshes_it_its_neighbours_and_openings_only():
    b, walls = _room()
    scene = Scene()
    first = scene.bake(b.state, "p")
    assert len(first.fresh) == first.elements == 6
    b.move([walls[1]], (0.5, 0.0))  # the east wall: its two corner neighbours rejoin
    second = scene.bake(b.state, "p")
    changed = {e.mesh.id for e in second.fresh}
    assert changed == {walls[0], walls[1], walls[2]}
    assert scene.bake(b.state, "p").fresh == []


def test_cached_outputs_equal_a_bake_from_scratch():
    b, walls = _room()
    scene = Scene()
    scene.bake(b.state, "p")
    b.move([walls[1]], (0.5, 0.0))
    incremental = scene.bake(b.state, "p")
    scratch = Scene().bake(b.state, "p")
    assert incremental.manifest == scratch.manifest
    fresh = Scene()
    fresh.bake(b.state, "p")
    assert scene.model_glb() == fresh.model_glb()
    manifest = json.loads(incremental.manifest)
    assert manifest["seq"] == b.state.seq and len(manifest["elements"]) == 6
    assert manifest["glb_url"] == f"/v1/projects/p/bakes/{b.state.seq}/model.glb"
    model = trimesh.load(io.BytesIO(scene.model_glb()), file_type="glb")
    assert set(model.graph.nodes_geometry) == {e["id"] for e in manifest["elements"]}
