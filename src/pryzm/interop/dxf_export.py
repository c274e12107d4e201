"""PRYZM model -> DXF plan of one level (ezdxf; R2018, metres, audited clean).

The plan is a horizontal cut `CUT_HEIGHT` above the level through the baked meshes, so walls
show their joined outlines with the gaps of their doors and windows; columns are cut the same
way. Rooms are their boundary with name, number and area; slabs their outline. Layers:
PRYZM-WALLS, PRYZM-OPENINGS (door/window cuts), PRYZM-COLUMNS, PRYZM-ROOMS,
PRYZM-ROOM-TEXT, PRYZM-SLABS, PRYZM-REFERENCE (reference meshes cut, underlay lines).

Option `level_id` (default: the lowest level that has elements, else the lowest level).
"""

from __future__ import annotations

import io
from typing import Any

import ezdxf
import numpy as np
import shapely
import trimesh

from pryzm.geometry import element_keys, mesh_element
from pryzm.interop.errors import ExportFailed
from pryzm.interop.hookspecs import Exported
from pryzm.model import State
from pryzm.model.commands.reference import decode_arrays

CUT_HEIGHT = 1.0  # metres above the level
LAYERS = {"wall": ("PRYZM-WALLS", 7), "door": ("PRYZM-OPENINGS", 3),
          "window": ("PRYZM-OPENINGS", 3), "column": ("PRYZM-COLUMNS", 1),
          "room": ("PRYZM-ROOMS", 4), "slab": ("PRYZM-SLABS", 8),
          "reference": ("PRYZM-REFERENCE", 9)}


def export_dxf(state: State, options: dict[str, Any]) -> Exported:
    if not state.levels:
        raise ExportFailed("unknown_level", "The model has no levels to draw.")
    drawn = {e.level_id for e in state.elements.values()}
    level_id = options.get("level_id") or min(  # the lowest level with something on it
        state.levels.values(), key=lambda lv: (lv.id not in drawn, lv.elevation, lv.id)).id
    level = state.levels.get(level_id)
    if level is None:
        raise ExportFailed("unknown_level", f"There is no level {level_id}.")
    doc = ezdxf.new("R2018", setup=True)
    doc.units = ezdxf.units.M
    doc.header["$INSUNITS"] = ezdxf.units.M
    for name, colour in set(LAYERS.values()) | {("PRYZM-ROOM-TEXT", 4)}:
        if name not in doc.layers:
            doc.layers.add(name, color=colour)
    msp = doc.modelspace()
    keys = element_keys(state)
    cut_z = level.elevation + CUT_HEIGHT
    counts: dict[str, int] = {}
    for element in sorted(state.elements.values(), key=lambda e: (e.kind, e.id)):
        if element.level_id != level_id:
            continue
        layer = LAYERS[element.kind][0]
        if element.kind == "room":
            _room(msp, element)
        elif element.kind == "slab":
            for ring in (element.boundary, *element.holes):
                msp.add_lwpolyline(ring, close=True, dxfattribs={"layer": layer})
        elif element.kind == "reference" and element.edges:
            vertices, _, edges = decode_arrays(element.vertices, "", element.edges)
            points = vertices + np.asarray(element.origin)
            for a, b in edges:
                msp.add_line(tuple(points[a][:2]), tuple(points[b][:2]),
                             dxfattribs={"layer": layer})
        else:
            mesh = mesh_element(state, element.id, keys[element.id])
            for line in _section(mesh.vertices, mesh.faces, cut_z):
                msp.add_lwpolyline(line, close=bool(np.allclose(line[0], line[-1])),
                                   dxfattribs={"layer": layer})
        counts[element.kind] = counts.get(element.kind, 0) + 1
    auditor = doc.audit()
    if auditor.has_errors:
        raise ExportFailed("export_invalid", f"The DXF plan failed ezdxf's audit: "
                           f"{len(auditor.errors)} errors.")
    stream = io.StringIO()
    doc.write(stream)
    return Exported(stream.getvalue().encode("utf-8"), "image/vnd.dxf", "dxf",
                    {"level_id": level_id, "level": level.name, "counts": counts,
                     "cut_height": CUT_HEIGHT, "audit_fixes": len(auditor.fixes)})


def _room(msp, room) -> None:
    polygon = shapely.Polygon(room.boundary)
    msp.add_lwpolyline(room.boundary, close=True, dxfattribs={"layer": "PRYZM-ROOMS"})
    where = polygon.representative_point()
    text = "\\P".join(p for p in (room.name, room.number, f"{polygon.area:.2f} m²") if p)
    mtext = msp.add_mtext(text, dxfattribs={"layer": "PRYZM-ROOM-TEXT", "char_height": 0.25})
    mtext.set_location((where.x, where.y), attachment_point=5)


def _section(vertices: np.ndarray, faces: np.ndarray, z: float) -> list[list[tuple]]:
    if not len(faces) or vertices[:, 2].min() > z or vertices[:, 2].max() < z:
        return []
    segments = trimesh.intersections.mesh_plane(
        trimesh.Trimesh(vertices, faces, process=False), (0, 0, 1), (0, 0, z))
    if not len(segments):
        return []
    lines = shapely.line_merge(shapely.MultiLineString([s[:, :2] for s in segments]))
    parts = getattr(lines, "geoms", [lines])
    return [[tuple(map(float, p)) for p in part.coords] for part in parts if not part.is_empty]
