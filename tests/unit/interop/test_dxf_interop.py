"""DXF import (case B6) and the DXF plan export."""

from __future__ import annotations

import io

import ezdxf
import ezdxf.disassemble
import numpy as np
import pytest
from tests.unit.interop.conftest import DXF_SAMPLES, SAMPLES, imported

from pryzm.geometry import mesh_element
from pryzm.interop import export_model, import_file
from pryzm.model import State
from pryzm.model.commands.reference import decode_arrays
from pryzm.model.testing import ModelBuilder


@pytest.mark.parametrize("path", DXF_SAMPLES, ids=lambda p: p.stem)
def test_every_dxf_sample_imports_with_a_report(path):
    result = imported(path)
    assert result.report["format"] == "dxf" and "units" in result.report["source"]
    for element in result.state.elements.values():
        assert len(mesh_element(result.state, element.id).faces)


def _underlay_points(result) -> np.ndarray:
    points = []
    for element in result.state.elements.values():
        if element.kind == "reference":
            vertices, _, _ = decode_arrays(element.vertices)
            points.append(vertices + element.origin)
    return np.vstack(points)


def test_b6_junk_after_the_end_marker_is_recovered():
    result = imported(SAMPLES / "dxf" / "R12_with_trash_beyond_EOF.dxf")
    assert result.report["counts"]["CIRCLE"]["reference"] == 1
    assert "units_unset" in {w["code"] for w in result.report["warnings"]}


def test_b6_centimetres_are_honoured():
    path = SAMPLES / "dxf" / "no_layouts.dxf"
    result = imported(path)
    assert result.report["source"]["units"] == "cm"
    doc = ezdxf.readfile(str(path))
    raw = np.vstack([np.array([tuple(v) for v in p.vertices()])
                     for p in ezdxf.disassemble.to_primitives(doc.modelspace())])
    got = _underlay_points(result)
    assert np.ptp(got[:, 0]) == pytest.approx(np.ptp(raw[:, 0]) * 0.01, rel=1e-3)
    assert "units_unset" not in {w["code"] for w in result.report["warnings"]}


@pytest.mark.parametrize("code,factor", [(6, 1.0), (5, 0.01), (1, 0.0254), (0, 1.0)])
def test_b6_insunits_metres_centimetres_inches_and_unset(tmp_path, code, factor):
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = code
    doc.modelspace().add_line((0, 0), (100, 0))
    doc.modelspace().add_text("Süd", dxfattribs={"height": 2.5, "insert": (10, 10)})
    path = tmp_path / "units.dxf"
    doc.saveas(path)
    result = import_file(path, "dxf", State(), seed="u")
    assert np.ptp(_underlay_points(result)[:, 0]) == pytest.approx(100 * factor)
    codes = {w["code"] for w in result.report["warnings"]}
    assert ("units_unset" in codes) == (code == 0)
    (underlay,) = [e for e in result.state.elements.values() if e.kind == "reference"]
    assert underlay.texts[0]["text"] == "Süd"
    assert underlay.texts[0]["height"] == pytest.approx(2.5 * factor)


def test_block_inserts_are_expanded_with_their_transforms():
    path = SAMPLES / "dxf" / "insert_bricscad_level_1.dxf"
    result = imported(path)
    doc = ezdxf.readfile(str(path))
    expanded = list(ezdxf.disassemble.recursive_decompose(doc.modelspace()))
    lines = [e for e in expanded if e.dxftype() == "LINE"]
    got = _underlay_points(result)
    for line in lines:  # every transformed line end is in the underlay
        start = np.array(tuple(line.dxf.start)[:2])
        assert np.min(np.linalg.norm(got[:, :2] - start, axis=1)) < 1e-6
    assert result.report["source"]["expanded_from_blocks"] >= len(lines)


def test_closed_splines_stay_closed_and_layers_are_kept(tmp_path):
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 6
    doc.layers.add("Umriss")
    spline = doc.modelspace().add_spline([(0, 0), (4, 0), (4, 4), (0, 4)],
                                         dxfattribs={"layer": "Umriss"})
    spline.closed = True
    path = tmp_path / "spline.dxf"
    doc.saveas(path)
    result = import_file(path, "dxf", State(), seed="s")
    (underlay,) = [e for e in result.state.elements.values() if e.kind == "reference"]
    assert underlay.name == "Umriss" and underlay.properties["DXF"]["Layer"] == "Umriss"
    vertices, _, edges = decode_arrays(underlay.vertices, "", underlay.edges)
    assert np.allclose(vertices[edges[0, 0]], vertices[edges[-1, 1]])


def test_polylines_on_the_wall_layer_become_walls(tmp_path):
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4  # millimetres
    doc.modelspace().add_lwpolyline([(0, 0), (5000, 0), (5000, 3000)],
                                    dxfattribs={"layer": "A-WALL"})
    doc.modelspace().add_line((0, 0), (0, 3000), dxfattribs={"layer": "A-ANNO"})
    path = tmp_path / "walls.dxf"
    doc.saveas(path)
    result = import_file(path, "dxf", State(), seed="w",
                         options={"wall_layer": "A-WALL", "wall_thickness": 0.25})
    walls = [e for e in result.state.elements.values() if e.kind == "wall"]
    assert sorted(round(w.length, 6) for w in walls) == [3.0, 5.0]
    assert all(w.thickness == 0.25 for w in walls)
    assert result.report["native"]["wall"] == 2


def test_the_dxf_plan_export_audits_clean_and_shows_walls_with_openings_and_rooms():
    from tests.unit.interop.test_ifc_roundtrip import room_with_door_and_window

    b = room_with_door_and_window()
    exported = export_model(b.state, "dxf")
    doc = ezdxf.read(io.StringIO(exported.data.decode()))
    auditor = doc.audit()
    assert not auditor.has_errors and not auditor.fixes
    assert doc.header["$INSUNITS"] == 6
    msp = doc.modelspace()
    walls = msp.query('LWPOLYLINE[layer=="PRYZM-WALLS"]')
    # a wall with a door is cut through at 1 m: its plan is two pieces
    assert len(walls) >= 5
    texts = [t.plain_text() for t in msp.query("MTEXT")]
    assert any("Wohnküche" in t and "m²" in t for t in texts)


def test_an_unknown_level_is_refused():
    from pryzm.interop import ImportFailed

    with pytest.raises(ImportFailed) as failed:
        import_file(SAMPLES / "dxf" / "no_layouts.dxf", "dxf", ModelBuilder().state,
                    options={"level_id": "00000000-0000-0000-0000-00000000abcd"})
    assert failed.value.code == "unknown_level"
