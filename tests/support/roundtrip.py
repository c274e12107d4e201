"""Issue 5's round trip, shared by the unit test (interop functions) and the stack test (jobs
through the services): the model issue's room with a door and a window, and the comparison
of a model with what came back from its IFC export."""

from __future__ import annotations

import pytest

from pryzm.model import State
from pryzm.model.testing import ModelBuilder

PROPS = {"Pset_WallCommon": {"IsExternal": True, "FireRating": "REI 60"},
         "PRYZM_Custom": {"Count": 3, "Ratio": 0.5, "Note": "Außenwand"}}


def room_with_door_and_window(level_name: str = "Erdgeschoss") -> ModelBuilder:
    b = ModelBuilder()
    b.level(level_name, elevation=0.0, height=3.0)
    corners = [(0, 0), (6, 0), (6, 4), (0, 4)]
    walls = [b.wall(corners[i], corners[(i + 1) % 4], thickness=0.3, height=2.8,
                    material="Mauerwerk") for i in range(4)]
    b.opening(walls[0], offset=1.0, kind="door", width=1.0, height=2.1)
    b.opening(walls[2], offset=2.0, kind="window", width=1.5, height=1.2, sill_height=0.9)
    b.slab(corners, thickness=0.25)
    b.room([(0.15, 0.15), (5.85, 0.15), (5.85, 3.85), (0.15, 3.85)], name="Wohnküche",
           number="0.01")
    b.column((3.0, 2.0), shape="circle", diameter=0.4, height=2.8)
    for wall_id in walls:
        b.do({"type": "set_properties", "id": wall_id, "psets": PROPS})
    return b


def by_kind(state: State) -> dict[str, list]:
    out: dict[str, list] = {}
    for element in state.elements.values():
        out.setdefault(element.kind, []).append(element)
    return out


def assert_same_building(before: State, after: State) -> None:
    """Same element types and counts; walls, openings, slab, room and column with the same
    dimensions (within 1 mm), places, materials and property values."""
    old_kinds, new_kinds = by_kind(before), by_kind(after)
    assert {k: len(v) for k, v in old_kinds.items()} == {k: len(v) for k, v in new_kinds.items()}
    key = lambda w: (round(min(w.start[0], w.end[0]), 3), round(min(w.start[1], w.end[1]), 3))  # noqa: E731
    for old, new in zip(sorted(old_kinds["wall"], key=key), sorted(new_kinds["wall"], key=key),
                        strict=True):
        assert new.length == pytest.approx(old.length, abs=1e-3)
        assert new.thickness == pytest.approx(old.thickness, abs=1e-3)
        assert new.height == pytest.approx(old.height, abs=1e-3)
        assert {tuple(round(c, 3) for c in p) for p in (new.start, new.end)} == \
            {tuple(round(c, 3) for c in p) for p in (old.start, old.end)}
        assert new.material == old.material
        for set_name, values in old.properties.items():
            assert new.properties[set_name] == values
    for kind in ("door", "window"):
        (old,), (new,) = old_kinds[kind], new_kinds[kind]
        for field in ("width", "height", "sill_height"):
            assert getattr(new, field) == pytest.approx(getattr(old, field), abs=1e-3)
        host_old, host_new = before.elements[old.host_id], after.elements[new.host_id]
        # the offset runs from the host's start; the host may come back reversed
        start_old = (host_old.start[0] + host_old.direction[0] * old.offset,
                     host_old.start[1] + host_old.direction[1] * old.offset)
        ends_new = [(host_new.start[0] + host_new.direction[0] * o,
                     host_new.start[1] + host_new.direction[1] * o)
                    for o in (new.offset, new.offset + new.width)]
        assert any(abs(x - start_old[0]) < 1e-3 and abs(y - start_old[1]) < 1e-3
                   for x, y in ends_new)
    (old_slab,), (slab,) = old_kinds["slab"], new_kinds["slab"]
    assert slab.thickness == pytest.approx(old_slab.thickness, abs=1e-3)
    (old_room,), (room,) = old_kinds["room"], new_kinds["room"]
    assert (room.name, room.number) == (old_room.name, old_room.number)
    (old_column,), (column,) = old_kinds["column"], new_kinds["column"]
    assert column.shape == old_column.shape
    assert column.diameter == pytest.approx(old_column.diameter, abs=2e-3)
