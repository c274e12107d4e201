"""Slabs: place_slab."""

import pytest

from pryzm.model import decide
from pryzm.model.testing import ModelBuilder

SQUARE = [[0, 0], [4, 0], [4, 4], [0, 4]]


def _place(b, **fields):
    b.level_id or b.level()
    return decide(b.state, {"type": "place_slab", "id": b.new_id(), "level_id": b.level_id,
                            **fields})


def test_place_slab_with_holes():
    b = ModelBuilder()
    slab = b.slab(SQUARE, holes=[[(1, 1), (2, 1), (2, 2), (1, 2)]], thickness=0.25)
    s = b.state.elements[slab]
    assert s.boundary == ((0, 0), (4, 0), (4, 4), (0, 4))
    assert s.holes == (((1, 1), (2, 1), (2, 2), (1, 2)),)
    assert (s.thickness, s.offset, s.material) == (0.25, 0.0, "concrete")


def test_closing_and_repeated_points_are_dropped():
    b = ModelBuilder()
    slab = b.slab([(0, 0), (4, 0), (4, 0), (4, 4), (0, 0)])
    assert b.state.elements[slab].boundary == ((0, 0), (4, 0), (4, 4))
    assert b.events[-1].data["boundary"] == [[0, 0], [4, 0], [4, 4]]


@pytest.mark.parametrize("boundary,holes,code", [
    ([[0, 0], [2, 2], [2, 0], [0, 2]], [], "self_intersecting"),
    ([[0, 0], [1, 0], [2, 0]], [], "degenerate_polygon"),
    ([[0, 0], [1, 0], [0, 0], [1, 0]], [], "degenerate_polygon"),
    (SQUARE, [[[5, 5], [6, 5], [6, 6]]], "invalid_holes"),
    (SQUARE, [[[1, 1], [2, 1], [2, 2], [1, 2]], [[1.5, 1.5], [3, 1.5], [3, 3]]],
     "invalid_holes"),
    (SQUARE, [[[1, 1], [3, 3], [3, 1], [1, 3]]], "self_intersecting"),
])
def test_bad_polygons_are_refused(boundary, holes, code):
    result = _place(ModelBuilder(), boundary=boundary, holes=holes)
    assert result.code == code
    assert result.message


def test_too_few_points_is_an_invalid_command():
    assert _place(ModelBuilder(), boundary=[[0, 0], [1, 1]]).code == "invalid_command"


def test_unknown_level():
    b = ModelBuilder()
    result = decide(b.state, {"type": "place_slab", "id": b.new_id(), "level_id": b.new_id(),
                              "boundary": SQUARE})
    assert result.code == "unknown_level"
