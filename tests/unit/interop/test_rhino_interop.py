"""Rhino 3dm import (case B7)."""

from __future__ import annotations

import pytest
import rhino3dm
from tests.unit.interop.conftest import RHINO_SAMPLES, SAMPLES, imported

from pryzm.geometry import mesh_element


@pytest.mark.parametrize("path", RHINO_SAMPLES, ids=lambda p: p.stem)
def test_every_3dm_sample_imports_with_a_report(path):
    result = imported(path)
    model = rhino3dm.File3dm.Read(str(path))
    counts = result.report["counts"]
    assert sum(row["total"] for row in counts.values()) == len(model.Objects)
    for element in result.state.elements.values():
        assert len(mesh_element(result.state, element.id).faces)


def test_b7_a_brep_without_render_meshes_is_listed_not_crashed():
    report = imported(SAMPLES / "3dm" / "v5_my_brep.3dm").report
    (row,) = report["skipped"]
    assert row["source"] == "Brep" and "render meshes" in row["reason"]
    assert row["name"] == "Twisted b-rep"
    assert report["counts"]["Brep"]["skipped"] == 1


def test_b7_extrusions_and_meshes_import_with_layer_names():
    result = imported(SAMPLES / "3dm" / "v5_extrusions.3dm")
    refs = [e for e in result.state.elements.values() if e.kind == "reference"]
    assert len(refs) == result.report["counts"]["Extrusion"]["total"] == 7
    assert all(e.properties["Rhino"]["Layer"] for e in refs)
    for ref in refs:  # capped extrusions are closed solids with a volume
        assert mesh_element(result.state, ref.id).quantities["volume"] > 0
    mesh = imported(SAMPLES / "3dm" / "mesh.3dm")
    assert mesh.report["counts"]["Mesh"]["reference"] == 1
    assert mesh.report["source"]["scale_to_metres"] == 0.001
