"""Round trip: a room drawn in PRYZM -> IFC4 (valid) -> imported into a new model."""

from __future__ import annotations

import ifcopenshell
import ifcopenshell.util.element as ifc_element
import pytest
from tests.support.roundtrip import PROPS, assert_same_building, room_with_door_and_window
from tests.unit.interop.conftest import SAMPLES

from pryzm.interop import export_model, import_file
from pryzm.interop.ifc_export import guid, validate
from pryzm.model import State


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
    assert len(back.state.levels) == 1
    assert_same_building(b.state, back.state)
    walls = [e for e in back.state.elements.values() if e.kind == "wall"]
    assert {w.material for w in walls} == {"Mauerwerk"}
    assert all(w.properties[name] == values for w in walls for name, values in PROPS.items())


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


def test_a_property_ifc_cannot_hold_is_left_out_and_reported_not_fatal():
    """The model refuses integers beyond 64 bits now, but an older log may hold one: the
    export goes on without it and says so."""
    b = room_with_door_and_window()
    wall = next(e for e in b.state.elements.values() if e.kind == "wall")
    b.state.elements[wall.id] = wall.evolve(properties={
        **wall.properties, "Legacy": {"Huge": 2**70, "Fine": 7}})
    exported = export_model(b.state, "ifc4")
    skipped = [s for s in exported.report["skipped"] if s.get("property")]
    assert skipped == [{"id": wall.id, "property": "Legacy.Huge",
                        "reason": "the value does not fit an IFC property"}]
    model = ifcopenshell.file.from_string(exported.data.decode())
    assert validate(model) == []
    ifc_wall = next(w for w in model.by_type("IfcWall") if w.GlobalId == guid(wall.id))
    assert ifc_element.get_psets(ifc_wall)["Legacy"]["Fine"] == 7


def test_a_rule_check_that_raises_leaves_ifcopenshell_as_it_was(exported, monkeypatch):
    """ifcopenshell's rule executor flips two process-wide settings; when it raises, our
    validate puts them back, so later exports and reads see inverses as tuples again."""
    import ifcopenshell.express.rule_executor as rule_executor

    def flips_then_fails(f, logger):
        ifcopenshell.settings.unpack_non_aggregate_inverses = True
        ifcopenshell.settings.compare_instances_by_value = True
        raise SystemError("AST constructor recursion depth mismatch")

    monkeypatch.setattr(rule_executor, "run", flips_then_fails)
    model = ifcopenshell.open(str(exported[1]))
    with pytest.raises(SystemError):
        validate(model, express_rules=True)
    assert ifcopenshell.settings.unpack_non_aggregate_inverses is False
    assert ifcopenshell.settings.compare_instances_by_value is False
    opening = model.by_type("IfcOpeningElement")[0]
    assert isinstance(opening.VoidsElements, tuple)
