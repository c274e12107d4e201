"""Rhino .3dm -> reference meshes (rhino3dm), one per object, named by the object (or its
layer), carrying the layer name.

    Mesh                         as it is (quads split)
    Extrusion                    its render mesh, else meshed here (profiles along the path)
    Brep                         the render meshes saved with it; rhino3dm has no Brep mesher,
                                 so one saved without them is listed in the report (case B7)
    SubD                         its limit surface: the control net subdivided here (at most
                                 3 levels) with every vertex on the limit surface (a .3dm never
                                 carries a SubD's mesh)
    InstanceReference (block)    its definition's objects with the instance's full transform,
                                 nested blocks too (MAX_DEPTH levels; a block that contains
                                 itself is listed, not expanded)
    curves, points, annotations  skipped (no surface), counted in the report

Units from the file's model unit system (a warning when it has none: metres assumed, or
`options.units`). Option `level_id`: the level they go on (default the lowest).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import rhino3dm

from pryzm.geometry import solids
from pryzm.interop.errors import ImportFailed
from pryzm.interop.plan import ImportPlan

MAX_OBJECTS = 500_000
MAX_DEPTH = 16  # block instances inside block definitions
SUBD_LEVELS = 3  # subdivisions of a SubD's control net at most (each one x4 faces)
SUBD_FACES = 100_000  # quads the subdivision may make at most (fewer levels for larger SubDs)
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
        self.expanded = 0
        for index, obj in enumerate(objects):
            self._object(obj, _Placement(key=str(obj.Attributes.Id)))
            if index % 200 == 0:
                self.plan.progress(0.05 + 0.9 * index / max(len(objects), 1), "meshing")

    def _object(self, obj, at: _Placement) -> bool:
        """One object of the model or of a block; True when it (or a part of the block it
        places) became a reference element. Block parts have `block/<type>` rows."""
        geometry = obj.Geometry
        kind = type(geometry).__name__
        source = f"block/{kind}" if at.blocks else kind
        self.report.seen(source)
        if isinstance(geometry, rhino3dm.InstanceReference):
            placed, reason = self._block(obj, geometry, at)
        else:
            placed, reason = self._reference(obj, geometry, kind, at)
        if placed:
            self.report.referenced(source, container=isinstance(geometry,
                                                                rhino3dm.InstanceReference))
        else:
            self.report.skip(source, reason, id=str(obj.Attributes.Id),
                             name=obj.Attributes.Name or "")
        return placed

    def _reference(self, obj, geometry, kind: str, at: _Placement) -> tuple[bool, str]:
        mesh, reason = _mesh(geometry)
        if mesh is None:
            return False, reason
        vertices, faces = mesh
        if at.blocks:
            vertices = _apply(at.matrix, vertices)
            if np.linalg.det(at.matrix[:3, :3]) < 0:  # a mirrored instance: keep faces outward
                faces = faces[:, ::-1]
        layer = _layer_name(self.model, obj.Attributes.LayerIndex)
        name = obj.Attributes.Name or ""
        properties = {"Layer": layer, "Type": kind, **({"Name": name} if name else {})}
        if at.blocks:
            properties |= {"Block": " / ".join(at.blocks), "BlockLayer": at.instance_layer}
        problem = self.plan.reference(
            key=f"3dm:{at.key}", level_id=self.level_id, vertices=vertices * self.scale,
            faces=faces, name=name or at.instance_name or layer, source=f"3dm:{kind}",
            source_id=str(obj.Attributes.Id), properties={"Rhino": properties})
        if problem:
            return False, f"the model refused its mesh ({problem.code})"
        return True, ""

    def _block(self, obj, ref, at: _Placement) -> tuple[bool, str]:
        definition = self.model.InstanceDefinitions.FindId(ref.ParentIdefId)
        if definition is None:
            return False, "its block definition is missing"
        block = definition.Name or str(definition.Id)
        if str(definition.Id) in at.definitions:
            return False, f"block {block!r} contains itself"
        if len(at.blocks) >= MAX_DEPTH:
            return False, f"blocks nested more than {MAX_DEPTH} deep"
        object_ids = list(definition.GetObjectIds())
        if not object_ids:
            linked = definition.SourceArchive
            return False, (f"block {block!r} is linked to {linked}, which is not embedded"
                           if linked else f"block {block!r} is empty")
        inner = _Placement(
            key=at.key, matrix=at.matrix @ _matrix(ref.Xform), blocks=(*at.blocks, block),
            definitions=(*at.definitions, str(definition.Id)),
            instance_name=at.instance_name if at.blocks else obj.Attributes.Name or block,
            instance_layer=at.instance_layer if at.blocks else
            _layer_name(self.model, obj.Attributes.LayerIndex))
        placed = False
        for object_id in object_ids:
            part = self.model.Objects.FindId(object_id)
            if part is None:
                continue
            self.expanded += 1
            if self.expanded > MAX_OBJECTS:
                raise ImportFailed("too_many_entities", "Expanding the block instances gives "
                                   f"more than {MAX_OBJECTS:,} objects.")
            placed |= self._object(part, inner.part(str(object_id)))
        return placed, f"nothing in block {block!r} can be meshed"


@dataclass(frozen=True)
class _Placement:
    """Where an object is drawn: in the model, or as a part of (nested) block instances.
    `matrix` maps the object's coordinates to the model's; `blocks` are the block names from
    the instance in the model inwards; `instance_*` are that instance's name and layer."""

    key: str
    matrix: np.ndarray = field(default_factory=lambda: np.eye(4))
    blocks: tuple[str, ...] = ()
    definitions: tuple[str, ...] = ()
    instance_name: str = ""
    instance_layer: str = ""

    def part(self, object_id: str) -> _Placement:
        return _Placement(f"{self.key}/{object_id}", self.matrix, self.blocks,
                          self.definitions, self.instance_name, self.instance_layer)


def _level(plan: ImportPlan) -> str:
    from pryzm.interop.dxf_import import _level as level_for  # one rule for 2D and 3D files

    return level_for(plan)


def _layer_name(model, index: int) -> str:
    try:
        return model.Layers[index].Name or ""
    except (IndexError, TypeError):
        return ""


def _matrix(transform) -> np.ndarray:
    return np.array(transform.ToFloatArray(True), dtype=float).reshape(4, 4)


def _apply(matrix: np.ndarray, vertices: np.ndarray) -> np.ndarray:
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
        if not geometry.FaceCount:
            return None, "an empty SubD (no faces)"
        return _subd(geometry), "a SubD whose limit surface could not be evaluated"
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


def _subd(subd) -> tuple[np.ndarray, np.ndarray] | None:
    """The limit surface: the control net subdivided (SUBD_LEVELS, fewer when that would
    pass SUBD_FACES) with each vertex moved to its limit point; n-gons fanned."""
    levels = 0
    while levels < SUBD_LEVELS and subd.FaceCount * 4 ** (levels + 1) <= SUBD_FACES:
        levels += 1
    fine = subd.Duplicate()
    if levels and not fine.Subdivide(levels):
        fine = subd
    index: dict[int, int] = {}
    points = []
    vertices = fine.Vertices  # the iterators crash when stepped past their last item
    for i in range(vertices.Count):
        vertex = vertices.First() if i == 0 else vertices.Next()
        point = vertex.SurfacePoint
        index[vertex.Id] = i
        points.append((point.X, point.Y, point.Z))
    faces = []
    iterator = fine.Faces
    for i in range(iterator.Count):
        face = iterator.First() if i == 0 else iterator.Next()
        ring = [index.get(face.Vertex(k).Id, -1) for k in range(face.VertexCount)]
        if -1 in ring:  # a face on another level: a damaged SubD
            return None
        faces += [(ring[0], ring[k], ring[k + 1]) for k in range(1, len(ring) - 1)]
    array = np.array(points, dtype=float).reshape(-1, 3)
    if not faces or not np.isfinite(array).all():
        return None
    return array, np.asarray(faces, dtype=np.int64)


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
