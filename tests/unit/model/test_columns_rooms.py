"""Columns (place_column) and rooms (place_room)."""

from pryzm.model import decide
from pryzm.model.testing import ModelBuilder


def test_place_columns():
    b = ModelBuilder()
    rect = b.column((1, 2), width=0.4, depth=0.6, rotation=30)
    circle = b.column((5, 2), shape="circle", diameter=0.5)
    assert b.state.elements[rect].position == (1, 2)
    assert b.state.elements[rect].rotation == 30
    assert b.state.elements[circle].shape == "circle"
    assert b.state.elements[circle].diameter == 0.5


def test_bad_columns():
    b = ModelBuilder()
    b.level()
    base = {"type": "place_column", "id": b.new_id(), "level_id": b.level_id,
            "position": [0, 0]}
    assert decide(b.state, {**base, "shape": "hexagon"}).code == "invalid_command"
    assert decide(b.state, {**base, "diameter": 0}).code == "invalid_command"
    assert decide(b.state, {**base, "level_id": b.new_id()}).code == "unknown_level"


def test_place_room():
    b = ModelBuilder()
    room = b.room([(0, 0), (4, 0), (4, 3), (0, 3)], name="Kitchen", number="1.02")
    r = b.state.elements[room]
    assert (r.name, r.number, r.height) == ("Kitchen", "1.02", None)
    assert "height" not in b.events[-1].data  # left to the level


def test_bad_rooms():
    b = ModelBuilder()
    b.level()
    base = {"type": "place_room", "id": b.new_id(), "level_id": b.level_id}
    assert decide(b.state, {**base, "boundary": [[0, 0], [2, 2], [2, 0], [0, 2]]}).code == \
        "self_intersecting"
    assert decide(b.state, {**base, "boundary": [[0, 0], [1, 1], [2, 2]]}).code == \
        "degenerate_polygon"
    assert decide(b.state, {**base, "boundary": [[0, 0], [1, 0], [1, 1]],
                            "holes": []}).code == "invalid_command"
