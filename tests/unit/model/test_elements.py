"""Commands on any element: delete_elements, move_elements, set_properties."""

import pytest

from pryzm.model import Rejection, State, decide
from pryzm.model.testing import ModelBuilder


def test_delete_refuses_unknown_and_repeated_ids():
    b = ModelBuilder()
    wall = b.wall((0, 0), (1, 0))
    assert decide(b.state, {"type": "delete_elements", "ids": [b.new_id()]}).code == \
        "unknown_element"
    assert decide(b.state, {"type": "delete_elements", "ids": [wall, wall]}).code == \
        "invalid_command"
    assert decide(b.state, {"type": "delete_elements", "ids": []}).code == "invalid_command"


def test_move_translates_every_kind():
    b = ModelBuilder()
    wall = b.wall((0, 0), (4, 0))
    door = b.opening(wall, offset=1)
    slab = b.slab([(0, 0), (4, 0), (4, 4)], holes=[[(2.5, 0.5), (3.5, 0.5), (3.5, 1.5)]])
    column = b.column((1, 1))
    room = b.room([(0, 0), (4, 0), (4, 4)])
    b.move([wall, slab, column, room], (10, -2))
    e = b.state.elements
    assert (e[wall].start, e[wall].end) == ((10, -2), (14, -2))
    assert e[door].offset == 1  # rides on its host
    assert e[slab].boundary == ((10, -2), (14, -2), (14, 2))
    assert e[slab].holes == (((12.5, -1.5), (13.5, -1.5), (13.5, -0.5)),)
    assert e[column].position == (11, -1)
    assert e[room].boundary == ((10, -2), (14, -2), (14, 2))


def test_an_opening_moved_alone_slides_along_its_host():
    b = ModelBuilder()
    wall = b.wall((0, 0), (0, 6))  # pointing +y
    door = b.opening(wall, offset=1)
    b.move([door], (5, 2))  # only the component along the wall counts
    assert b.state.elements[door].offset == pytest.approx(3)
    assert decide(b.state, {"type": "move_elements", "ids": [door],
                            "delta": [0, 3]}).code == "opening_outside_host"
    b.opening(wall, offset=4.5, width=1.0)
    assert decide(b.state, {"type": "move_elements", "ids": [door],
                            "delta": [0, 1]}).code == "opening_overlap"


def test_move_with_host_and_opening_together_keeps_the_offset():
    b = ModelBuilder()
    wall = b.wall((0, 0), (4, 0))
    door = b.opening(wall, offset=1)
    b.move([door, wall], (3, 0))
    assert b.state.elements[door].offset == 1
    assert b.state.elements[wall].start == (3, 0)


def test_set_properties_merges_typed_values():
    b = ModelBuilder()
    wall = b.wall((0, 0), (4, 0))
    b.do({"type": "set_properties", "id": wall, "psets": {
        "Pset_WallCommon": {"IsExternal": True, "FireRating": "REI 60", "Layers": 3,
                            "ThermalTransmittance": 0.25}}})
    b.do({"type": "set_properties", "id": wall, "psets": {
        "Pset_WallCommon": {"Layers": None, "AcousticRating": "48 dB"},
        "Custom": {"Note": "é"}}})
    props = b.state.elements[wall].properties
    assert props == {"Pset_WallCommon": {"IsExternal": True, "FireRating": "REI 60",
                                         "ThermalTransmittance": 0.25,
                                         "AcousticRating": "48 dB"},
                     "Custom": {"Note": "é"}}
    assert type(props["Pset_WallCommon"]["IsExternal"]) is bool
    b.do({"type": "set_properties", "id": wall, "psets": {"Custom": {"Note": None}}})
    assert "Custom" not in b.state.elements[wall].properties


def test_set_properties_keeps_int_and_float_apart():
    b = ModelBuilder()
    column = b.column((0, 0))
    b.do({"type": "set_properties", "id": column, "psets": {"P": {"i": 1, "f": 1.0}}})
    values = b.state.elements[column].properties["P"]
    assert type(values["i"]) is int and type(values["f"]) is float


@pytest.mark.parametrize("psets", [{}, {"P": {"x": [1, 2]}}, {"P": {"x": {"y": 1}}},
                                   {"P": {"x": float("nan")}}, {"P": "text"}])
def test_set_properties_refuses_non_scalars(psets):
    b = ModelBuilder()
    wall = b.wall((0, 0), (4, 0))
    result = decide(b.state, {"type": "set_properties", "id": wall, "psets": psets})
    assert result.code == "invalid_command"


def test_set_properties_unknown_element():
    b = ModelBuilder()
    result = decide(b.state, {"type": "set_properties", "id": b.new_id(),
                              "psets": {"P": {"x": 1}}})
    assert result.code == "unknown_element"


def test_replicas_do_not_share_property_dicts():
    b = ModelBuilder()
    wall = b.wall((0, 0), (4, 0))
    b.do({"type": "set_properties", "id": wall, "psets": {"P": {"x": 1}}})
    before = b.state.copy()
    b.do({"type": "set_properties", "id": wall, "psets": {"P": {"x": 2}}})
    assert before.elements[wall].properties == {"P": {"x": 1}}


def test_property_integers_are_64_bit_and_texts_have_no_nul():
    b = ModelBuilder()
    wall = b.wall((0, 0), (4, 0))
    for value in (2**63, -(2**63) - 1, 10**300, "a\x00b"):
        result = decide(b.state, {"type": "set_properties", "id": wall,
                                  "psets": {"P": {"n": value}}})
        assert isinstance(result, Rejection) and result.code == "invalid_command", value
    for value in (2**63 - 1, -(2**63)):
        assert not isinstance(decide(b.state, {"type": "set_properties", "id": wall,
                                               "psets": {"P": {"n": value}}}), Rejection)


def test_a_command_that_is_not_an_object_is_refused():
    for raw in (None, [], "place_wall", 3, [{"type": "create_level"}]):
        result = decide(State(), raw)
        assert isinstance(result, Rejection) and result.code == "invalid_command", raw
