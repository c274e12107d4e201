"""Round trip: a room drawn in PRYZM -> IFC4 (valid) -> imported into a new model."""

from __future__ import annotations

import ifcopenshell
import pytest
from tests.unit.interop.conftest import SAMPLES

from pryzm.interop import export_model, import_file
from pryzm.interop.ifc_export import guid, validate
from pryzm.model import State
from pryzm.model.testing import ModelBuilder

PROPS = {"Pset_WallCommon": {"IsExternal": True, "FireRating": "REI 60"},
         "PRYZM_Custom": {"Count": 3, "Ratio": 0.5, "Note": "Außenwand"}}


def room_with_door_and_window() -> ModelBuilder:
    b = ModelBuilder()
    b.level("Erdgeschoss", elevation=0.0, height=3.0)
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


def _by_kind(state: State) -> dict[str, list]:
    out: dict[str, list] = {}
    for element in state.elements.values():
        out.setdefault(element.kind, []).append(element)
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    b = room_with_door_and_window()
    path = tmp_path_factory.mktemp("rt") / "room.ifc"
    path.write_bytes(export_model(b.state, "ifc4").data)
    return b, path


def test_the_export_is_valid_ifc4_with_stable_global_ids(exported):
    b, path = exported
    model = ifcopenshell.open(str(path))
    assert model.schema == "IFC4"
    assert validate(model, express_rules=True) == []
    walls = model.by_type("IfcWall")
    assert {w.GlobalId for w in walls} == {guid(e.id) for e in b.state.elements.values()
                                           if e.kind == "wall"}
    again = export_model(b.state, "ifc4").data
    assert {w.GlobalId for w in ifcopenshell.file.from_string(again.decode()).by_type(
        "IfcWall")} == {w.GlobalId for w in walls}
    for wall in walls:  # axis + body, material layer, Pset_WallCommon, voids and fills
        assert {r.RepresentationIdentifier for r in wall.Representation.Representations} == \
            {"Axis", "Body"}
        assert wall.HasAssociations[0].RelatingMaterial.is_a("IfcMaterialLayerSetUsage")
    assert len(model.by_type("IfcRelVoidsElement")) == 2
    assert {r.RelatedBuildingElement.is_a() for r in model.by_type("IfcRelFillsElement")} == \
        {"IfcDoor", "IfcWindow"}


def test_round_trip_keeps_types_counts_dimensions_and_properties(exported):
    b, path = exported
    back = import_file(path, "ifc", State(), seed="round-trip")
    assert back.report["as_reference_because"] == {}
    before, after = _by_kind(b.state), _by_kind(back.state)
    assert {k: len(v) for k, v in before.items()} == {k: len(v) for k, v in after.items()}
    assert len(back.state.levels) == 1
    key = lambda w: (round(min(w.start[0], w.end[0]), 3), round(min(w.start[1], w.end[1]), 3))  # noqa: E731
    for old, new in zip(sorted(before["wall"], key=key), sorted(after["wall"], key=key),
                        strict=True):
        assert new.length == pytest.approx(old.length, abs=1e-3)
        assert new.thickness == pytest.approx(old.thickness, abs=1e-3)
        assert new.height == pytest.approx(old.height, abs=1e-3)
        assert {tuple(round(c, 3) for c in p) for p in (new.start, new.end)} == \
            {tuple(round(c, 3) for c in p) for p in (old.start, old.end)}
        assert new.material == "Mauerwerk"
        for set_name, values in PROPS.items():
            assert new.properties[set_name] == values
    for kind in ("door", "window"):
        (old,), (new,) = before[kind], after[kind]
        for field in ("width", "height", "sill_height"):
            assert getattr(new, field) == pytest.approx(getattr(old, field), abs=1e-3)
        host_old, host_new = b.state.elements[old.host_id], back.state.elements[new.host_id]
        # the offset runs from the host's start; the host may come back reversed
        start_old = (host_old.start[0] + host_old.direction[0] * old.offset,
                     host_old.start[1] + host_old.direction[1] * old.offset)
        ends_new = [(host_new.start[0] + host_new.direction[0] * o,
                     host_new.start[1] + host_new.direction[1] * o)
                    for o in (new.offset, new.offset + new.width)]
        assert any(abs(x - start_old[0]) < 1e-3 and abs(y - start_old[1]) < 1e-3
                   for x, y in ends_new)
    (slab,) = after["slab"]
    assert slab.thickness == pytest.approx(0.25, abs=1e-3)
    (room,) = after["room"]
    assert (room.name, room.number) == ("Wohnküche", "0.01")
    (column,) = after["column"]
    assert column.shape == "circle"
    assert column.diameter == pytest.approx(0.4, abs=2e-3)


def test_ifc2x3_export_is_valid_too():
    b = room_with_door_and_window()
    data = export_model(b.state, "ifc2x3").data
    model = ifcopenshell.file.from_string(data.decode())
    assert model.schema == "IFC2X3"
    assert validate(model) == []
    assert len(model.by_type("IfcWallStandardCase")) == 4


def test_imported_references_export_as_their_ifc_class():
    result = import_file(SAMPLES / "ifc" / "IfcOpenHouse_IFC4.ifc", "ifc", State(), seed="x")
    data = export_model(result.state, "ifc4").data
    model = ifcopenshell.file.from_string(data.decode())
    assert validate(model) == []
    assert len(model.by_type("IfcWindow")) == 5
