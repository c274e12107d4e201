"""Cases B1, B4, B5 (shared/cases/CASES.md) on IFC."""

from __future__ import annotations

import json

import ifcopenshell
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
