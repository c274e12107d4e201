"""Rhino .3dm -> reference meshes (rhino3dm), one per object, named by the object (or its
layer), carrying the layer name.

    Mesh                         as it is (quads split)
    Extrusion                    its render mesh, else meshed here (profiles along the path)
    Brep, SubD                   the render meshes saved with them; rhino3dm has no mesher,
                                 so one saved without them is listed in the report (case B7)
    InstanceReference (block)    its definition's objects, transformed (nested ones too)
    curves, points, annotations  skipped (no surface), counted in the report

Units from the file's model unit system (a warning when it has none: metres assumed, or
`options.units`). Option `level_id`: the level they go on (default the lowest).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rhino3dm

from pryzm.geometry import solids
from pryzm.interop.errors import ImportFailed
from pryzm.interop.plan import ImportPlan

MAX_OBJECTS = 500_000
MAX_DEPTH = 16
_UNITS = {"Millimeters": 0.001, "Centimeters": 0.01, "Meters": 1.0, "Kilometers": 1000.0,
          "Inches": 0.0254, "Feet": 0.3048, "Yards": 0.9144, "Miles": 1609.344,
          "Microns": 1e-6, "Decimeters": 0.1}
_OPTION_UNITS = {"mm": 0.001, "cm": 0.01, "m": 1.0, "in": 0.0254, "ft": 0.3048}
_SAMPLES = 48  # points per curved profile


def import_3dm(path: Path, plan: ImportPlan) -> None:
    plan.progress(0.02, "reading")
    if not path.read_bytes()[:24].startswith(b"3D Geometry File Format "):
        raise ImportFailed("wrong_content", "This is not a Rhino .3dm file.")
    try:
        model = rhino3dm.File3dm.Read(str(path))
    except Exception as exc:  # the bindings raise RuntimeError on some damage
        raise ImportFailed("unreadable", f"The .3dm file could not be read: {exc}") from exc
    if model is None:
        raise ImportFailed("unreadable", "The .3dm file could not be read (damaged, "
                           "truncated or from an unsupported version).")
    _Reader(model, plan).run()


class _Reader:
    def __init__(self, model, plan: ImportPlan):
        self.model = model
        self.plan = plan
        self.report = plan.report
        unit = str(model.Settings.ModelUnitSystem).split(".")[-1]
        self.scale = _UNITS.get(unit)
        if self.scale is None:
            wanted = plan.options.get("units")
            self.scale = _OPTION_UNITS.get(str(wanted), 1.0)
            self.report.warn("units_unset", f"The file's unit system is {unit}; "
                             f"{wanted or 'metres'} assumed (pass the `units` option to "
                             "change).")
        self.report.source = {"units": unit, "scale_to_metres": self.scale,
                              "objects": len(model.Objects), "layers": len(model.Layers),
                              "blocks": len(model.InstanceDefinitions)}

    def run(self) -> None:
        objects = [o for o in self.model.Objects
                   if not o.Attributes.IsInstanceDefinitionObject]
        if len(objects) > MAX_OBJECTS:
            raise ImportFailed("too_many_entities", f"The file holds {len(objects):,} "
                               f"objects; the limit is {MAX_OBJECTS:,}.")
        self.level_id = _level(self.plan)
        for index, obj in enumerate(objects):
            kind = type(obj.Geometry).__name__
            self.report.seen(kind)
            self._object(obj, kind, [], str(obj.Attributes.Id), 0)
            if index % 200 == 0:
                self.plan.progress(0.05 + 0.9 * index / max(len(objects), 1), "meshing")

    def _object(self, obj, kind: str, transforms: list, key: str, depth: int) -> None:
        geometry = obj.Geometry
        name = obj.Attributes.Name or ""
        if isinstance(geometry, rhino3dm.InstanceReference):
            self._block(obj, geometry, transforms, key, depth)
            return
        mesh, reason = _mesh(geometry)
        if mesh is None:
            self.report.skip(kind, reason, id=str(obj.Attributes.Id), name=name,
                             counted=depth == 0)
            return
        vertices, faces = mesh
        for transform in transforms:
            vertices = _apply(transform, vertices)
        layer = _layer_name(self.model, obj.Attributes.LayerIndex)
        problem = self.plan.reference(
            key=f"3dm:{key}", level_id=self.level_id, vertices=vertices * self.scale,
            faces=faces, name=name or layer, source=f"3dm:{kind}",
            source_id=str(obj.Attributes.Id),
            properties={"Rhino": {"Layer": layer, "Type": kind,
                                  **({"Name": name} if name else {})}})
        if problem:
            self.report.skip(kind, f"the model refused its mesh ({problem.code})",
                             id=str(obj.Attributes.Id), counted=depth == 0)
        elif depth == 0:
            self.report.referenced(kind)
        else:
            self.report.counts[f"block/{kind}"]["total"] += 1
            self.report.counts[f"block/{kind}"]["reference"] += 1

    def _block(self, obj, ref, transforms: list, key: str, depth: int) -> None:
        definition = self.model.InstanceDefinitions.FindId(ref.ParentIdefId)
        if definition is None or depth >= MAX_DEPTH:
            self.report.skip("InstanceReference", "its block definition is missing" if
                             definition is None else "blocks nested too deep",
                             id=str(obj.Attributes.Id), counted=depth == 0)
            return
        if depth == 0:
            self.report.referenced("InstanceReference")
        for object_id in definition.GetObjectIds():
            inner = self.model.Objects.FindId(object_id)
            if inner is not None:
                self._object(inner, type(inner.Geometry).__name__, [ref.Xform, *transforms],
                             f"{key}/{object_id}", depth + 1)


def _level(plan: ImportPlan) -> str:
    from pryzm.interop.dxf_import import _level as level_for  # one rule for 2D and 3D files

    return level_for(plan)


def _layer_name(model, index: int) -> str:
    try:
        return model.Layers[index].Name or ""
    except (IndexError, TypeError):
        return ""


def _apply(transform, vertices: np.ndarray) -> np.ndarray:
    matrix = np.array([[transform[i, j] for j in range(4)] for i in range(4)], dtype=float)
    homogeneous = np.column_stack([vertices, np.ones(len(vertices))]) @ matrix.T
    return homogeneous[:, :3] / homogeneous[:, 3:4]


def _mesh(geometry) -> tuple[tuple[np.ndarray, np.ndarray] | None, str]:
    if isinstance(geometry, rhino3dm.Mesh):
        return _arrays(geometry), "an empty mesh"
    if isinstance(geometry, rhino3dm.Extrusion):
        stored = geometry.GetMesh(rhino3dm.MeshType.Any)
        if stored is not None:
            return _arrays(stored), "an empty mesh"
        return _extrusion(geometry), "an extrusion whose profile could not be meshed"
    if isinstance(geometry, rhino3dm.Brep):
        meshes = [face.GetMesh(rhino3dm.MeshType.Any) for face in geometry.Faces]
        if not meshes or any(m is None for m in meshes):
            return None, ("a Brep saved without render meshes (rhino3dm cannot mesh "
                          "Breps; re-save it from Rhino with meshes)")
        return _joined([_arrays(m) for m in meshes]), "an empty mesh"
    if isinstance(geometry, rhino3dm.SubD):
        return None, "a SubD (rhino3dm cannot mesh SubDs; re-save it as a mesh)"
    kind = type(geometry).__name__
    if isinstance(geometry, rhino3dm.Curve):
        return None, "a curve (no surface to mesh)"
    return None, f"a {kind} (not meshable)"


def _arrays(mesh) -> tuple[np.ndarray, np.ndarray] | None:
    vertices = np.array([[v.X, v.Y, v.Z] for v in mesh.Vertices], dtype=float)
    faces = []
    for index in range(len(mesh.Faces)):
        a, b, c, d = mesh.Faces[index]
        faces.append((a, b, c))
        if c != d:
            faces.append((a, c, d))
    if not len(vertices) or not faces:
        return None
    return vertices, np.asarray(faces, dtype=np.int64)


def _joined(parts) -> tuple[np.ndarray, np.ndarray] | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    vertices, faces = solids.merge(*parts)
    return vertices, faces.astype(np.int64)


def _extrusion(extrusion) -> tuple[np.ndarray, np.ndarray] | None:
    """A straight extrusion of its profiles (outer first, then holes), capped."""
    try:
        start = np.array([extrusion.PathStart.X, extrusion.PathStart.Y, extrusion.PathStart.Z])
        end = np.array([extrusion.PathEnd.X, extrusion.PathEnd.Y, extrusion.PathEnd.Z])
        rings = [_curve_points(extrusion.Profile3d(i, 0.0))
                 for i in range(extrusion.ProfileCount)]
    except Exception:  # a malformed extrusion
        return None
    if any(r is None or len(r) < 3 for r in rings):
        return None
    axis = end - start
    length = float(np.linalg.norm(axis))
    if length <= 0:
        return None
    z = axis / length
    x = np.cross(z, [0.0, 0.0, 1.0] if abs(z[2]) < 0.9 else [1.0, 0.0, 0.0])
    x /= np.linalg.norm(x)
    y = np.cross(z, x)
    frame = np.column_stack([x, y, z])
    flat = [(ring - start) @ frame[:, :2] for ring in rings]
    try:
        vertices, faces = solids.prism(flat[0], flat[1:], 0.0, length)
    except Exception:  # degenerate profiles
        return None
    return vertices @ frame.T + start, faces.astype(np.int64)


def _curve_points(curve) -> np.ndarray | None:
    if curve is None:
        return None
    if isinstance(curve, rhino3dm.PolylineCurve):
        points = [curve.Point(i) for i in range(curve.PointCount)]
    else:
        t0, t1 = curve.Domain.T0, curve.Domain.T1
        points = [curve.PointAt(t0 + (t1 - t0) * i / _SAMPLES) for i in range(_SAMPLES + 1)]
    ring = np.array([[p.X, p.Y, p.Z] for p in points], dtype=float)
    if len(ring) > 1 and np.allclose(ring[0], ring[-1]):
        ring = ring[:-1]
    return ring
