"""How an import is cut into batch commands, and how exports are registered."""

from __future__ import annotations

import json

from tests.unit.interop.conftest import SAMPLES, imported

from pryzm.interop import EXPORTERS, IMPORTERS, export_model, split_batches
from pryzm.model import State, apply_all, decide


def test_a_small_import_is_one_batch_that_the_model_accepts():
    result = imported(SAMPLES / "ifc" / "AC20-FZK-Haus.ifc")
    (batch,) = result.batches()
    events = decide(State(), batch)
    assert isinstance(events, list)
    assert apply_all(State(), events).hash() == result.state.hash()


def test_large_imports_split_in_order_and_keep_properties_with_their_element():
    result = imported(SAMPLES / "ifc" / "duplex.ifc")
    batches = split_batches(result.commands, max_commands=40, max_bytes=64 * 1024)
    assert len(batches) > 5
    state = State()
    for batch in batches:
        assert len(json.dumps(batch)) < 64 * 1024 + 600 * 1024  # one element may exceed
        assert batch["commands"][0]["type"] != "set_properties"
        events = decide(state, batch)
        assert isinstance(events, list), events
        apply_all(state, events)
    assert state.hash() == result.state.hash()


def test_built_in_formats_are_registered():
    assert {"ifc", "ifczip", "dxf", "dxf_binary", "3dm"} <= set(IMPORTERS)
    assert {"ifc4", "ifc2x3", "glb", "dxf"} <= set(EXPORTERS)


def test_glb_export_has_one_named_node_per_element():
    import pygltflib
    from tests.unit.interop.test_ifc_roundtrip import room_with_door_and_window

    b = room_with_door_and_window()
    exported = export_model(b.state, "glb")
    gltf = pygltflib.GLTF2.load_from_bytes(exported.data)
    names = {node.name for node in gltf.nodes}
    assert names == set(b.state.elements)
    kinds = {node.extras["type"] for node in gltf.nodes}
    assert kinds == {"wall", "door", "window", "slab", "room", "column"}
    assert all(node.extras["level_id"] == b.level_id for node in gltf.nodes)
