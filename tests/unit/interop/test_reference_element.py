"""place_reference: the domain's reference-mesh element, its mesh, its GLB node."""

from __future__ import annotations

import numpy as np
import pytest

from pryzm.geometry import element_keys, encode_glb, mesh_element
from pryzm.model import Reference, State
from pryzm.model.commands.reference import decode_arrays, encode_arrays
from pryzm.model.testing import ModelBuilder, Rejected

CUBE_V = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0],
                   [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]], dtype=float)
CUBE_F = np.array([[0, 2, 1], [0, 3, 2], [4, 5, 6], [4, 6, 7], [0, 1, 5], [0, 5, 4],
                   [1, 2, 6], [1, 6, 5], [2, 3, 7], [2, 7, 6], [3, 0, 4], [3, 4, 7]])


def _place(b: ModelBuilder, origin=(2_000_000.0, 3_000_000.0, 0.0), **fields):
    b.level()
    arrays = encode_arrays(CUBE_V, CUBE_F)
    return b._place("place_reference", level_id=b.level_id, origin=list(origin),
                    **{**arrays, "name": "Geländer", "source": "IfcRailing",
                       "source_id": "2O2Fr$t4X7Zf8NOew3FLOH", **fields})


def test_a_reference_keeps_its_mesh_exactly_and_far_from_zero():
    b = ModelBuilder()
    ref_id = _place(b)
    element = b.state.elements[ref_id]
    assert isinstance(element, Reference) and element.kind == "reference"
    assert b.state.origin == (2_000_000.0, 3_000_000.0, 0.0)
    mesh = mesh_element(b.state, ref_id)
    assert mesh.type == "reference"
    assert np.allclose(mesh.vertices - (2_000_000, 3_000_000, 0), CUBE_V)
    assert mesh.quantities["volume"] == pytest.approx(1.0)
    glb = encode_glb([mesh], b.state.origin)
    assert glb[:4] == b"glTF"


def test_state_json_round_trip_and_hash():
    b = ModelBuilder()
    ref_id = _place(b, texts=[{"text": "Küche", "position": [2_000_001.0, 3_000_002.0]}])
    again = State.from_json(b.state.to_json())
    assert again.hash() == b.state.hash()
    assert again.elements[ref_id].texts[0]["text"] == "Küche"


def test_references_move_take_properties_and_delete():
    b = ModelBuilder()
    ref_id = _place(b)
    b.move([ref_id], (1.0, -2.0))
    assert b.state.elements[ref_id].origin == (2_000_001.0, 2_999_998.0, 0.0)
    b.do({"type": "set_properties", "id": ref_id, "psets": {"P": {"a": 1}}})
    assert b.state.elements[ref_id].properties == {"P": {"a": 1}}
    b.do({"type": "delete_elements", "ids": [ref_id]})
    assert ref_id not in b.state.elements


@pytest.mark.parametrize("fields", [
    {"faces": "not base64!"},
    {"faces": encode_arrays(CUBE_V, CUBE_F + 10)["faces"]},
    {"vertices": "", "faces": ""},
    {"vertices": encode_arrays(np.array([[np.nan, 0, 0]]))["vertices"]},
])
def test_bad_arrays_are_refused(fields):
    with pytest.raises(Rejected) as refused:
        _place(ModelBuilder(), **fields)
    assert refused.value.rejection.code == "invalid_geometry"


def test_plan_lines_and_texts_become_flat_ribbons():
    b = ModelBuilder()
    b.level()
    points = np.array([[0, 0, 0], [10, 0, 0], [10, 5, 0]], dtype=float)
    ref_id = b._place("place_reference", level_id=b.level_id, origin=[0, 0, 0],
                      **encode_arrays(points, None, np.array([[0, 1], [1, 2]])),
                      texts=[{"text": "A", "position": [5, 5], "height": 0.5}])
    mesh = mesh_element(b.state, ref_id)
    assert mesh.faces.shape[0] == 2 * 4 + 4  # two ribbons (both sides), one text box
    assert np.ptp(mesh.vertices[:, 2]) == 0
    keys = element_keys(b.state)
    assert set(keys) == {ref_id}
    v, f, e = decode_arrays(b.state.elements[ref_id].vertices, "", b.state.elements[ref_id].edges)
    assert e.tolist() == [[0, 1], [1, 2]]
