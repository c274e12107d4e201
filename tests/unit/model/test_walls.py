"""Walls: place_wall, update_wall."""

import pytest

from pryzm.model import Rejection, decide
from pryzm.model.testing import ModelBuilder


def test_place_wall_defaults_and_alignment():
    b = ModelBuilder()
    wall = b.wall((0, 0), (3, 4), alignment="left")
    w = b.state.elements[wall]
    assert (w.thickness, w.height, w.base_offset, w.material) == (0.2, 3.0, 0.0, "concrete")
    assert w.length == 5.0
    assert w.faces == (0.0, 0.2)
    assert b.events[-1].data["alignment"] == "left"


@pytest.mark.parametrize("alignment,faces", [("center", (-0.15, 0.15)), ("left", (0, 0.3)),
                                             ("right", (-0.3, 0))])
def test_alignment_faces(alignment, faces):
    b = ModelBuilder()
    wall = b.wall((0, 0), (1, 0), thickness=0.3, alignment=alignment)
    assert b.state.elements[wall].faces == pytest.approx(faces)


def test_bad_alignment_and_short_walls_are_refused():
    b = ModelBuilder()
    b.level()
    base = {"type": "place_wall", "id": b.new_id(), "level_id": b.level_id,
            "start": [0, 0], "end": [1, 0]}
    assert decide(b.state, {**base, "alignment": "middle"}).code == "invalid_command"
    assert decide(b.state, {**base, "end": [0.001, 0]}).code == "zero_length"
    assert decide(b.state, {**base, "level_id": b.new_id()}).code == "unknown_level"


def test_update_wall_changes_only_given_fields():
    b = ModelBuilder()
    wall = b.wall((0, 0), (4, 0), material="brick")
    b.do({"type": "update_wall", "id": wall, "end": [6, 0], "alignment": "right"})
    w = b.state.elements[wall]
    assert w.end == (6.0, 0.0) and w.alignment == "right" and w.material == "brick"


def test_update_wall_refuses_to_strand_an_opening():
    b = ModelBuilder()
    wall = b.wall((0, 0), (4, 0))
    door = b.opening(wall, offset=2.5)
    result = decide(b.state, {"type": "update_wall", "id": wall, "end": [3, 0]})
    assert result.code == "opening_outside_host"
    assert result.details["ids"] == [door]
    result = decide(b.state, {"type": "update_wall", "id": wall, "height": 2.0})
    assert result.code == "opening_outside_host"
    assert isinstance(decide(b.state, {"type": "update_wall", "id": wall, "end": [3.4, 0]}),
                      list)


def test_update_wall_level_carries_its_openings():
    b = ModelBuilder()
    b.level()
    upper = b.level("Upper", elevation=3)
    wall = b.wall((0, 0), (4, 0))
    door = b.opening(wall, offset=1)
    b.do({"type": "update_wall", "id": wall, "level_id": upper})
    assert b.state.elements[door].level_id == upper


def test_update_wall_refuses_non_walls():
    b = ModelBuilder()
    column = b.column((0, 0))
    result = decide(b.state, {"type": "update_wall", "id": column, "height": 2})
    assert result.code == "wrong_element_type"
    assert decide(b.state, {"type": "update_wall", "id": b.new_id()}).code == \
        "unknown_element"


def test_values_of_the_wrong_json_type_are_refused():
    b = ModelBuilder()
    level = b.level()
    base = {"type": "place_wall", "id": b.new_id(), "level_id": level, "start": [0, 0],
            "end": [4, 0]}
    for bad in ({"thickness": "0.3"}, {"thickness": True}, {"start": ["0", 0]},
                {"material": 5}, {"material": "   "}, {"material": "Beton\x00"},
                {"id": 7}):
        result = decide(b.state, {**base, **bad})
        assert isinstance(result, Rejection) and result.code == "invalid_command", bad
    assert not isinstance(decide(b.state, {**base, "thickness": 1}), Rejection)  # ints are numbers


def test_geometry_stays_within_reach_of_the_project_origin():
    b = ModelBuilder()
    level = b.level()
    b.wall((2_000_000, 3_000_000), (2_000_010, 3_000_000))  # fixes the origin out there
    near = b.wall((2_015_000, 3_000_000), (2_015_010, 3_000_000))
    far = decide(b.state, {"type": "place_wall", "id": b.new_id(), "level_id": level,
                           "start": [2_030_000, 3_000_000], "end": [2_030_010, 3_000_000]})
    assert isinstance(far, Rejection) and far.code == "too_far"
    assert far.details["limit"] == 20_000 and far.details["origin"] == [2_000_000, 3_000_000]
    moved = decide(b.state, {"type": "move_elements", "ids": [near], "delta": [1e8 - 3e6, 0]})
    assert isinstance(moved, Rejection) and moved.code in ("too_far", "invalid_command")
    moved = decide(b.state, {"type": "move_elements", "ids": [near], "delta": [10_000, 0]})
    assert isinstance(moved, Rejection) and moved.code == "too_far"
    updated = decide(b.state, {"type": "update_wall", "id": near, "end": [2_025_000, 3_000_000]})
    assert isinstance(updated, Rejection) and updated.code == "too_far"


def test_sizes_below_a_tenth_of_a_millimetre_are_refused():
    """A wall 1e-300 m thick used to be accepted, and its joins then divided by almost
    nothing: the bake of the whole project failed. Sizes start at 0.1 mm."""
    b = ModelBuilder()
    level = b.level()
    base = {"type": "place_wall", "id": b.new_id(), "level_id": level, "start": [0, 0],
            "end": [4, 0]}
    for bad in ({"thickness": 1e-300}, {"thickness": 0.0}, {"height": 5e-5}):
        result = decide(b.state, {**base, **bad})
        assert isinstance(result, Rejection) and result.code == "invalid_command", bad
    assert not isinstance(decide(b.state, {**base, "thickness": 1e-4}), Rejection)
