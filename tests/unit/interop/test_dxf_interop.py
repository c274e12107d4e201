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


def test_the_dxf_plan_export_draws_the_lowest_level_that_has_something_on_it():
    """An IFC import leaves the project's first level empty below its storeys: the plan
    export, asked for no level, draws the lowest level with elements, not an empty one."""
    b = ModelBuilder()
    b.level("Level 0", elevation=0.0)
    upper = b.level("Storey 1", elevation=0.0)
    b.wall((0, 0), (4, 0), level_id=upper)
    exported = export_model(b.state, "dxf")
    doc = ezdxf.read(io.StringIO(exported.data.decode()))
    assert len(doc.modelspace().query('LWPOLYLINE[layer=="PRYZM-WALLS"]')) > 0
    assert exported.report["level"] == "Storey 1"


def test_an_unknown_level_is_refused():
    from pryzm.interop import ImportFailed

    with pytest.raises(ImportFailed) as failed:
        import_file(SAMPLES / "dxf" / "no_layouts.dxf", "dxf", ModelBuilder().state,
                    options={"level_id": "00000000-0000-0000-0000-00000000abcd"})
    assert failed.value.code == "unknown_level"


def _drawing() -> ezdxf.document.Drawing:
    """A plan with a bit of everything the importer draws, on three layers, in millimetres."""
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4
    msp = doc.modelspace()
    msp.add_line((0, 0), (8000, 0), dxfattribs={"layer": "A-WALL"})
    msp.add_lwpolyline([(0, 0), (0, 5000), (8000, 5000)], dxfattribs={"layer": "A-WALL"})
    msp.add_arc((4000, 2500), radius=900, start_angle=0, end_angle=90,
                dxfattribs={"layer": "A-DOOR"})
    msp.add_circle((2000, 2000), radius=150, dxfattribs={"layer": "S-COLS"})
    hatch = msp.add_hatch(dxfattribs={"layer": "S-COLS"})
    hatch.paths.add_polyline_path([(6000, 3000), (6400, 3000), (6400, 3400), (6000, 3400)])
    msp.add_text("Küche", dxfattribs={"insert": (1000, 1000), "height": 250})
    block = doc.blocks.new("TABLE")
    block.add_lwpolyline([(0, 0), (800, 0), (800, 800), (0, 800)], close=True)
    msp.add_blockref("TABLE", (3000, 3000), dxfattribs={"rotation": 30})
    return doc


def test_a_binary_dxf_imports_the_same_as_its_ascii_twin(tmp_path):
    from pryzm.formats import detect

    doc = _drawing()
    ascii_path, binary_path = tmp_path / "plan.dxf", tmp_path / "plan-binary.dxf"
    doc.saveas(ascii_path)
    doc.saveas(binary_path, fmt="bin")
    assert detect(binary_path.read_bytes()[:4096], binary_path.name) == "dxf_binary"
    ascii = import_file(ascii_path, "dxf", State(), seed="twin")
    binary = import_file(binary_path, "dxf_binary", State(), seed="twin")
    for key in ("counts", "native", "reference", "skipped_total", "warnings"):
        assert binary.report[key] == ascii.report[key], key
    assert binary.report["source"]["units"] == "mm"
    assert set(binary.report["counts"]) >= {"LINE", "LWPOLYLINE", "ARC", "CIRCLE", "HATCH",
                                            "TEXT", "INSERT", "INSERT/LWPOLYLINE"}
    assert binary.report["native"]["underlay_layer"] == 4  # A-WALL, A-DOOR, S-COLS, 0
    assert binary.state.hash() == ascii.state.hash()  # the very same underlay, line for line


def test_arcs_and_hatch_boundaries_come_in_as_plan_lines_with_their_extent(tmp_path):
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4  # millimetres
    msp = doc.modelspace()
    # an arc from 30° to 150° around (5 m, 5 m), radius 2 m: it bulges up to y = 7 m
    msp.add_arc((5000, 5000), radius=2000, start_angle=30, end_angle=150,
                dxfattribs={"layer": "ARC"})
    hatch = msp.add_hatch(dxfattribs={"layer": "HATCH"})
    hatch.paths.add_polyline_path([(20000, 0), (24000, 0), (24000, 3000), (20000, 3000)],
                                  is_closed=True)
    path = tmp_path / "arc-hatch.dxf"
    doc.saveas(path)
    result = import_file(path, "dxf", State(), seed="ah")
    assert result.report["counts"]["ARC"]["reference"] == 1
    assert result.report["counts"]["HATCH"]["reference"] == 1
    underlays = {e.name: e for e in result.state.elements.values()}
    assert set(underlays) == {"ARC", "HATCH"}
    assert {e.kind for e in underlays.values()} == {"reference"}

    arc = underlays["ARC"]
    vertices, _, edges = decode_arrays(arc.vertices, "", arc.edges)
    points = vertices[:, :2] + np.array(arc.origin[:2])
    assert len(edges) >= 8  # flattened into many short chords, not one straight line
    assert np.allclose(np.linalg.norm(points - (5, 5), axis=1), 2.0, atol=1e-4)
    assert points[:, 0].min() == pytest.approx(5 - 3**0.5, abs=1e-4)
    assert points[:, 0].max() == pytest.approx(5 + 3**0.5, abs=1e-4)
    assert points[:, 1].min() == pytest.approx(6.0, abs=1e-4)
    assert points[:, 1].max() == pytest.approx(7.0, abs=0.01)  # the top, within the 1 cm chord

    hatch = underlays["HATCH"]
    vertices, _, edges = decode_arrays(hatch.vertices, "", hatch.edges)
    points = vertices[:, :2] + np.array(hatch.origin[:2])
    assert points.min(axis=0) == pytest.approx((20.0, 0.0))
    assert points.max(axis=0) == pytest.approx((24.0, 3.0))
    assert len(edges) == 4  # the boundary, closed: its last edge ends where the first starts
    assert np.allclose(vertices[edges[0, 0]], vertices[edges[-1, 1]])
    assert not hatch.faces  # lines of an underlay, not a filled body
