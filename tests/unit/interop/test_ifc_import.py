"""IFC import on the real sample files: counts, native mapping, references, report (B8)."""

from __future__ import annotations

import ifcopenshell
import numpy as np
import pytest
from tests.unit.interop.conftest import IFC_SAMPLES, imported

from pryzm.geometry import element_keys, mesh_element

COUNTED = {"IfcWall": "wall", "IfcSlab": "slab", "IfcDoor": "door", "IfcWindow": "window",
           "IfcBuildingStorey": "level", "IfcSpace": "room"}


def _mapped(report, ifc_type: str, schema: str) -> int:
    """Native + reference of `ifc_type` and its subtypes, from the report."""
    return sum(row["native"] + row["reference"] for kind, row in report["counts"].items()
               if _is_a(schema, kind, ifc_type))


def _is_a(schema: str, kind: str, ancestor: str) -> bool:
    node = ifcopenshell.ifcopenshell_wrapper.schema_by_name(schema).declaration_by_name(kind)
    while node is not None:
        if node.name() == ancestor:
            return True
        node = node.supertype()
    return False


@pytest.mark.parametrize("path", IFC_SAMPLES, ids=lambda p: p.stem)
def test_every_ifc_sample_imports_and_counts_match_ifcopenshell(path):
    result = imported(path)
    report = result.report
    raw = ifcopenshell.open(str(path))
    for ifc_type in COUNTED:
        assert _mapped(report, ifc_type, raw.schema) == len(raw.by_type(ifc_type)), ifc_type
    # every product is accounted for exactly once
    total = sum(row["total"] for row in report["counts"].values())
    accounted = sum(row["native"] + row["reference"] + row["skipped"]
                    for row in report["counts"].values())
    assert total == accounted == len(raw.by_type("IfcProduct"))
    # what was imported bakes
    keys = element_keys(result.state)
    for element_id, key in keys.items():
        mesh = mesh_element(result.state, element_id, key)
        assert len(mesh.faces) and np.isfinite(mesh.vertices).all()


def test_fzk_haus_maps_its_walls_doors_windows_slabs_and_rooms_natively():
    report = imported(IFC_SAMPLES[_index("AC20-FZK-Haus")]).report
    assert report["native"]["level"] == 2
    assert report["native"]["wall"] >= 9 and report["native"]["door"] == 5
    assert report["native"]["window"] >= 9 and report["native"]["room"] == 7
    # whatever did not map says why
    assert all(count > 0 for count in report["as_reference_because"].values())
    assert "IfcWallStandardCase: the body is an IfcBooleanClippingResult, not a plain " \
           "extrusion" in report["as_reference_because"]


def test_duplex_walls_are_where_revit_put_them():
    result = imported(IFC_SAMPLES[_index("duplex")])
    raw = ifcopenshell.open(str(IFC_SAMPLES[_index("duplex")]))
    walls = [e for e in result.state.elements.values() if e.kind == "wall"]
    by_guid = {w.properties["IFC"]["GlobalId"]: w for w in walls}
    for ifc_wall in raw.by_type("IfcWallStandardCase"):
        wall = by_guid.get(ifc_wall.GlobalId)
        if wall is None:
            continue
        shape = ifcopenshell.geom.create_shape(_settings(), ifc_wall)
        verts = np.asarray(shape.geometry.verts).reshape(-1, 3)
        # the baked base and top agree with the kernel's mesh
        level = result.state.levels[wall.level_id]
        assert level.elevation + wall.base_offset == pytest.approx(verts[:, 2].min(), abs=1e-3)
        assert wall.height == pytest.approx(np.ptp(verts[:, 2]), abs=1e-3)


def test_b8_every_ifc_import_has_a_report():
    report = imported(IFC_SAMPLES[_index("IfcOpenHouse_IFC4")]).report
    assert set(report) >= {"format", "source", "counts", "native", "reference", "skipped",
                           "skipped_reasons", "as_reference_because", "warnings", "levels",
                           "commands"}
    assert report["source"]["unit_scale_to_metres"] == 0.001  # a millimetre file
    assert report["skipped_reasons"]["IfcOpeningElement: a void: subtracted from its host's "
                                     "mesh"] >= 1
    assert all({"source", "id", "reason"} <= set(row) for row in report["skipped"])


def test_millimetre_files_come_in_in_metres():
    result = imported(IFC_SAMPLES[_index("IfcOpenHouse_IFC4")])
    walls = [e for e in result.state.elements.values() if e.kind == "wall"]
    assert walls and all(0.05 < w.thickness < 1 and 1 < w.height < 10 for w in walls)


def test_property_sets_and_identity_come_along():
    result = imported(IFC_SAMPLES[_index("AC20-FZK-Haus")])
    doors = [e for e in result.state.elements.values() if e.kind == "door"]
    assert doors and all(d.properties["IFC"]["Class"] == "IfcDoor" for d in doors)
    assert any(len(d.properties) > 1 for d in doors)


def test_imports_are_deterministic():
    from pryzm.interop import import_file
    from pryzm.model import State

    path = IFC_SAMPLES[_index("IfcOpenHouse_IFC4")]
    again = import_file(path, "ifc", State(), seed="unit")
    assert again.commands == imported(path).commands


def _index(stem: str) -> int:
    return [p.stem for p in IFC_SAMPLES].index(stem)


def _settings():
    import ifcopenshell.geom

    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", True)
    return settings
