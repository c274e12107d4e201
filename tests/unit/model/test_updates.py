"""update_slab, update_column, update_room: change any parameter; fields left out keep their
value; the updated element is checked as a new one would be; nothing changes on a refusal."""

import pytest

from pryzm.geometry import element_keys, mesh_element
from pryzm.model import decide
from pryzm.model.testing import ModelBuilder

SQUARE = [(0, 0), (4, 0), (4, 4), (0, 4)]


def test_update_slab_outline_holes_and_thickness():
    b = ModelBuilder()
    slab = b.slab(SQUARE, thickness=0.2, material="concrete")
    b.do({"type": "update_slab", "id": slab, "thickness": 0.3,
          "holes": [[[1, 1], [2, 1], [2, 2], [1, 2]]]})
    s = b.state.elements[slab]
    assert (s.thickness, s.material, s.boundary) == (0.3, "concrete", tuple(SQUARE))
    assert s.holes == (((1, 1), (2, 1), (2, 2), (1, 2)),)
    b.do({"type": "update_slab", "id": slab, "boundary": [[0, 0], [6, 0], [6, 5], [0, 5], [0, 0]]})
    assert b.state.elements[slab].boundary == ((0, 0), (6, 0), (6, 5), (0, 5))  # stored open


def test_update_column_profile_and_height():
    b = ModelBuilder()
    column = b.column((1, 1), width=0.3, depth=0.3)
    b.do({"type": "update_column", "id": column, "shape": "circle", "diameter": 0.45,
          "height": 4.0, "position": [2, 3]})
    c = b.state.elements[column]
    assert (c.shape, c.diameter, c.height, c.position, c.width) == ("circle", 0.45, 4.0,
                                                                    (2, 3), 0.3)


def test_update_room_name_number_and_outline_changes_its_area():
    b = ModelBuilder()
    room = b.room(SQUARE, name="Room", number="")
    b.do({"type": "update_room", "id": room, "name": "Kitchen", "number": "0.01",
          "boundary": [[0, 0], [5, 0], [5, 4], [0, 4]]})
    r = b.state.elements[room]
    assert (r.name, r.number) == ("Kitchen", "0.01")
    mesh = mesh_element(b.state, room, element_keys(b.state)[room])
    assert mesh.quantities["area"] == pytest.approx(20.0)


def test_moving_an_element_to_another_level():
    b = ModelBuilder()
    slab = b.slab(SQUARE)
    upper = b.level("Level 1", elevation=3.0)
    b.do({"type": "update_slab", "id": slab, "level_id": upper})
    assert b.state.elements[slab].level_id == upper


@pytest.mark.parametrize("command,code", [
    ({"type": "update_slab", "boundary": [[0, 0], [2, 2], [2, 0], [0, 2]]}, "self_intersecting"),
    ({"type": "update_slab", "holes": [[[5, 5], [6, 5], [6, 6]]]}, "invalid_holes"),
    ({"type": "update_slab", "level_id": "00000000-0000-4000-8000-000000000000"},
     "unknown_level"),
    ({"type": "update_slab", "thickness": 0}, "invalid_command"),
    ({"type": "update_column"}, "wrong_element_type"),
    ({"type": "update_room", "boundary": [[0, 0], [1, 1], [2, 2]]}, "wrong_element_type"),
])
def test_bad_updates_are_refused_and_change_nothing(command, code):
    b = ModelBuilder()
    slab = b.slab(SQUARE)
    before = b.state.hash()
    assert decide(b.state, {**command, "id": slab}).code == code
    assert b.state.hash() == before


def test_a_bad_room_outline_is_refused():
    b = ModelBuilder()
    room = b.room(SQUARE)
    result = decide(b.state, {"type": "update_room", "id": room,
                              "boundary": [[0, 0], [1, 1], [2, 2]]})
    assert result.code == "degenerate_polygon"
    assert decide(b.state, {"type": "update_room", "id": b.new_id(), "name": "X"}).code == \
        "unknown_element"
