"""Levels: create_level, update_level, delete_level."""

from pryzm.model import Rejection, decide
from pryzm.model.testing import ModelBuilder


def test_create_and_update_level():
    b = ModelBuilder()
    level = b.level("Ground", elevation=1.5, height=4.0)
    b.do({"type": "update_level", "id": level, "name": "Rez-de-chaussée", "height": 3.2})
    assert b.state.levels[level].name == "Rez-de-chaussée"
    assert b.state.levels[level].elevation == 1.5
    assert b.state.levels[level].height == 3.2


def test_create_level_fills_defaults_in_the_event():
    b = ModelBuilder()
    b.level("L")
    assert b.events[0].to_json() == {"type": "create_level", "id": b.level_id, "name": "L",
                                     "elevation": 0.0, "height": 3.0}


def test_duplicate_and_unknown_levels_are_refused():
    b = ModelBuilder()
    level = b.level()
    assert decide(b.state, {"type": "create_level", "id": level, "name": "x"}).code == \
        "duplicate_id"
    other = b.new_id()
    assert decide(b.state, {"type": "update_level", "id": other, "name": "x"}).code == \
        "unknown_level"
    assert decide(b.state, {"type": "delete_level", "id": other}).code == "unknown_level"


def test_delete_empty_level():
    b = ModelBuilder()
    level = b.level()
    b.do({"type": "delete_level", "id": level})
    assert level not in b.state.levels


def test_delete_level_with_elements_is_refused_without_cascade():
    b = ModelBuilder()
    level = b.level()
    wall = b.wall((0, 0), (4, 0))
    result = decide(b.state, {"type": "delete_level", "id": level})
    assert isinstance(result, Rejection)
    assert result.code == "level_not_empty"
    assert result.details["count"] == 1
    assert result.details["element_ids"] == [wall]
    assert result.message


def test_delete_level_cascade_removes_its_elements_only():
    b = ModelBuilder()
    ground = b.level("Ground")
    upper = b.level("Upper", elevation=3)
    wall = b.wall((0, 0), (4, 0), level_id=ground)
    b.opening(wall, offset=1)
    b.slab([(0, 0), (4, 0), (4, 4)], level_id=ground)
    kept = b.wall((0, 0), (4, 0), level_id=upper)
    events = b.do({"type": "delete_level", "id": ground, "cascade": True})
    assert [e.to_json() for e in events] == [
        {"type": "delete_level", "id": ground, "cascade": True}]
    assert set(b.state.elements) == {kept}
    assert set(b.state.levels) == {upper}


def test_level_numbers_are_bounded():
    b = ModelBuilder()
    bad = decide(b.state, {"type": "create_level", "id": b.new_id(), "name": "x",
                           "height": -1})
    assert bad.code == "invalid_command"
    assert bad.details["problems"][0]["field"] == "height"
