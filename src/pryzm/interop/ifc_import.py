"""IFC -> PRYZM commands.

    storeys                          -> levels (create_level; an existing level with the
                                        same name and elevation is reused)
    walls with a straight Axis and   -> place_wall (baseline = axis, thickness/alignment
    one vertical extruded band body     from the profile, height = extrusion depth), and
                                        their openings filled by a door or window ->
                                        place_opening (the opening's box in the wall frame)
    slabs, spaces, columns whose     -> place_slab / place_room / place_column
    mesh is a vertical prism
    everything else with geometry    -> place_reference: the geometry iterator's mesh
                                        (openings subtracted) with class, GlobalId, name,
                                        storey and property sets

Every native element also gets `set_properties` with its property sets and an `IFC` set
(Class, GlobalId, Name, ...). Anything that does not map cleanly falls back to a reference;
a native group the model refuses (e.g. overlapping openings) falls back too. Units are
metres (the geometry iterator converts; parametric values are scaled by the file's unit).
"""

from __future__ import annotations

import math
import multiprocessing
from collections import defaultdict
from pathlib import Path
from typing import Any

import ifcopenshell
import ifcopenshell.geom
import ifcopenshell.util.element
import manifold3d
import numpy as np
import shapely

from pryzm.interop import ifc_read
from pryzm.interop.errors import ImportFailed
from pryzm.interop.plan import ImportPlan, property_commands

_TOL = 1e-3  # metres
_SPATIAL_SKIP = ("IfcBuilding", "IfcBuildingStorey", "IfcSpatialZone", "IfcExternalSpatialElement")
_NOT_PHYSICAL = ("IfcAnnotation", "IfcGrid", "IfcVirtualElement", "IfcStructuralItem", "IfcPort",
                 "IfcAlignment")
_ASSEMBLED = ("IfcDoor", "IfcWindow")  # a geometry-less one takes its parts' meshes


def import_ifczip(path: Path, plan: ImportPlan) -> None:
    with ifc_read.unzipped_ifc(path) as inner:
        import_ifc(inner, plan)


def import_ifc(path: Path, plan: ImportPlan) -> None:
    plan.progress(0.02, "reading")
    model = ifc_read.open_ifc(path)
    _Importer(model, plan).run()


class _Importer:
    def __init__(self, model: ifcopenshell.file, plan: ImportPlan):
        self.model = model
        self.plan = plan
        self.report = plan.report
        self.scale = ifc_read.unit_scale(model)
        self.levels: dict[int, str] = {}  # storey id -> level id
        self.elevations: list[tuple[float, str]] = []
        self.done: set[int] = set()  # products already accounted for
        self.settings = ifcopenshell.geom.settings()
        self.settings.set("use-world-coords", True)

    # -- the whole import ------------------------------------------------------------------

    def run(self) -> None:
        model, report = self.model, self.report
        names = model.header.file_name
        report.source = {
            "schema": model.schema, "unit_scale_to_metres": self.scale,
            "application": _text(getattr(names, "originating_system", "")),
            "preprocessor": _text(getattr(names, "preprocessor_version", "")),
            "authors": [_person(p) for p in model.by_type("IfcPerson")][:20],
        }
        if not model.by_type("IfcUnitAssignment"):
            report.warn("units_guessed", "The file declares no units; metres assumed.")
        products = model.by_type("IfcProduct")
        for product in products:
            report.seen(product.is_a())
        self._levels()
        self.plan.progress(0.1, "walls")
        native_fillings = self._walls()
        self.plan.progress(0.25, "geometry")
        self._geometry(products, native_fillings)
        for product in products:  # whatever is left has been neither mapped nor meshed
            if product.id() not in self.done:
                self._skip(product, "no geometry")
        self.plan.progress(0.97, "checked")

    # -- levels ----------------------------------------------------------------------------

    def _levels(self) -> None:
        storeys = self.model.by_type("IfcBuildingStorey")
        found = []
        for storey in storeys:
            matrix = ifc_read.placement(storey)
            elevation = matrix[2, 3] * self.scale if storey.ObjectPlacement else (
                (storey.Elevation or 0.0) * self.scale)
            found.append((elevation, storey))
        found.sort(key=lambda pair: (pair[0], pair[1].id()))
        if not found:
            level_id = self._level("Imported", 0.0, 3.0, "level:none")
            self.elevations = [(0.0, level_id)]
            self.report.warn("no_storeys", "The file has no storeys; everything is placed on "
                             "one level at elevation 0.")
            return
        for index, (elevation, storey) in enumerate(found):
            above = [e for e, _ in found[index + 1:] if e > elevation + 0.01]
            stated = self._storey_height(storey)
            height = stated or (min(above[0] - elevation, 1000.0) if above else 3.0)
            name = storey.Name or storey.LongName or f"Storey {index + 1}"
            level_id = self._level(name, elevation, height, f"storey:{storey.GlobalId}")
            self.levels[storey.id()] = level_id
            self.elevations.append((elevation, level_id))
            self.report.mapped(storey.is_a(), "level")
            self.done.add(storey.id())

    def _storey_height(self, storey) -> float | None:
        """The storey's GrossHeight base quantity in metres (what PRYZM's export writes, and
        what authoring tools often do), if it has a sensible one."""
        qtos = ifcopenshell.util.element.get_psets(storey, qtos_only=True)
        for name in ("Qto_BuildingStoreyBaseQuantities", "BaseQuantities", *qtos):
            value = qtos.get(name, {}).get("GrossHeight")
            if isinstance(value, int | float) and 0.01 <= value * self.scale <= 1000.0:
                return float(value) * self.scale
        return None

    def _level(self, name: str, elevation: float, height: float, key: str) -> str:
        state = self.plan.state
        name = (name.strip() or "Level")[:200]
        if self.plan.options.get("merge_levels", True):
            for level in state.levels.values():
                if level.name == name and abs(level.elevation - elevation) < _TOL:
                    self.report.levels.append({"id": level.id, "name": name,
                                               "elevation": elevation, "reused": True})
                    return level.id
        level_id = self.plan.new_id(key)
        problem = self.plan.add({"type": "create_level", "id": level_id, "name": name,
                                 "elevation": elevation, "height": height})
        if problem:
            raise ImportFailed("unreadable", f"A storey could not become a level: "
                               f"{problem.message}", {"storey": name})
        self.report.levels.append({"id": level_id, "name": name, "elevation": elevation})
        return level_id

    def _level_of(self, product, z: float | None = None) -> str:
        storey = ifc_read.storey_of(product)
        if storey is not None and storey.id() in self.levels:
            return self.levels[storey.id()]
        if z is None:
            return self.elevations[0][1]
        below = [level for elevation, level in self.elevations if elevation <= z + _TOL]
        return below[-1] if below else self.elevations[0][1]

    def _elevation(self, level_id: str) -> float:
        return self.plan.state.levels[level_id].elevation

    # -- walls and their openings ----------------------------------------------------------

    def _walls(self) -> set[int]:
        native_fillings: set[int] = set()
        walls = self.model.by_type("IfcWall")
        for index, wall in enumerate(walls):
            group, fillings, reason = self._wall_group(wall)
            if group is not None:
                problem = self.plan.add(*group)
                if problem is None:
                    self.report.mapped(wall.is_a(), "wall")
                    self.done.add(wall.id())
                    for filling, kind in fillings:
                        self.report.mapped(filling.is_a(), kind)
                        self.done.add(filling.id())
                        native_fillings.add(filling.id())
                    continue
                reason = f"the model refused it ({problem.code}: {problem.message})"
            self.report.fallback(wall.is_a(), reason)
            if index % 50 == 0:
                self.plan.progress(0.1 + 0.15 * index / max(len(walls), 1), "walls")
        return native_fillings

    def _wall_group(self, wall):
        """(commands, [(filling, kind)], None) for a native wall, or (None, [], reason)."""
        shape = self._wall_shape(wall)
        if isinstance(shape, str):
            return None, [], shape
        start, end, thickness, alignment, z0, height, frame = shape
        level_id = self._level_of(wall, z0)
        wall_id = self.plan.new_id(f"wall:{wall.GlobalId}")
        place = {"type": "place_wall", "id": wall_id, "level_id": level_id,
                 "start": list(start), "end": list(end), "thickness": thickness,
                 "height": height, "base_offset": z0 - self._elevation(level_id),
                 "alignment": alignment,
                 "material": (ifc_read.material_name(wall) or "concrete")[:200]}
        commands = [place, *property_commands(wall_id, self._properties(wall))]
        fillings = []
        for rel in wall.HasOpenings or ():
            opening = rel.RelatedOpeningElement
            found = self._opening(opening, frame, z0, height)
            if isinstance(found, str):
                return None, [], found
            filling, kind, offset, width, sill, tall = found
            opening_id = self.plan.new_id(f"opening:{filling.GlobalId}")
            place_opening = {"type": "place_opening", "id": opening_id, "host_id": wall_id,
                             "kind": kind, "offset": offset, "width": width, "height": tall,
                             "sill_height": sill, "flip": self._flipped(filling, frame)}
            material = ifc_read.material_name(filling)
            if material:
                place_opening["material"] = material[:200]
            commands.append(place_opening)
            commands += property_commands(opening_id, self._properties(filling))
            fillings.append((filling, kind))
            self.done.add(opening.id())
            self.report.skip(opening.is_a(), "a void: cut as the native opening it holds",
                             id=opening.GlobalId, name=opening.Name or "")
        return commands, fillings, None

    def _wall_shape(self, wall):
        representation = wall.Representation
        if representation is None:
            return "no representation"
        reps = {r.RepresentationIdentifier: r for r in representation.Representations}
        axis, body = reps.get("Axis"), reps.get("Body")
        if axis is None or body is None:
            return "no Axis or no Body representation"
        if len(axis.Items) != 1 or len(body.Items) != 1:
            return "Axis or Body has several items"
        axis_points = ifc_read.curve_points(axis.Items[0])
        solid = body.Items[0]
        if axis_points is None or len(axis_points) < 2:
            return "the axis is not a polyline"
        if solid.is_a() != "IfcExtrudedAreaSolid":
            return f"the body is an {solid.is_a()}, not a plain extrusion"
        matrix = ifc_read.placement(wall)
        if not np.allclose(matrix[:3, 2], (0, 0, 1), atol=1e-6):
            return "the wall is not upright"
        position = ifc_read.axis2(solid.Position)
        direction = position[:3, :3] @ np.asarray(solid.ExtrudedDirection.DirectionRatios,
                                                  dtype=float)
        if not np.allclose(position[:3, 2], (0, 0, 1), atol=1e-6) or \
                not np.allclose(direction / np.linalg.norm(direction), (0, 0, 1), atol=1e-6):
            return "the body is not extruded upwards"
        profile = ifc_read.profile_points(solid.SweptArea)
        if profile is None:
            return f"the profile ({solid.SweptArea.is_a()}) has curves"
        scale = self.scale
        local = np.column_stack([profile, np.zeros(len(profile)), np.ones(len(profile))])
        world = (matrix @ position @ local.T).T[:, :3] * scale
        ends = np.column_stack([axis_points[[0, -1]], np.zeros(2), np.ones(2)])
        a, b = ((matrix @ ends.T).T[:, :2] * scale)
        length = float(np.linalg.norm(b - a))
        if length < 0.01:
            return "the axis is shorter than 10 mm"
        u = (b - a) / length
        n = np.array([-u[1], u[0]])
        if len(axis_points) > 2:
            rel = (axis_points - axis_points[0]) * scale
            if np.abs(rel @ np.array([-u[1], u[0]])).max() > _TOL:
                return "the axis is not straight"
        across = (world[:, :2] - a) @ n
        lo, hi = float(across.min()), float(across.max())
        if not np.all(np.minimum(np.abs(across - lo), np.abs(across - hi)) < _TOL):
            return "the footprint is not a straight band along the axis"
        thickness = hi - lo
        if thickness < 0.005:
            return "thinner than 5 mm"
        if abs(lo + hi) < _TOL:
            alignment = "center"
        elif abs(lo) < _TOL:
            alignment = "left"
        elif abs(hi) < _TOL:
            alignment = "right"
        else:  # the band is off the axis: move the baseline to its middle
            a, b = a + n * (lo + hi) / 2, b + n * (lo + hi) / 2
            alignment, lo, hi = "center", -thickness / 2, thickness / 2
        z0 = float(world[:, 2].min())
        height = float(solid.Depth) * scale * float(np.linalg.norm(direction))
        frame = (a, u, n, lo, hi, length)
        return (tuple(map(float, a)), tuple(map(float, b)), thickness, alignment, z0, height,
                frame)

    def _opening(self, opening, frame, wall_z0: float, wall_height: float):
        """(filling, kind, offset, width, sill, height) or why the wall cannot be native."""
        fillings = [rel.RelatedBuildingElement for rel in opening.HasFillings or ()]
        if not fillings:
            return "it has an opening without a door or window"
        if len(fillings) > 1:
            return "an opening holds several fillings"
        filling = fillings[0]
        kind = {"IfcDoor": "door", "IfcWindow": "window"}.get(
            "IfcDoor" if filling.is_a("IfcDoor") else "IfcWindow" if filling.is_a("IfcWindow")
            else "")
        if kind is None:
            return f"an opening is filled by an {filling.is_a()}"
        try:
            shape = ifcopenshell.geom.create_shape(self.settings, opening)
        except Exception as exc:  # the kernel raises RuntimeError and friends
            return f"an opening has no usable geometry ({exc})"
        vertices, faces = _arrays(shape.geometry)
        if not len(faces):
            return "an opening has no geometry"
        a, u, n, lo, hi, length = frame
        along = (vertices[:, :2] - a) @ u
        across = (vertices[:, :2] - a) @ n
        z = vertices[:, 2] - wall_z0
        box = (along.max() - along.min()) * (across.max() - across.min()) * (z.max() - z.min())
        if box <= 0 or abs(_volume(vertices, faces)) < 0.85 * box:
            return "an opening is not a box"
        if across.min() > lo + _TOL or across.max() < hi - _TOL:
            return "an opening does not go through the wall"
        offset, right = max(float(along.min()), 0.0), min(float(along.max()), length)
        sill, top = max(float(z.min()), 0.0), min(float(z.max()), wall_height)
        if right - offset < 0.01 or top - sill < 0.01:
            return "an opening lies outside its wall"
        if offset - along.min() > 0.005 or along.max() - right > 0.005:
            self.report.warn("opening_clamped", "An opening reached past its wall's ends; it "
                             "was trimmed to the wall.", id=opening.GlobalId)
        return filling, kind, offset, right - offset, sill, top - sill

    def _flipped(self, filling, frame) -> bool:
        """A door whose leaf lies against the wall's left face opens to that side (PRYZM's
        `flip`); one centred or on the right face does not. Windows are never flipped."""
        if not filling.is_a("IfcDoor"):
            return False
        try:
            vertices, faces = _arrays(ifcopenshell.geom.create_shape(self.settings,
                                                                     filling).geometry)
        except Exception:  # no usable body: the default side
            return False
        if not len(faces):
            return False
        a, u, n, lo, hi, length = frame
        across = (vertices[:, :2] - a) @ n
        thin = across.max() - across.min() < 0.5 * (hi - lo)
        return bool(thin and (across.min() + across.max()) / 2 > (lo + hi) / 2 + 0.01)

    # -- everything meshed by the geometry iterator -----------------------------------------

    def _geometry(self, products, native_fillings: set[int]) -> None:
        parents: dict[int, int] = {}  # part id -> geometry-less door/window id
        include = []
        for product in products:
            pid = product.id()
            if pid in self.done:
                continue
            kind = product.is_a()
            if product.is_a("IfcOpeningElement") or product.is_a("IfcFeatureElementSubtraction"):
                self._skip(product, "a void: subtracted from its host's mesh")
            elif any(product.is_a(k) for k in _SPATIAL_SKIP):
                self._skip(product, "spatial structure (storeys become levels)")
            elif any(product.is_a(k) for k in _NOT_PHYSICAL):
                self._skip(product, "not a physical element")
            elif product.Representation is None:
                parts = _parts(product)
                if kind in _ASSEMBLED and parts:
                    for part in parts:
                        parents[part.id()] = pid
                else:
                    self._skip(product, "no geometry" + (
                        "; its parts come in on their own" if parts else ""))
            elif kind == "IfcSite" and not product.Representation.Representations:
                self._skip(product, "spatial structure (no geometry)")
            else:
                include.append(product)
        for part_id in parents:
            part = self.model.by_id(part_id)
            if part not in include and part_id not in self.done:
                include.append(part)
        shapes = self._iterate(include)
        self.plan.progress(0.85, "mapping")
        merged: dict[int, list] = defaultdict(list)
        for product in sorted(include, key=lambda p: p.id()):
            pid = product.id()
            shape = shapes.get(pid)
            if pid in parents:
                if shape is not None:
                    merged[parents[pid]].append(shape)
                self._skip(product, "part of an assembled door/window: merged into its mesh")
                continue
            if shape is None:
                self.report.warn("mesh_missing", f"No geometry could be built for "
                                 f"{product.is_a()} {product.GlobalId}.", id=product.GlobalId)
                self._skip(product, "its geometry could not be built")
                continue
            self._place(product, *shape)
        for parent_id, parts in sorted(merged.items()):
            parent = self.model.by_id(parent_id)
            if parent_id in native_fillings:
                continue
            vertices = np.vstack([p[0] for p in parts])
            offsets = np.cumsum([0] + [len(p[0]) for p in parts[:-1]])
            faces = np.vstack([p[1] + o for p, o in zip(parts, offsets, strict=True)])
            self._reference(parent, vertices, faces)
        for parent_id in parents.values():
            if parent_id not in merged and parent_id not in self.done:
                self._skip(self.model.by_id(parent_id), "no geometry (nor its parts)")

    def _iterate(self, include: list) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        shapes: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        if not include:
            return shapes
        threads = max(1, min(8, multiprocessing.cpu_count()))
        try:
            iterator = ifcopenshell.geom.iterator(self.settings, self.model, threads,
                                                  include=include)
            ok = iterator.initialize()
        except Exception as exc:  # the kernel can raise on broken geometry
            self.report.warn("geometry_failed", f"The geometry kernel failed: {exc}")
            return shapes
        total = len(include)
        while ok:
            shape = iterator.get()
            vertices, faces = _arrays(shape.geometry)
            if len(faces):
                shapes[shape.id] = (vertices, faces)
            if len(shapes) % 25 == 0:
                self.plan.progress(0.25 + 0.6 * min(len(shapes) / total, 1.0), "geometry")
            ok = iterator.next()
        return shapes

    def _place(self, product, vertices: np.ndarray, faces: np.ndarray) -> None:
        kind = product.is_a()
        if product.is_a("IfcSlab"):
            reason = self._slab(product, vertices, faces)
        elif product.is_a("IfcSpace"):
            reason = self._room(product, vertices, faces)
        elif product.is_a("IfcColumn"):
            reason = self._column(product, vertices, faces)
        else:
            reason = ""
        if reason is None:
            return
        if reason:
            self.report.fallback(kind, reason)
        self._reference(product, vertices, faces)

    def _reference(self, product, vertices: np.ndarray, faces: np.ndarray) -> None:
        if getattr(product, "HasOpenings", None):
            vertices, faces = self._checked_cut(product, vertices, faces)
        level_id = self._level_of(product, float(vertices[:, 2].min()))
        problem = self.plan.reference(
            key=f"ref:{product.GlobalId}", level_id=level_id, vertices=vertices,
            faces=faces, name=product.Name or "", source=product.is_a(),
            source_id=product.GlobalId,
            material=ifc_read.material_name(product) or "reference",
            properties=self._properties(product))
        if problem:
            self._skip(product, f"the model refused its mesh ({problem.code})")
            return
        self.report.referenced(product.is_a())
        self.done.add(product.id())

    def _checked_cut(self, product, vertices: np.ndarray, faces: np.ndarray):
        """Case B1: the kernel's mesh must have lost exactly the openings' volume inside the
        body. When it did not (a silently failed boolean), cut again with manifold3d; when
        that fails too, keep the kernel's mesh and say so for this element."""
        centre = vertices.mean(axis=0)  # manifold3d is float32: work near zero (case B3)
        try:
            plain = ifcopenshell.geom.settings()
            plain.set("use-world-coords", True)
            plain.set("disable-opening-subtractions", True)
            solid_v, solid_f = _arrays(ifcopenshell.geom.create_shape(plain, product).geometry)
            body = _manifold(solid_v - centre, solid_f)
            cutters = []
            for rel in product.HasOpenings:
                cut_v, cut_f = _arrays(ifcopenshell.geom.create_shape(
                    self.settings, rel.RelatedOpeningElement).geometry)
                cutters.append(_manifold(cut_v - centre, cut_f))
        except Exception as exc:  # kernel or manifold errors: report, keep the mesh
            self.report.warn("cut_unchecked", f"The openings of {product.is_a()} "
                             f"{product.GlobalId} could not be checked: {exc}",
                             id=product.GlobalId)
            return vertices, faces
        expected = body
        for cutter in cutters:
            expected = expected - cutter
        removed = body.volume() - abs(_volume(vertices, faces))
        should = body.volume() - expected.volume()
        if abs(removed - should) <= 0.01 * max(should, 1e-6) + 1e-6:
            return vertices, faces
        mesh = expected.to_mesh()
        if expected.status().name == "NoError" and len(mesh.tri_verts):
            self.report.warn("cut_redone", f"The geometry kernel left {product.is_a()} "
                             f"{product.GlobalId} uncut by {should - removed:.4f} m³; its "
                             "openings were cut again (manifold3d).", id=product.GlobalId,
                             removed=should)
            return (np.asarray(mesh.vert_properties, dtype=np.float64)[:, :3] + centre,
                    np.asarray(mesh.tri_verts, dtype=np.int64))
        self.report.warn("cut_failed", f"The openings of {product.is_a()} "
                         f"{product.GlobalId} could not be cut; it comes in uncut.",
                         id=product.GlobalId)
        return vertices, faces

    def _slab(self, product, vertices, faces):
        prism = _prism(vertices, faces)
        if isinstance(prism, str):
            return prism
        polygon, z0, z1 = prism
        level_id = self._level_of(product, z1)
        slab_id = self.plan.new_id(f"slab:{product.GlobalId}")
        problem = self.plan.add({
            "type": "place_slab", "id": slab_id, "level_id": level_id,
            "boundary": _ring(polygon.exterior), "holes": [_ring(i) for i in polygon.interiors],
            "thickness": z1 - z0, "offset": z1 - self._elevation(level_id),
            "material": (ifc_read.material_name(product) or "concrete")[:200]},
            *property_commands(slab_id, self._properties(product)))
        return self._mapped(product, "slab", problem)

    def _room(self, product, vertices, faces):
        footprint = _footprint(vertices, faces)
        if isinstance(footprint, str):
            return footprint
        if footprint.interiors:
            return "its footprint has holes"
        z0, z1 = float(vertices[:, 2].min()), float(vertices[:, 2].max())
        volume = abs(_volume(vertices, faces))
        if abs(volume - footprint.area * (z1 - z0)) > 0.02 * max(volume, 1e-9):
            self.report.warn("room_height_simplified", "A space is not a prism (e.g. a sloped "
                             "ceiling); its room takes the full height.", id=product.GlobalId,
                             volume=volume)
        level_id = self._level_of(product, z0)
        long_name = getattr(product, "LongName", None)
        name = (long_name or product.Name or "Room").strip() or "Room"
        number = (product.Name or "") if long_name else ""
        room_id = self.plan.new_id(f"room:{product.GlobalId}")
        problem = self.plan.add({
            "type": "place_room", "id": room_id, "level_id": level_id,
            "boundary": _ring(footprint.exterior), "name": name[:200], "number": number[:50],
            "height": z1 - z0, "base_offset": z0 - self._elevation(level_id)},
            *property_commands(room_id, self._properties(product)))
        return self._mapped(product, "room", problem)

    def _column(self, product, vertices, faces):
        prism = _prism(vertices, faces)
        if isinstance(prism, str):
            return prism
        polygon, z0, z1 = prism
        if polygon.interiors:
            return "its profile has holes"
        level_id = self._level_of(product, z0)
        fields = _column_profile(polygon)
        if fields is None:
            return "its profile is neither a rectangle nor a circle"
        column_id = self.plan.new_id(f"column:{product.GlobalId}")
        problem = self.plan.add({
            "type": "place_column", "id": column_id, "level_id": level_id, **fields,
            "height": z1 - z0, "base_offset": z0 - self._elevation(level_id),
            "material": (ifc_read.material_name(product) or "concrete")[:200]},
            *property_commands(column_id, self._properties(product)))
        return self._mapped(product, "column", problem)

    def _mapped(self, product, kind: str, problem) -> str | None:
        if problem:
            return f"the model refused it ({problem.code}: {problem.message})"
        self.report.mapped(product.is_a(), kind)
        self.done.add(product.id())
        return None

    def _skip(self, product, reason: str) -> None:
        if product.id() in self.done:
            return
        self.done.add(product.id())
        self.report.skip(product.is_a(), reason, id=getattr(product, "GlobalId", ""),
                         name=getattr(product, "Name", None) or "")

    def _properties(self, product) -> dict[str, dict[str, Any]]:
        return {"IFC": ifc_read.identity(product), **ifc_read.psets(product)}


# -- geometry helpers ------------------------------------------------------------------------


def _arrays(geometry) -> tuple[np.ndarray, np.ndarray]:
    vertices = np.asarray(geometry.verts, dtype=np.float64).reshape(-1, 3)
    faces = np.asarray(geometry.faces, dtype=np.int64).reshape(-1, 3)
    return vertices, faces


def _manifold(vertices: np.ndarray, faces: np.ndarray) -> manifold3d.Manifold:
    """A closed mesh as a manifold3d solid, turned outward first: the kernel gives an element
    whose representation is mirrored (a mapped item scaled by -1) inside out, and manifold3d
    takes such a mesh as a solid of negative volume, which a subtraction adds (case B2)."""
    if _volume(vertices, faces) < 0:
        faces = faces[:, ::-1]
    mesh = manifold3d.Mesh(vert_properties=np.ascontiguousarray(vertices, dtype=np.float32),
                           tri_verts=np.ascontiguousarray(faces, dtype=np.uint32))
    mesh.merge()
    solid = manifold3d.Manifold(mesh)
    if solid.status().name != "NoError":
        raise ValueError(f"not a closed solid ({solid.status().name})")
    return solid


def _volume(vertices: np.ndarray, faces: np.ndarray) -> float:
    if not len(faces):
        return 0.0
    centre = vertices.mean(axis=0)
    a, b, c = (vertices[faces[:, i]] - centre for i in range(3))
    return float(np.einsum("ij,ij->i", a, np.cross(b, c)).sum() / 6)


def _footprint(vertices: np.ndarray, faces: np.ndarray):
    """The plan outline of a mesh (the union of its triangles seen from above), or why not."""
    tris = vertices[faces][:, :, :2]
    e1, e2 = tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0]
    area = np.abs(e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0]) / 2
    tris = tris[area > 1e-9]
    if not len(tris):
        return "it has no extent in plan"
    union = shapely.union_all(shapely.polygons(tris))
    if union.geom_type != "Polygon":  # hairline slivers between triangles
        union = union.buffer(1e-6, join_style="mitre").buffer(-1e-6, join_style="mitre")
    if union.geom_type != "Polygon" or union.is_empty:
        return "its plan is several pieces"
    return shapely.simplify(union, 1e-5)


def _prism(vertices: np.ndarray, faces: np.ndarray):
    """(footprint, z0, z1) when the mesh is a vertical prism, else why not."""
    z = vertices[:, 2]
    z0, z1 = float(z.min()), float(z.max())
    if z1 - z0 < 0.001:
        return "it is flat"
    if not np.all((np.abs(z - z0) < 1e-4) | (np.abs(z - z1) < 1e-4)):
        return "it is not a vertical prism (sloped or stepped)"
    footprint = _footprint(vertices, faces)
    if isinstance(footprint, str):
        return footprint
    volume = abs(_volume(vertices, faces))
    if abs(volume - footprint.area * (z1 - z0)) > 0.01 * max(volume, 1e-9):
        return "its volume is not footprint x height"
    return footprint, z0, z1


def _column_profile(polygon) -> dict[str, Any] | None:
    centre = polygon.centroid
    rect = polygon.minimum_rotated_rectangle
    corners = np.asarray(rect.exterior.coords)[:4]
    if abs(rect.area - polygon.area) < 1e-3 * polygon.area:
        e1, e2 = corners[1] - corners[0], corners[2] - corners[1]
        return {"position": [centre.x, centre.y], "shape": "rect",
                "width": float(np.linalg.norm(e1)), "depth": float(np.linalg.norm(e2)),
                "rotation": math.degrees(math.atan2(e1[1], e1[0]))}
    ring = np.asarray(polygon.exterior.coords)
    radii = np.linalg.norm(ring - [centre.x, centre.y], axis=1)
    if len(ring) >= 12 and radii.max() - radii.min() < 0.02 * radii.max():
        return {"position": [centre.x, centre.y], "shape": "circle",
                "diameter": 2 * float(radii.max())}
    return None


def _ring(ring) -> list[list[float]]:
    coords = [list(map(float, p)) for p in ring.coords]
    return coords[:-1] if len(coords) > 1 and coords[0] == coords[-1] else coords


def _parts(product) -> list:
    parts = []
    for rel in getattr(product, "IsDecomposedBy", None) or ():
        parts += list(rel.RelatedObjects)
    return [p for p in parts if p.is_a("IfcProduct")]


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _person(person) -> str:
    parts = [getattr(person, a, None) for a in ("Identification", "GivenName", "FamilyName", "Id")]
    return " ".join(p for p in parts if isinstance(p, str) and p)
