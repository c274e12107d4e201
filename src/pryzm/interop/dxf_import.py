"""DXF -> a 2D underlay on a level (ezdxf, recover mode for damaged files).

One reference element per layer: lines, polylines, arcs, circles, ellipses, splines (flattened;
closed stays closed), hatch boundaries and the contents of block inserts (expanded with their
full transform chain) become plan lines; TEXT / MTEXT become texts. Units come from
$INSUNITS (a warning when unset: then `options.units`, else metres). Option `wall_layer`:
straight segments of (poly)lines on that layer become walls instead
(`wall_thickness`, default 0.2; height: the level's).

Options: `level_id` (default: the lowest level; one is created when the project has none),
`units` (when the file does not say), `wall_layer`, `wall_thickness`, `flatten` (max chord
deviation in metres, default 0.01).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import ezdxf
import ezdxf.disassemble
import ezdxf.recover
import ezdxf.units
import numpy as np

from pryzm.interop.errors import ImportFailed
from pryzm.interop.plan import ImportPlan

MAX_ENTITIES = 2_000_000
UNIT_NAMES = {"mm": 4, "cm": 5, "m": 6, "in": 1, "ft": 2, "km": 7}
_CURVES = {"LINE", "LWPOLYLINE", "POLYLINE", "ARC", "CIRCLE", "ELLIPSE", "SPLINE", "HATCH",
           "SOLID", "TRACE", "3DFACE", "POINT", "MPOLYGON"}
_TEXTS = {"TEXT", "MTEXT", "ATTRIB"}


def import_dxf(path: Path, plan: ImportPlan) -> None:
    plan.progress(0.02, "reading")
    doc = _read(path, plan)
    report = plan.report
    scale, units = _scale(doc, plan)
    report.source = {"dxf_version": doc.dxfversion, "units": units, "scale_to_metres": scale,
                     "layers": len(doc.layers)}
    level_id = _level(plan)
    elevation = plan.state.levels[level_id].elevation
    wall_layer = plan.options.get("wall_layer")
    msp = doc.modelspace()
    top = list(msp)
    if len(top) > MAX_ENTITIES:
        raise ImportFailed("too_many_entities", f"The drawing holds {len(top):,} entities; "
                           f"the limit is {MAX_ENTITIES:,}.")
    if not top:
        others = sum(len(layout) for layout in doc.layouts if not layout.is_modelspace)
        report.warn("modelspace_empty", "The model space is empty; nothing to import"
                    + (f" ({others} entities sit in paper-space layouts, which are not "
                       "imported)." if others else "."))
    for entity in top:
        report.seen(entity.dxftype())
    lines: dict[str, list[np.ndarray]] = defaultdict(list)
    texts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    walls: list[tuple[np.ndarray, np.ndarray]] = []
    flatten = float(plan.options.get("flatten", 0.01)) / scale
    expanded = 0
    for index, (entity, source) in enumerate(_expanded(top, report)):
        kind = entity.dxftype()
        layer = entity.dxf.get("layer", "0") or "0"
        if source is not entity:
            expanded += 1
        if kind in _TEXTS:
            text = _text(entity, scale)
            if text:
                texts[layer].append(text)
                _count(report, source, entity, "text")
            continue
        if kind not in _CURVES:
            _skip(report, source, entity, f"{kind} is not drawn in a plan underlay")
            continue
        polylines = _polylines(entity, flatten)
        if not polylines:
            _skip(report, source, entity, "nothing to draw (empty or degenerate)")
            continue
        for points in polylines:
            points = points[:, :2] * scale
            if wall_layer and layer == wall_layer and kind in ("LINE", "LWPOLYLINE",
                                                               "POLYLINE"):
                walls += [(points[i], points[i + 1]) for i in range(len(points) - 1)]
            else:
                lines[layer].append(points)
        _count(report, source, entity, "wall" if wall_layer and layer == wall_layer and
               kind in ("LINE", "LWPOLYLINE", "POLYLINE") else "line")
        if index % 5000 == 0:
            plan.progress(0.1 + 0.6 * min(index / max(len(top), 1), 1.0), "reading entities")
    report.source["expanded_from_blocks"] = expanded
    plan.progress(0.75, "building")
    _walls(plan, walls, level_id)
    for layer in sorted(set(lines) | set(texts)):
        _underlay(plan, layer, lines.get(layer, []), texts.get(layer, []), level_id,
                  elevation)


def _read(path: Path, plan: ImportPlan):
    try:
        if path.read_bytes()[:22] == b"AutoCAD Binary DXF\r\n\x1a\x00":
            doc = ezdxf.readfile(str(path))
            auditor = doc.audit()
        else:
            doc, auditor = ezdxf.recover.readfile(str(path))
    except ezdxf.DXFStructureError as exc:
        raise ImportFailed("unreadable", f"The DXF file is damaged beyond recovery: {exc}") \
            from exc
    except (OSError, UnicodeDecodeError, ValueError, EOFError, IndexError) as exc:
        raise ImportFailed("unreadable", f"The DXF file could not be read: {exc}") from exc
    fixes = len(auditor.fixes) if auditor else 0
    errors = len(auditor.errors) if auditor else 0
    if fixes or errors:
        plan.report.warn("recovered", f"The DXF file was damaged: {fixes} fixes and {errors} "
                         "unfixable errors while recovering it.", fixes=fixes, errors=errors)
    return doc


def _scale(doc, plan: ImportPlan) -> tuple[float, str]:
    code = int(doc.header.get("$INSUNITS", 0) or 0)
    if code == 0:
        wanted = plan.options.get("units")
        code = UNIT_NAMES.get(str(wanted), 6)
        plan.report.warn("units_unset", "The drawing does not say its units ($INSUNITS); "
                         f"{'assumed ' + ezdxf.units.decode(code) if not wanted else wanted} "
                         "(pass the `units` option to change).", assumed=ezdxf.units.decode(code))
    try:
        factor = ezdxf.units.conversion_factor(code, ezdxf.units.M)
    except (KeyError, ValueError):  # an unknown code: treat as unitless metres
        plan.report.warn("units_unknown", f"$INSUNITS={code} is not a known unit; metres "
                         "assumed.")
        return 1.0, "m"
    return float(factor), ezdxf.units.decode(code)


def _level(plan: ImportPlan) -> str:
    wanted = plan.options.get("level_id")
    state = plan.state
    if wanted:
        if wanted not in state.levels:
            raise ImportFailed("unknown_level", f"There is no level {wanted} to import onto.")
        return wanted
    if state.levels:
        return min(state.levels.values(), key=lambda lv: (lv.elevation, lv.id)).id
    level_id = plan.new_id("level:dxf")
    plan.add({"type": "create_level", "id": level_id, "name": "Level 0"})
    plan.report.levels.append({"id": level_id, "name": "Level 0", "elevation": 0.0})
    return level_id


def _expanded(entities, report, depth: int = 0):
    """(entity, the top-level entity it came from); INSERTs are replaced by their contents,
    transformed (nested inserts and MINSERT arrays included)."""
    for entity in entities:
        if entity.dxftype() != "INSERT":
            yield entity, entity
            continue
        try:
            parts = list(ezdxf.disassemble.recursive_decompose([entity]))
        except Exception as exc:  # a broken block must not stop the import
            _skip(report, entity, entity, f"block could not be expanded: {exc}")
            continue
        report.counts["INSERT"]["reference" if parts else "skipped"] += 1
        for part in parts:
            yield part, entity


def _polylines(entity, flatten: float) -> list[np.ndarray]:
    try:
        primitive = ezdxf.disassemble.make_primitive(entity, max_flattening_distance=flatten)
        if primitive.is_empty:
            return []
        if primitive.path is not None:
            out = []
            flagged = bool(getattr(entity, "closed", False) or
                           getattr(entity, "is_closed", False))
            for sub in primitive.path.sub_paths():
                points = np.array([tuple(v) for v in sub.flattening(flatten)], dtype=float)
                if len(points) >= 2:
                    if (sub.is_closed or flagged) and not np.allclose(points[0], points[-1]):
                        points = np.vstack([points, points[:1]])
                    out.append(points)
            return out
        if primitive.mesh is not None:
            mesh = primitive.mesh
            out = []
            for face in mesh.faces:
                ring = np.array([tuple(mesh.vertices[i]) for i in face] +
                                [tuple(mesh.vertices[face[0]])], dtype=float)
                out.append(ring)
            return out
        points = np.array([tuple(v) for v in primitive.vertices()], dtype=float)
        return [points] if len(points) >= 2 else []
    except Exception:  # ezdxf raises various errors on malformed geometry
        return []


def _text(entity, scale: float) -> dict[str, Any] | None:
    kind = entity.dxftype()
    try:
        content = entity.plain_text() if kind == "MTEXT" else entity.plain_text()
        height = entity.dxf.get("char_height" if kind == "MTEXT" else "height", 1.0)
        insert = entity.dxf.get("insert", (0, 0, 0))
        rotation = entity.dxf.get("rotation", 0.0) if kind != "MTEXT" else \
            entity.get_rotation()
    except Exception:
        return None
    content = (content or "").strip()[:2000]
    if not content:
        return None
    return {"text": content, "position": [float(insert[0]) * scale, float(insert[1]) * scale],
            "height": min(max(float(height) * scale, 1e-3), 1000.0),
            "rotation": float(rotation) % 360 - (360 if float(rotation) % 360 > 180 else 0)}


def _count(report, source, entity, what: str) -> None:
    if source is entity:
        report.counts[entity.dxftype()]["native" if what == "wall" else "reference"] += 1
    else:
        report.counts[f"INSERT/{entity.dxftype()}"]["total"] += 1
        report.counts[f"INSERT/{entity.dxftype()}"]["reference"] += 1


def _skip(report, source, entity, reason: str) -> None:
    name = entity.dxftype() if source is entity else f"INSERT/{entity.dxftype()}"
    if source is not entity:
        report.counts[name]["total"] += 1
    report.skip(name, reason, id=str(entity.dxf.get("handle", "")))


def _walls(plan: ImportPlan, segments, level_id: str) -> None:
    thickness = float(plan.options.get("wall_thickness", 0.2))
    for index, (a, b) in enumerate(segments):
        wall_id = plan.new_id(f"dxf-wall:{index}")
        problem = plan.add({"type": "place_wall", "id": wall_id, "level_id": level_id,
                            "start": [float(a[0]), float(a[1])],
                            "end": [float(b[0]), float(b[1])], "thickness": thickness})
        if problem:
            plan.report.warn("wall_refused", f"A segment on the wall layer could not become a "
                             f"wall ({problem.code}); it was left out.", index=index)
        else:
            plan.report.native["wall"] += 1


def _underlay(plan: ImportPlan, layer: str, lines: list[np.ndarray], texts, level_id: str,
              elevation: float) -> None:
    points, edges, start = [], [], 0
    for polyline in lines:
        count = len(polyline)
        points.append(np.column_stack([polyline, np.full(count, elevation)]))
        idx = np.arange(start, start + count)
        edges.append(np.column_stack([idx[:-1], idx[1:]]))
        start += count
    vertices = np.vstack(points) if points else np.zeros((0, 3))
    problem = plan.reference(
        key=f"dxf-layer:{layer}", level_id=level_id, vertices=vertices,
        edges=np.vstack(edges) if edges else None, texts=texts, name=layer,
        source="dxf", source_id=layer, material="underlay",
        properties={"DXF": {"Layer": layer, "Lines": len(lines), "Texts": len(texts)}})
    if problem:
        plan.report.warn("layer_refused", f"Layer {layer} could not be imported "
                         f"({problem.code}: {problem.message}).", layer=layer)
    else:
        plan.report.native["underlay_layer"] += 1
