"""Cases B1, B2, B4, B5 (shared/cases/CASES.md) on IFC."""

from __future__ import annotations

import json

import ifcopenshell
import ifcopenshell.api.aggregate
import ifcopenshell.api.context
import ifcopenshell.api.feature
import ifcopenshell.api.geometry
import ifcopenshell.api.project
import ifcopenshell.api.root
import ifcopenshell.api.spatial
import ifcopenshell.api.unit
import numpy as np
import pytest
from tests.unit.interop.conftest import SAMPLES, imported

from pryzm.geometry import element_keys, encode_glb, mesh_element
from pryzm.interop import export_model, import_file
from pryzm.model import State


def test_b1_wall_with_openings_is_cut_by_exactly_their_volume():
    """620--wall--missing-subtractions: the kernel leaves the wall uncut; the importer
    notices, cuts again, and says so for that element."""
    result = imported(SAMPLES / "ifc" / "620--wall--missing-subtractions.ifc")
    (wall,) = [e for e in result.state.elements.values() if e.kind == "reference"]
    mesh = mesh_element(result.state, wall.id)
    # body 5.8881 m³ minus the openings inside it (0.006 + 1.344 m³)
    assert mesh.quantities["volume"] == pytest.approx(5.8881 - 0.006 - 1.344, abs=1e-3)
    warnings = {w["code"]: w for w in result.report["warnings"]}
    assert warnings["cut_redone"]["id"] == wall.source_id


def test_b1_natively_mapped_walls_are_cut_by_their_openings():
    result = imported(SAMPLES / "ifc" / "AC20-FZK-Haus.ifc")
    state = result.state
    keys = element_keys(state)
    checked = 0
    for wall in [e for e in state.elements.values() if e.kind == "wall"]:
        openings = state.openings_of(wall.id)
        if not openings:
            continue
        mesh = mesh_element(state, wall.id, keys[wall.id])
        q = mesh.quantities
        assert not [w for w in mesh.warnings if w.startswith(("cut_failed", "cut_empty",
                                                              "opening_not_cut"))]
        assert q["net_volume"] < q["gross_volume"]
        checked += 1
    assert checked >= 5


# -- B2: an opening whose profile is reversed or not closed ------------------------------
#
# A 4 x 0.2 x 3 m wall along x with one void 1 m wide and 2.1 m tall that reaches 0.2 m past
# both faces: whatever its profile looks like, the wall loses 1 x 0.2 x 2.1 m³, or it comes
# in whole with a warning that names it. Filled by a door, the wall maps to a native wall
# (or falls back to a reference when the void cannot be read); left empty, it is a
# reference the geometry kernel cuts and the importer checks.

_GROSS = 4.0 * 0.2 * 3.0
_CUT = _GROSS - 1.0 * 0.2 * 2.1
_CLOCKWISE = [(1.0, -0.2), (1.0, 0.2), (2.0, 0.2), (2.0, -0.2)]
_COUNTER_CLOCKWISE = _CLOCKWISE[::-1]
# What a wall left uncut says about itself: in the import report (reference walls) or in its
# mesh's warnings (native walls).
_UNCUT_NAMED = {"cut_failed", "cut_unchecked", "cut_empty", "opening_not_cut"}

_B2_VOIDS = {
    "clockwise": {"ring": _CLOCKWISE},
    "extruded_downwards": {"ring": _COUNTER_CLOCKWISE, "direction": (0.0, 0.0, -1.0),
                           "z": 2.1},
    "clockwise_extruded_downwards": {"ring": _CLOCKWISE, "direction": (0.0, 0.0, -1.0),
                                     "z": 2.1},
    "negative_depth": {"ring": _COUNTER_CLOCKWISE, "z": 2.1, "depth": -2.1},
    "mirrored_inside_out": {"ring": _COUNTER_CLOCKWISE, "mirrored": True},
    "open": {"ring": _COUNTER_CLOCKWISE, "closed": False},
    "open_clockwise": {"ring": _CLOCKWISE, "closed": False},
}


def _b2_wall_with_void(path, *, ring, closed=True, direction=(0.0, 0.0, 1.0), z=0.0,
                       depth=2.1, mirrored=False, filled=True) -> str:
    """Write the B2 wall and its void; returns the wall's GlobalId."""
    f = ifcopenshell.api.project.create_file(version="IFC4")
    project = ifcopenshell.api.root.create_entity(f, ifc_class="IfcProject", name="B2")
    ifcopenshell.api.unit.assign_unit(
        f, units=[ifcopenshell.api.unit.add_si_unit(f, unit_type="LENGTHUNIT")])
    model = ifcopenshell.api.context.add_context(f, context_type="Model")
    body = ifcopenshell.api.context.add_context(
        f, context_type="Model", context_identifier="Body", target_view="MODEL_VIEW",
        parent=model)
    axis = ifcopenshell.api.context.add_context(
        f, context_type="Model", context_identifier="Axis", target_view="GRAPH_VIEW",
        parent=model)
    parent = project
    for ifc_class in ("IfcSite", "IfcBuilding", "IfcBuildingStorey"):
        child = ifcopenshell.api.root.create_entity(f, ifc_class=ifc_class, name=ifc_class)
        ifcopenshell.api.aggregate.assign_object(f, products=[child], relating_object=parent)
        parent = child

    def product(ifc_class: str, items, kind: str = "SweptSolid"):
        element = ifcopenshell.api.root.create_entity(f, ifc_class=ifc_class, name=ifc_class)
        ifcopenshell.api.geometry.edit_object_placement(f, product=element, matrix=np.eye(4),
                                                        is_si=True)
        representation = f.createIfcShapeRepresentation(body, "Body", kind, items)
        ifcopenshell.api.geometry.assign_representation(f, product=element,
                                                        representation=representation)
        return element

    def extrusion(points, *, closed=True, direction=(0.0, 0.0, 1.0), z=0.0, depth=1.0):
        corners = [f.createIfcCartesianPoint(tuple(map(float, p))) for p in points]
        outline = f.createIfcPolyline(corners + corners[:1] if closed else corners)
        return f.createIfcExtrudedAreaSolid(
            f.createIfcArbitraryClosedProfileDef("AREA", None, outline),
            f.createIfcAxis2Placement3D(f.createIfcCartesianPoint((0.0, 0.0, z))),
            f.createIfcDirection(direction), depth)

    wall = product("IfcWall", [extrusion([(0, -0.1), (4, -0.1), (4, 0.1), (0, 0.1)],
                                         depth=3.0)])
    centre_line = f.createIfcPolyline([f.createIfcCartesianPoint((0.0, 0.0)),
                                       f.createIfcCartesianPoint((4.0, 0.0))])
    ifcopenshell.api.geometry.assign_representation(
        f, product=wall,
        representation=f.createIfcShapeRepresentation(axis, "Axis", "Curve2D", [centre_line]))
    solid = extrusion(ring, closed=closed, direction=direction, z=z, depth=depth)
    if mirrored:  # the same box, drawn through a map that mirrors it about x = 1.5
        source = f.createIfcRepresentationMap(
            f.createIfcAxis2Placement3D(f.createIfcCartesianPoint((0.0, 0.0, 0.0))),
            f.createIfcShapeRepresentation(body, "Body", "SweptSolid", [solid]))
        mirror = f.createIfcCartesianTransformationOperator3DnonUniform(
            LocalOrigin=f.createIfcCartesianPoint((3.0, 0.0, 0.0)), Scale=-1.0, Scale2=1.0,
            Scale3=1.0)
        void = product("IfcOpeningElement", [f.createIfcMappedItem(source, mirror)],
                       "MappedRepresentation")
    else:
        void = product("IfcOpeningElement", [solid])
    ifcopenshell.api.feature.add_feature(f, feature=void, element=wall)
    contained = [wall]
    if filled:
        door = product("IfcDoor", [extrusion([(1, -0.02), (2, -0.02), (2, 0.02), (1, 0.02)],
                                             depth=2.1)])
        ifcopenshell.api.feature.add_filling(f, opening=void, element=door)
        contained.append(door)
    ifcopenshell.api.spatial.assign_container(f, products=contained, relating_structure=parent)
    f.write(str(path))
    return wall.GlobalId


def _solid_volume(mesh) -> float:
    """The signed volume of a mesh (negative when it is inside out, zero when empty)."""
    if not len(mesh.faces):
        return 0.0
    a, b, c = (mesh.vertices[mesh.faces[:, k]] - mesh.vertices.mean(axis=0) for k in range(3))
    return float(np.einsum("ij,ij->i", a, np.cross(b, c)).sum() / 6.0)


@pytest.mark.parametrize("filled", [True, False], ids=["door", "empty"])
@pytest.mark.parametrize("void", sorted(_B2_VOIDS))
def test_b2_a_reversed_or_open_void_still_cuts_its_wall_or_is_named(tmp_path, void, filled):
    path = tmp_path / f"{void}.ifc"
    guid = _b2_wall_with_void(path, filled=filled, **_B2_VOIDS[void])
    if not _B2_VOIDS[void].get("closed", True):  # the file really holds an open outline
        (written,) = ifcopenshell.open(str(path)).by_type("IfcOpeningElement")
        points = written.Representation.Representations[0].Items[0].SweptArea.OuterCurve.Points
        assert points[0] != points[-1] and len(points) == 4
    result = import_file(path, "ifc", State(), seed="b2")
    (wall,) = [e for e in result.state.elements.values()
               if e.properties.get("IFC", {}).get("GlobalId") == guid]
    mesh = mesh_element(result.state, wall.id)
    volume = _solid_volume(mesh)
    assert mesh.quantities["volume"] == pytest.approx(volume, abs=1e-6)
    if volume == pytest.approx(_CUT, abs=1e-3):
        return
    named = {w["code"] for w in result.report["warnings"] if w.get("id") == guid}
    named |= {w.split(":")[0] for w in mesh.warnings}
    assert volume == pytest.approx(_GROSS, abs=1e-3) and named & _UNCUT_NAMED, (
        f"the {wall.kind} is neither cut ({_CUT:.3f} m³) nor left whole with a warning "
        f"that names it: {volume:.4f} m³, warnings {sorted(named)}")


def test_b4_ifc_string_escapes_decode_to_unicode():
    report = imported(SAMPLES / "ifc" / "encoding.ifc").report
    assert "'a' 1m³ ≤ 5m³ ≥ 10m³" in report["source"]["authors"]


def test_b4_accented_names_survive_import_and_export(tmp_path):
    result = imported(SAMPLES / "ifc" / "AC20-FZK-Haus.ifc")
    raw = ifcopenshell.open(str(SAMPLES / "ifc" / "AC20-FZK-Haus.ifc"))
    accented = sorted(s.LongName for s in raw.by_type("IfcSpace")
                      if s.LongName and any(ord(c) > 127 for c in s.LongName))
    assert accented, "FZK-Haus has rooms with umlauts"
    rooms = sorted(e.name for e in result.state.elements.values() if e.kind == "room")
    assert set(accented) <= set(rooms)
    path = tmp_path / "fzk.ifc"
    path.write_bytes(export_model(result.state, "ifc4").data)
    exported = ifcopenshell.open(str(path))
    assert set(accented) <= {s.LongName or s.Name for s in exported.by_type("IfcSpace")}
    storeys = {s.Name for s in exported.by_type("IfcBuildingStorey")}
    assert storeys == {s.Name for s in raw.by_type("IfcBuildingStorey")}


def test_b5_raw_utf8_bytes_in_a_name_do_not_crash_import_or_bake(tmp_path):
    source = (SAMPLES / "ifc" / "IfcOpenHouse_IFC4.ifc").read_bytes()
    assert b"'South wall'" in source
    hostile = source.replace(b"'South wall'", "'Südwand ☃ \\X2\\00FC\\X0\\'".encode())
    path = tmp_path / "raw-utf8.ifc"
    path.write_bytes(hostile)
    result = import_file(path, "ifc", State(), seed="b5")
    keys = element_keys(result.state)
    meshes = [mesh_element(result.state, i, k) for i, k in keys.items()]
    assert encode_glb(meshes, result.state.origin)[:4] == b"glTF"
    names = [e.properties.get("IFC", {}).get("Name", "") for e in result.state.elements.values()]
    assert any(n.startswith("S") and "wand" in n for n in names)
    json.dumps(result.state.to_json(), ensure_ascii=False).encode("utf-8")  # storable


def test_large_offsets_stay_precise(tmp_path):
    """A model millions of metres from zero: references relative to the project origin."""
    model = ifcopenshell.open(str(SAMPLES / "ifc" / "IfcOpenHouse_IFC4.ifc"))
    (site,) = model.by_type("IfcSite")
    location = site.ObjectPlacement.RelativePlacement.Location
    location.Coordinates = (2.5e9, 1.2e9, 0.0)  # millimetres
    path = tmp_path / "far.ifc"
    model.write(str(path))
    near = imported(SAMPLES / "ifc" / "IfcOpenHouse_IFC4.ifc")
    far = import_file(path, "ifc", State(), seed="unit")
    assert far.state.origin == (2_500_000.0, 1_200_000.0, 0.0)
    compared = 0
    for element_id, element in near.state.elements.items():
        if element.kind not in ("reference", "wall"):
            continue
        a = mesh_element(near.state, element_id)
        b = mesh_element(far.state, element_id)
        shift = np.array([2_500_000.0, 1_200_000.0, 0.0])
        for end in ("min", "max"):  # the kernel may triangulate differently out there
            assert np.allclose(np.subtract(b.bbox[end], a.bbox[end]), shift, atol=1e-3)
        if "volume" in a.quantities:
            assert b.quantities["volume"] == pytest.approx(a.quantities["volume"], rel=1e-3)
        compared += 1
    assert compared > 5
