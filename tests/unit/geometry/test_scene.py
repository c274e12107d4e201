"""The bake's scene cache: an edit re-meshes only what it changed, its delta lists only that,
and the assembled outputs equal those of a bake from scratch."""

import io
import json
import random

import trimesh

from pryzm.geometry.keys import forget
from pryzm.geometry.scene import Scene
from pryzm.model.testing import ModelBuilder
from pryzm.sceneir import DELTA_FORMAT, patch_manifest


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
    delta = json.loads(second.delta)
    assert delta["format"] == DELTA_FORMAT and delta["base_seq"] == first.seq
    assert [e["id"] for e in delta["changed"]] == sorted(changed) and delta["removed"] == []
    again = scene.bake(b.state, "p")
    assert again.fresh == [] and json.loads(again.delta)["changed"] == []


def test_cached_outputs_equal_a_bake_from_scratch():
    b, walls = _room()
    scene = Scene()
    scene.bake(b.state, "p")
    b.move([walls[1]], (0.5, 0.0))
    scene.bake(b.state, "p")
    scratch = Scene()
    assert json.loads(scratch.bake(b.state, "p").delta)["base_seq"] is None
    assert scene.manifest() == scratch.manifest()
    assert scene.model_glb() == scratch.model_glb()
    manifest = json.loads(scene.manifest())
    assert manifest["seq"] == b.state.seq and len(manifest["elements"]) == 6
    assert manifest["glb_url"] == f"/v1/projects/p/bakes/{b.state.seq}/model.glb"
    model = trimesh.load(io.BytesIO(scene.model_glb()), file_type="glb")
    assert set(model.graph.nodes_geometry) == {e["id"] for e in manifest["elements"]}


def test_deltas_applied_in_order_give_the_whole_manifest_after_every_edit():
    """Random edits, deletions and additions (including one big enough that the keys make a
    full pass): each bake's delta, applied to the manifest before it, is the new manifest."""
    forget()
    rng = random.Random(7)
    b = ModelBuilder()
    level = b.level("Ground")
    walls = [b.wall((i * 3.0, 0), (i * 3.0, 4)) for i in range(6)]
    walls += [b.wall((0, 4), (15, 4))]
    for w in walls[:3]:
        b.opening(w, offset=1.0, kind="window")
    scene, manifest = Scene(), None
    for step in range(40):
        kind = rng.choice(["move", "move", "delete", "add", "column", "many"])
        if kind == "move" and walls:
            b.move([rng.choice(walls)], (rng.uniform(-0.4, 0.4), 0.0))
        elif kind == "delete" and len(walls) > 2:
            b.do({"type": "delete_elements", "ids": [walls.pop(rng.randrange(len(walls)))]})
        elif kind == "add":
            x = rng.uniform(0, 15)
            walls.append(b.wall((x, 4), (x, 8)))
        elif kind == "column":
            b.column((rng.uniform(0, 15), rng.uniform(-5, -1)), level)
        elif kind == "many":
            for i in range(80):
                b.column((i * 0.5, -10.0 - step), level)
        bake = scene.bake(b.state, "p")
        manifest = patch_manifest(manifest, json.loads(bake.delta))
        assert manifest == json.loads(scene.manifest()), f"step {step} ({kind})"
        scratch = Scene()
        scratch.bake(b.state, "p")
        assert manifest == json.loads(scratch.manifest())
        assert {e["id"] for e in manifest["elements"]} == set(b.state.elements)
