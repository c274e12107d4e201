"""Issue 5's round trip, shared by the unit test (interop functions) and the stack test (jobs
through the services): the model issue's room with a door and a window, and the comparison
of a model with what came back from its IFC export."""

from __future__ import annotations

import math

import pytest

from pryzm.model import State
from pryzm.model.testing import ModelBuilder

TOL = 1e-3  # metres: "the same dimensions" of issue 5

PROPS = {"Pset_WallCommon": {"IsExternal": True, "FireRating": "REI 60"},
         "PRYZM_Custom": {"Count": 3, "Ratio": 0.5, "Note": "Außenwand"}}
# every other kind carries its own common set and a custom one, so that property sets are
# checked on every element type the export writes
KIND_PROPS = {
    "door": {"Pset_DoorCommon": {"IsExternal": True, "FireRating": "T30"},
             "PRYZM_Custom": {"Count": 1, "Note": "Haustür"}},
    "window": {"Pset_WindowCommon": {"IsExternal": True, "ThermalTransmittance": 0.9},
               "PRYZM_Custom": {"Count": 2, "Note": "Südfenster"}},
    "slab": {"Pset_SlabCommon": {"LoadBearing": True},
             "PRYZM_Custom": {"Ratio": 0.25, "Note": "Bodenplatte"}},
    "column": {"Pset_ColumnCommon": {"LoadBearing": True, "Reference": "C1"},
               "PRYZM_Custom": {"Count": 4}},
    "room": {"Pset_SpaceCommon": {"Reference": "WK", "IsExternal": False},
             "PRYZM_Custom": {"Note": "Tageslicht"}},
}


def room_with_door_and_window(level_name: str = "Erdgeschoss") -> ModelBuilder:
    b = ModelBuilder()
    b.level(level_name, elevation=0.0, height=2.95)  # the top storey: not the default 3 m
    corners = [(0, 0), (6, 0), (6, 4), (0, 4)]
    walls = [b.wall(corners[i], corners[(i + 1) % 4], thickness=0.3, height=2.8,
                    material="Mauerwerk") for i in range(4)]
    b.opening(walls[0], offset=1.0, kind="door", width=1.0, height=2.1, flip=True,
              material="Eiche")
    b.opening(walls[2], offset=2.0, kind="window", width=1.5, height=1.2, sill_height=0.9,
              material="Holz-Alu")
    b.slab(corners, holes=[[(4.2, 2.6), (5.4, 2.6), (5.4, 3.5), (4.2, 3.5)]], thickness=0.25,
           material="Stahlbeton")
    b.room([(0.15, 0.15), (5.85, 0.15), (5.85, 3.85), (0.15, 3.85)], name="Wohnküche",
           number="0.01")
    b.column((3.0, 2.0), shape="circle", diameter=0.4, height=2.8)
    b.column((1.5, 2.5), shape="rect", width=0.3, depth=0.5, rotation=30.0, height=2.6,
             base_offset=0.1, material="Stahl")
    for wall_id in walls:
        b.do({"type": "set_properties", "id": wall_id, "psets": PROPS})
    for element in list(b.state.elements.values()):
        if element.kind in KIND_PROPS:
            b.do({"type": "set_properties", "id": element.id,
                  "psets": KIND_PROPS[element.kind]})
    return b


def by_kind(state: State) -> dict[str, list]:
    out: dict[str, list] = {}
    for element in state.elements.values():
        out.setdefault(element.kind, []).append(element)
    return out


def assert_same_building(before: State, after: State) -> None:
    """Same element types and counts; walls, openings, slabs, rooms and columns in the same
    places with the same outlines, holes and dimensions (within 1 mm), the same materials
    for walls, doors, windows, slabs and columns, doors opening to the same side, the same
    level heights, and the same property sets and values on every element."""
    levels = {(level.name, round(level.elevation, 3)): level.height
              for level in after.levels.values()}
    for level in before.levels.values():
        assert levels.get((level.name, round(level.elevation, 3))) == pytest.approx(
            level.height, abs=TOL), f"level {level.name}: height {levels} after"
    old_kinds, new_kinds = by_kind(before), by_kind(after)
    assert {k: len(v) for k, v in old_kinds.items()} == {k: len(v) for k, v in new_kinds.items()}
    for kind, olds in old_kinds.items():
        compare = _COMPARE.get(kind)
        assert compare is not None, f"no comparison for {kind} elements"
        for old, new in _pairs(olds, new_kinds[kind], before, after):
            compare(before, after, old, new)
            assert _psets(new) == _psets(old), f"{kind} {old.id}: property sets differ"


# -- pairing and geometry helpers -------------------------------------------------------------


def _psets(element) -> dict:
    """The property sets a user set: the import's own `IFC` bookkeeping set left out, and
    the Pset_WallCommon the export writes for a wall that has none (Reference = material)."""
    psets = {name: values for name, values in element.properties.items() if name != "IFC"}
    if element.kind == "wall" and psets.get("Pset_WallCommon") == {"Reference": element.material}:
        del psets["Pset_WallCommon"]
    return psets


def _anchor(element, state: State) -> tuple[float, float, float]:
    """A point that places an element: in plan (an opening's: the middle of its span), at its
    level's elevation (so that the same slab on two storeys is two slabs)."""
    if element.kind == "wall":
        x, y = ((element.start[0] + element.end[0]) / 2, (element.start[1] + element.end[1]) / 2)
    elif element.kind in ("door", "window"):
        (x0, y0), (x1, y1) = _span(element, state)
        x, y = ((x0 + x1) / 2, (y0 + y1) / 2)
    elif element.kind == "column":
        x, y = element.position
    else:
        ring = _open(element.boundary)
        x, y = (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return (x, y, state.levels[element.level_id].elevation)


def _pairs(olds, news, before: State, after: State):
    """Each old element with the new one nearest to it; every new one used once."""
    left = list(news)
    for old in olds:
        here = _anchor(old, before)
        new = min(left, key=lambda n: math.dist(here, _anchor(n, after)))
        assert math.dist(here, _anchor(new, after)) < TOL, \
            f"{old.kind} {old.id} at {tuple(round(c, 3) for c in here)} did not come back there"
        left.remove(new)
        yield old, new


def _close(a, b) -> bool:
    return all(abs(x - y) < TOL for x, y in zip(a, b, strict=True))


def assert_same_ring(old, new, what: str) -> None:
    """The same closed outline within 1 mm, whatever vertex it starts at and whichever way
    round it runs (a vertex more or less, or one moved, fails)."""
    a = _open(old)
    b = _open(new)
    assert len(a) == len(b), f"{what}: {len(b)} corners instead of {len(a)}: {new}"
    for ring in (b, b[::-1]):
        for shift in range(len(ring)):
            if all(_close(p, q) for p, q in zip(a, ring[shift:] + ring[:shift], strict=True)):
                return
    raise AssertionError(f"{what}: outline {new} is not {old}")


def _open(ring) -> list[tuple[float, float]]:
    points = [tuple(map(float, p[:2])) for p in ring]
    if len(points) > 1 and _close(points[0], points[-1]):
        points.pop()
    return points


def _span(opening, state: State):
    """The two plan points where an opening starts and ends along its host's baseline."""
    host = state.elements[opening.host_id]
    (sx, sy), (dx, dy) = host.start, host.direction
    return [(sx + dx * o, sy + dy * o) for o in (opening.offset, opening.offset + opening.width)]


def _wall_outline(wall) -> list[tuple[float, float]]:
    (sx, sy), (ex, ey), (dx, dy) = wall.start, wall.end, wall.direction
    lo, hi = wall.faces
    return [(x - dy * across, y + dx * across)
            for (x, y), across in (((sx, sy), lo), ((ex, ey), lo), ((ex, ey), hi),
                                   ((sx, sy), hi))]


def _column_outline(column) -> list[tuple[float, float]]:
    angle = math.radians(column.rotation)
    c, s = math.cos(angle), math.sin(angle)
    w, d = column.width / 2, column.depth / 2
    x, y = column.position
    return [(x + c * u - s * v, y + s * u + c * v) for u, v in ((-w, -d), (w, -d), (w, d),
                                                                (-w, d))]


def _z(state: State, element, offset: float) -> float:
    return state.levels[element.level_id].elevation + offset


# -- one comparison per kind --------------------------------------------------------------


def _wall(before: State, after: State, old, new) -> None:
    assert_same_ring([old.start, old.end], [new.start, new.end], f"wall {old.id} baseline")
    assert new.thickness == pytest.approx(old.thickness, abs=TOL)
    assert new.height == pytest.approx(old.height, abs=TOL)
    assert _z(after, new, new.base_offset) == pytest.approx(_z(before, old, old.base_offset),
                                                            abs=TOL)
    assert_same_ring(_wall_outline(old), _wall_outline(new), f"wall {old.id} footprint")
    assert new.material == old.material


def _opening(before: State, after: State, old, new) -> None:
    host_old, host_new = before.elements[old.host_id], after.elements[new.host_id]
    # in the wall that stood where its host stood (the host may come back reversed) ...
    assert_same_ring([host_old.start, host_old.end], [host_new.start, host_new.end],
                     f"{old.kind} {old.id} host")
    # ... from the same point to the same point (offset and width), at the same heights
    assert_same_ring(_span(old, before), _span(new, after), f"{old.kind} {old.id} span")
    for field in ("width", "height", "sill_height"):
        assert getattr(new, field) == pytest.approx(getattr(old, field), abs=TOL), field
    same_way = _close(host_new.start, host_old.start)
    offset_new = new.offset if same_way else host_new.length - new.offset - new.width
    assert offset_new == pytest.approx(old.offset, abs=TOL)
    # A door opens to the same side of the wall (its host's left face if it came back the
    # same way round, else its right one).
    if old.kind == "door":
        assert new.flip == (old.flip if same_way else not old.flip), f"door {old.id} flip"
    assert new.material == old.material


def _slab(before: State, after: State, old, new) -> None:
    assert_same_ring(old.boundary, new.boundary, f"slab {old.id} outline")
    assert len(new.holes) == len(old.holes), f"slab {old.id}: holes {new.holes}"
    for old_hole in old.holes:  # each hole once, whatever order they come back in
        assert sum(_matches(old_hole, h) for h in new.holes) == 1, \
            f"slab {old.id}: hole {old_hole} not in {new.holes}"
    assert new.thickness == pytest.approx(old.thickness, abs=TOL)
    assert _z(after, new, new.offset) == pytest.approx(_z(before, old, old.offset), abs=TOL)
    assert new.material == old.material


def _matches(old, new) -> bool:
    try:
        assert_same_ring(old, new, "")
    except AssertionError:
        return False
    return True


def _room(before: State, after: State, old, new) -> None:
    assert (new.name, new.number) == (old.name, old.number)
    assert_same_ring(old.boundary, new.boundary, f"room {old.id} boundary")
    assert _z(after, new, new.base_offset) == pytest.approx(_z(before, old, old.base_offset),
                                                            abs=TOL)
    height = lambda room, state: room.height if room.height is not None else \
        state.levels[room.level_id].height  # noqa: E731
    assert height(new, after) == pytest.approx(height(old, before), abs=TOL)


def _column(before: State, after: State, old, new) -> None:
    assert new.shape == old.shape
    assert _close(new.position, old.position)
    assert new.height == pytest.approx(old.height, abs=TOL)
    assert _z(after, new, new.base_offset) == pytest.approx(_z(before, old, old.base_offset),
                                                            abs=TOL)
    if old.shape == "circle":
        assert new.diameter == pytest.approx(old.diameter, abs=TOL)
    else:  # width x depth at a rotation: the same four corners (depth x width at +90° too)
        assert sorted((new.width, new.depth)) == pytest.approx(sorted((old.width, old.depth)),
                                                               abs=TOL)
        assert_same_ring(_column_outline(old), _column_outline(new), f"column {old.id}")
    assert new.material == old.material


_COMPARE = {"wall": _wall, "door": _opening, "window": _opening, "slab": _slab,
            "room": _room, "column": _column}
