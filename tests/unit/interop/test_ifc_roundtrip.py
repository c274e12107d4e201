"""Round trip: a room drawn in PRYZM -> IFC4 (valid) -> imported into a new model."""

from __future__ import annotations

import copy

import ifcopenshell
import ifcopenshell.util.element as ifc_element
import pytest
from tests.support.roundtrip import (
    KIND_PROPS,
    PROPS,
    assert_same_building,
    room_with_door_and_window,
)
from tests.unit.interop.conftest import SAMPLES

from pryzm.interop import export_model, import_file
from pryzm.interop.ifc_export import guid, validate
from pryzm.model import State
from pryzm.model.testing import ModelBuilder


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


@pytest.fixture(scope="module")
def back(exported):
    return import_file(exported[1], "ifc", State(), seed="round-trip")


def test_round_trip_keeps_types_counts_dimensions_and_properties(exported, back):
    b, _ = exported
    assert back.report["as_reference_because"] == {}
    assert len(back.state.levels) == 1
    assert_same_building(b.state, back.state)
    walls = [e for e in back.state.elements.values() if e.kind == "wall"]
    assert {w.material for w in walls} == {"Mauerwerk"}
    assert all(w.properties[name] == values for w in walls for name, values in PROPS.items())
    for element in back.state.elements.values():
        if element.kind != "wall":
            assert {k: v for k, v in element.properties.items() if k != "IFC"} == \
                KIND_PROPS[element.kind]
    (slab,) = [e for e in back.state.elements.values() if e.kind == "slab"]
    assert len(slab.holes) == 1 and slab.material == "Stahlbeton"


def _moved(ring, dx=0.002):
    return ((ring[0][0] + dx, ring[0][1]), *ring[1:])


def _first(state, kind, shape=None):
    return next(e for e in state.elements.values()
                if e.kind == kind and (shape is None or e.shape == shape))


# Each change is one a user would see (2 mm, 1 degree, a value); each must fail the comparison.
CHANGES = {
    "slab outline corner": ("slab", None, lambda e: {"boundary": _moved(e.boundary)}),
    "slab hole corner": ("slab", None, lambda e: {"holes": (_moved(e.holes[0]),)}),
    "slab hole lost": ("slab", None, lambda e: {"holes": ()}),
    "slab thickness": ("slab", None, lambda e: {"thickness": e.thickness + 0.002}),
    "slab material": ("slab", None, lambda e: {"material": "concrete"}),
    "room boundary corner": ("room", None, lambda e: {"boundary": _moved(e.boundary)}),
    "room height": ("room", None, lambda e: {"height": 3.002}),
    "room base": ("room", None, lambda e: {"base_offset": e.base_offset + 0.002}),
    "column position": ("column", "circle", lambda e: {
        "position": (e.position[0], e.position[1] + 0.002)}),
    "column height": ("column", "circle", lambda e: {"height": e.height + 0.002}),
    "column diameter": ("column", "circle", lambda e: {"diameter": e.diameter + 0.002}),
    "column base": ("column", "rect", lambda e: {"base_offset": e.base_offset - 0.002}),
    "column width": ("column", "rect", lambda e: {"width": e.width + 0.002}),
    "column rotation": ("column", "rect", lambda e: {"rotation": e.rotation + 1.0}),
    "door offset": ("door", None, lambda e: {"offset": e.offset + 0.002}),
    "door width": ("door", None, lambda e: {"width": e.width - 0.002}),
    "window sill": ("window", None, lambda e: {"sill_height": e.sill_height + 0.002}),
    "window height": ("window", None, lambda e: {"height": e.height + 0.002}),
    "room property value": ("room", None, lambda e: {"properties": {
        **e.properties, "PRYZM_Custom": {"Note": "Kunstlicht"}}}),
    "column property set lost": ("column", "rect", lambda e: {"properties": {
        k: v for k, v in e.properties.items() if k != "Pset_ColumnCommon"}}),
    "wall alignment": ("wall", None, lambda e: {"alignment": "left"}),
    "wall base": ("wall", None, lambda e: {"base_offset": e.base_offset + 0.002}),
    "wall property value": ("wall", None, lambda e: {"properties": {
        **e.properties, "Pset_WallCommon": {"IsExternal": False, "FireRating": "REI 60"}}}),
    "door property value": ("door", None, lambda e: {"properties": {
        **e.properties, "Pset_DoorCommon": {"IsExternal": False, "FireRating": "T30"}}}),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_the_comparison_notices_what_a_user_would(exported, back, change):
    """The comparison is only worth its pass if it fails on a real difference."""
    kind, shape, changed = CHANGES[change]
    state = copy.deepcopy(back.state)
    element = _first(state, kind, shape)
    state.elements[element.id] = element.evolve(**changed(element))
    with pytest.raises(AssertionError):
        assert_same_building(exported[0].state, state)


def test_validate_finds_a_missing_required_attribute_and_a_broken_inverse(exported):
    """A negative control: validate() is not an always-empty list."""
    text = exported[1].read_text()
    model = ifcopenshell.file.from_string(text)
    model.by_type("IfcWall")[0].GlobalId = None  # required by IfcRoot
    (error,) = validate(model)
    assert "GlobalId" in error and "Not optional" in error

    model = ifcopenshell.file.from_string(text)  # an opening voiding two walls at once
    opening = model.by_type("IfcOpeningElement")[0]
    other = next(w for w in model.by_type("IfcWall")
                 if w != opening.VoidsElements[0].RelatingBuildingElement)
    model.createIfcRelVoidsElement(ifcopenshell.guid.new(), None, None, None, other, opening)
    (error,) = validate(model)
    assert "VoidsElements" in error

    model = ifcopenshell.file.from_string(text)  # an opening voiding nothing
    model.remove(model.by_type("IfcOpeningElement")[0].VoidsElements[0])
    assert any("VoidsElements" in e for e in validate(model, express_rules=True))


def test_walls_carry_pset_wall_common_with_the_models_values():
    b = room_with_door_and_window()
    plain = b.wall((0, 6), (4, 6), material="Beton")  # a wall without Pset_WallCommon
    model = ifcopenshell.file.from_string(export_model(b.state, "ifc4").data.decode())
    for wall in model.by_type("IfcWall"):
        (pset,) = [r.RelatingPropertyDefinition for r in wall.IsDefinedBy
                   if r.is_a("IfcRelDefinesByProperties")
                   and r.RelatingPropertyDefinition.Name == "Pset_WallCommon"]
        values = {p.Name: p.NominalValue for p in pset.HasProperties}
        if wall.GlobalId == guid(plain):  # the exporter says what it knows: the material
            assert {k: v.wrappedValue for k, v in values.items()} == {"Reference": "Beton"}
            continue
        assert {k: v.wrappedValue for k, v in values.items()} == \
            {"IsExternal": True, "FireRating": "REI 60"}
        # typed as the IFC property set template says, so other tools read them
        assert values["IsExternal"].is_a("IfcBoolean")
        assert values["FireRating"].is_a("IfcLabel")
    assert len(model.by_type("IfcWall")) == 5


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
