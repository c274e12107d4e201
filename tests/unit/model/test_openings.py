"""Openings: place_opening, update_opening, and their life with the host wall."""

import pytest

from pryzm.model import decide
from pryzm.model.testing import ModelBuilder


@pytest.fixture
def b():
    builder = ModelBuilder()
    builder.wall_id = builder.wall((0, 0), (5, 0), height=3.0)
    return builder


def _place(b, **fields):
    return decide(b.state, {"type": "place_opening", "id": b.new_id(), "host_id": b.wall_id,
                            **fields})


def test_kind_defaults_fill_the_event(b):
    door = b.opening(b.wall_id, offset=0.5)
    window = b.opening(b.wall_id, offset=2.0, kind="window")
    assert b.events[-2].data == {"id": door, "host_id": b.wall_id, "kind": "door",
                                 "offset": 0.5, "width": 0.9, "height": 2.1,
                                 "sill_height": 0.0, "flip": False, "material": "timber"}
    w = b.state.elements[window]
    assert (w.kind, w.width, w.height, w.sill_height, w.material) == (
        "window", 1.2, 1.2, 0.9, "glass")
    assert w.level_id == b.level_id


@pytest.mark.parametrize("fields", [
    {"offset": -0.1}, {"offset": 4.5}, {"offset": 1, "width": 4.5},
    {"offset": 1, "sill_height": 1.0, "height": 2.1}, {"offset": 1, "sill_height": -0.2},
])
def test_opening_must_fit_inside_its_host(b, fields):
    result = _place(b, kind="door", **fields)
    assert result.code == "opening_outside_host"
    assert result.details["host_id"] == b.wall_id


def test_opening_may_fill_its_host_exactly(b):
    _ = b.opening(b.wall_id, offset=0, width=5.0, height=3.0)


def test_openings_must_not_overlap(b):
    first = b.opening(b.wall_id, offset=1.0)
    result = _place(b, kind="window", offset=1.5)
    assert result.code == "opening_overlap"
    assert result.details["other_id"] == first
    b.opening(b.wall_id, offset=1.9, kind="door")  # touching is fine
    b.opening(b.wall_id, offset=3.0, kind="window", sill_height=0.2, height=1.0)
    b.opening(b.wall_id, offset=3.0, kind="window", sill_height=1.5, height=1.0)  # stacked


def test_unknown_or_wrong_host(b):
    result = decide(b.state, {"type": "place_opening", "id": b.new_id(),
                              "host_id": b.new_id(), "kind": "door", "offset": 0})
    assert result.code == "unknown_host"
    column = b.column((9, 9))
    result = decide(b.state, {"type": "place_opening", "id": b.new_id(), "host_id": column,
                              "kind": "door", "offset": 0})
    assert result.code == "wrong_element_type"
    assert _place(b, kind="skylight", offset=0).code == "invalid_command"
    assert _place(b, kind="door").code == "invalid_command"  # offset is required


def test_update_opening(b):
    door = b.opening(b.wall_id, offset=1.0)
    window = b.opening(b.wall_id, offset=3.0, kind="window")
    b.do({"type": "update_opening", "id": door, "width": 1.2, "flip": True})
    assert b.state.elements[door].width == 1.2 and b.state.elements[door].flip
    assert decide(b.state, {"type": "update_opening", "id": door, "offset": 2.5}).code == \
        "opening_overlap"
    assert decide(b.state, {"type": "update_opening", "id": window, "width": 3}).code == \
        "opening_outside_host"
    assert decide(b.state, {"type": "update_opening", "id": b.wall_id, "width": 1}).code == \
        "wrong_element_type"
    assert decide(b.state, {"type": "update_opening", "id": door,
                            "host_id": b.wall_id}).code == "invalid_command"


def test_deleting_a_wall_deletes_its_openings_in_one_event(b):
    door = b.opening(b.wall_id, offset=1.0)
    window = b.opening(b.wall_id, offset=3.0, kind="window")
    other = b.wall((0, 5), (5, 5))
    kept = b.opening(other, offset=1.0)
    events = b.do({"type": "delete_elements", "ids": [b.wall_id]})
    assert len(events) == 1
    assert events[0].data["ids"] == [b.wall_id, *sorted([door, window])]
    assert set(b.state.elements) == {other, kept}


def test_deleting_a_wall_and_its_opening_together(b):
    door = b.opening(b.wall_id, offset=1.0)
    events = b.do({"type": "delete_elements", "ids": [door, b.wall_id]})
    assert events[0].data["ids"] == [door, b.wall_id]
    assert not b.state.elements
