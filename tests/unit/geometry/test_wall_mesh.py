"""Wall solids: openings cut exactly (case B1), failures named (case B2), always closed."""

import math

import pytest
from _meshcheck import as_trimesh, assert_closed, bake
from hypothesis import given, settings
from hypothesis import strategies as st

from pryzm.model import Event, apply
from pryzm.model.testing import ModelBuilder, Rejected


@st.composite
def walls_with_openings(draw):
    """A straight wall anywhere (also 2,000 km out) with up to four openings that fit and
    do not overlap: the wall is cut into slots, one opening inside each chosen slot."""
    length = draw(st.floats(1.0, 20.0))
    height = draw(st.floats(2.0, 6.0))
    angle = draw(st.floats(0, 2 * math.pi))
    x0 = draw(st.sampled_from([0.0, 123.456, 2_000_000.0]))
    start = (x0, -x0 / 2)
    end = (start[0] + length * math.cos(angle), start[1] + length * math.sin(angle))
    wall = {"start": start, "end": end, "height": height,
            "thickness": draw(st.floats(0.05, 1.0)),
            "alignment": draw(st.sampled_from(["center", "left", "right"])),
            "base_offset": draw(st.floats(-1, 1))}
    slots = draw(st.integers(0, 4))
    openings = []
    for k in range(slots):
        if not draw(st.booleans()):
            continue
        lo, hi = length * k / slots, length * (k + 1) / slots
        a = draw(st.floats(0, 0.99)) * (hi - lo)
        width = draw(st.floats(0.01, 1.0)) * (hi - lo - a)
        sill = draw(st.floats(0, 0.9)) * height
        tall = draw(st.floats(0.01, 1.0)) * (height - sill)
        openings.append({"offset": lo + a, "width": width, "sill_height": sill,
                         "height": tall, "kind": draw(st.sampled_from(["door", "window"])),
                         "flip": draw(st.booleans())})
    return wall, openings


@settings(max_examples=80, deadline=None)
@given(case=walls_with_openings())
def test_b1_wall_volume_is_the_solid_minus_its_openings(case):
    """B1: the baked wall volume equals length x thickness x height minus the openings."""
    wall_fields, openings = case
    b = ModelBuilder()
    wall = b.wall(wall_fields.pop("start"), wall_fields.pop("end"), **wall_fields)
    w = b.state.elements[wall]
    for opening in openings:
        b.opening(wall, **opening)
    meshes = bake(b.state)
    for mesh in meshes.values():
        assert_closed(mesh)
    mesh = meshes[wall]
    expected = w.length * w.thickness * w.height - sum(
        o["width"] * o["height"] * w.thickness for o in openings)
    if expected < 1e-9:  # the openings take the whole wall: named, and the wall kept
        assert [x.split(":")[0] for x in mesh.warnings] == ["cut_empty"]
        return
    assert not mesh.warnings
    assert as_trimesh(mesh).volume == pytest.approx(expected, abs=1e-6)
    assert mesh.quantities["net_volume"] == pytest.approx(expected, abs=1e-6)
    assert mesh.quantities["net_side_area"] == pytest.approx(
        w.length * w.height - sum(o["width"] * o["height"] for o in openings), abs=1e-9)


def test_b1_room_of_four_mitred_walls_with_a_door_and_a_window():
    """B1 on joined walls: hand-computed quantities for a 5 x 4 m room."""
    b = ModelBuilder()
    corners = [(0, 0), (5, 0), (5, 4), (0, 4)]
    walls = [b.wall(corners[i], corners[(i + 1) % 4], thickness=0.2, height=3.0)
             for i in range(4)]
    b.opening(walls[0], offset=1.0, kind="door")  # 0.9 x 2.1
    b.opening(walls[1], offset=1.0, kind="window")  # 1.2 x 1.2
    meshes = bake(b.state)
    south, east = meshes[walls[0]].quantities, meshes[walls[1]].quantities
    assert south["length"] == 5
    assert south["net_side_area"] == pytest.approx(15 - 0.9 * 2.1)
    assert south["net_volume"] == pytest.approx(5 * 0.2 * 3 - 0.9 * 2.1 * 0.2)
    assert east["net_volume"] == pytest.approx(4 * 0.2 * 3 - 1.2 * 1.2 * 0.2)
    assert meshes[walls[2]].quantities["net_volume"] == pytest.approx(5 * 0.2 * 3)
    for mesh in meshes.values():
        assert_closed(mesh)
        assert not mesh.warnings


@pytest.mark.parametrize("command", ["place_opening", "update_opening"])
@pytest.mark.parametrize("reversed_span", [{"width": -0.9}, {"height": -2.1}])
def test_b2_a_reversed_opening_never_reaches_the_wall_cutter(command, reversed_span):
    """B2 natively: an opening is a span (offset, width, sill, height), and the model refuses
    a reversed one, so the cutter only sees boxes that are the right way out (a reversed box
    would add to the wall). Reversed and open void profiles arrive in IFC files, and
    tests/unit/interop/test_ifc_cases.py imports them."""
    b = ModelBuilder()
    wall = b.wall((0, 0), (4, 0))
    fields = {"offset": 2.0, **reversed_span}
    with pytest.raises(Rejected) as refused:
        if command == "place_opening":
            b.opening(wall, kind="door", **fields)
        else:
            door = b.opening(wall, offset=2.0, kind="door")
            b.do({"type": "update_opening", "id": door, **fields})
    assert refused.value.rejection.code == "invalid_command"
    doors = 1 if command == "update_opening" else 0
    assert bake(b.state)[wall].quantities["net_volume"] == pytest.approx(
        2.4 - doors * 0.9 * 2.1 * 0.2)


def _force_opening(b, host, **fields):
    """An opening that decide would refuse, as an old log or an import might carry it."""
    opening_id = b.new_id()
    data = {"id": opening_id, "host_id": host, "kind": "window", "offset": 0.0, "width": 1.0,
            "height": 1.0, "sill_height": 0.0, "flip": False, "material": "glass", **fields}
    apply(b.state, Event("place_opening", data))
    return opening_id


def test_b2_an_opening_outside_its_wall_is_named_not_silently_dropped():
    b = ModelBuilder()
    wall = b.wall((0, 0), (4, 0))
    opening = _force_opening(b, wall, offset=6.0)
    mesh = bake(b.state)[wall]
    assert [w.split(":")[0] for w in mesh.warnings] == ["opening_not_cut"]
    assert opening in mesh.warnings[0]
    assert_closed(mesh)
    assert mesh.quantities["net_volume"] == pytest.approx(2.4)


def test_b2_a_cut_that_would_empty_the_wall_is_named_and_the_wall_kept():
    b = ModelBuilder()
    wall = b.wall((0, 0), (4, 0))
    _force_opening(b, wall, offset=-1.0, width=6.0, sill_height=-1.0, height=5.0)
    mesh = bake(b.state)[wall]
    codes = [w.split(":")[0] for w in mesh.warnings]
    assert codes == ["opening_partially_outside", "cut_empty"]
    assert_closed(mesh)
    assert mesh.quantities["net_volume"] == pytest.approx(2.4)


def test_b2_an_opening_reaching_into_a_join_is_cut_where_it_overlaps_and_named():
    b = ModelBuilder()
    b.wall((0, 0), (6, 0), thickness=0.4)
    abutting = b.wall((3, 0), (3, 4), thickness=0.2)  # trimmed to start at 0.2
    b.opening(abutting, offset=0.0, width=1.0)
    mesh = bake(b.state)[abutting]
    assert [w.split(":")[0] for w in mesh.warnings] == ["opening_partially_outside"]
    assert_closed(mesh)
    assert mesh.quantities["net_volume"] == pytest.approx(3.8 * 0.2 * 3 - 0.8 * 2.1 * 0.2)


def test_a_door_flush_with_the_wall_end_and_base():
    b = ModelBuilder()
    wall = b.wall((0, 0), (2, 0))
    b.opening(wall, offset=0, width=2.0, height=2.5)  # leaves only a lintel
    mesh = bake(b.state)[wall]
    assert not mesh.warnings
    assert_closed(mesh)
    assert mesh.quantities["net_volume"] == pytest.approx(2 * 0.5 * 0.2)


def test_bbox_is_in_model_coordinates():
    b = ModelBuilder()
    b.level(elevation=10.0)
    wall = b.wall((1, 2), (5, 2), thickness=0.2, base_offset=0.5, height=2.0)
    assert bake(b.state)[wall].bbox == {"min": [1, 1.9, 10.5], "max": [5, 2.1, 12.5]}
