"""PRYZM model -> IFC4 (or IFC2X3), written with ifcopenshell.api and checked with
ifcopenshell.validate (an export with schema errors fails instead of reaching the user).

    project / site / building        one each; SI units (metres)
    levels                           IfcBuildingStorey (Elevation, placement at it; the
                                     height as Qto_BuildingStoreyBaseQuantities.GrossHeight)
    walls                            IfcWall (IFC2X3: IfcWallStandardCase): Axis + swept-solid
                                     Body in the wall's frame, IfcMaterialLayerSetUsage with
                                     one layer, Pset_WallCommon
    doors / windows                  IfcOpeningElement voiding the wall (IfcRelVoidsElement),
                                     filled (IfcRelFillsElement) by IfcDoor / IfcWindow
                                     with their material; a door's leaf on the face it
                                     opens to (`flip`), a window's pane mid-wall
    slabs, columns                   IfcSlab (FLOOR), IfcColumn: extruded profiles, their
                                     material
    rooms                            IfcSpace (Name = number, LongName = name)
    references with faces            their source class when the schema has it as an element,
                                     else IfcBuildingElementProxy; a triangulated body
    properties                       one IfcPropertySet per set (the import bookkeeping set
                                     `IFC` is not written back)

GlobalIds are the element ids compressed (ifcopenshell.guid), so they are stable across
exports; levels and the project tree derive theirs from the level ids / a fixed namespace.
"""

from __future__ import annotations

import logging
import math
import tempfile
import uuid
from pathlib import Path
from typing import Any

import ifcopenshell
import ifcopenshell.api.aggregate
import ifcopenshell.api.context
import ifcopenshell.api.feature
import ifcopenshell.api.geometry
import ifcopenshell.api.material
import ifcopenshell.api.owner
import ifcopenshell.api.project
import ifcopenshell.api.pset
import ifcopenshell.api.root
import ifcopenshell.api.spatial
import ifcopenshell.api.unit
import ifcopenshell.guid
import ifcopenshell.util.shape_builder
import ifcopenshell.validate
import numpy as np

from pryzm import __version__
from pryzm.formats import file_stem
from pryzm.interop.errors import ExportFailed
from pryzm.interop.hookspecs import Exported
from pryzm.model import State
from pryzm.model.commands.reference import decode_arrays
from pryzm.model.state import Column, Opening, Reference, Room, Slab, Wall

_VERSION = __version__
_NAMESPACE = uuid.UUID("6f1c2a52-8d0b-4c5e-9a55-70727a7a6d00")
_REVEAL = 0.05  # metres an opening's box reaches past each wall face
_LEAF = 0.05  # thickness of a door leaf / window pane body


def export_ifc4(state: State, options: dict[str, Any]) -> Exported:
    return export_ifc(state, "IFC4", options)


def export_ifc2x3(state: State, options: dict[str, Any]) -> Exported:
    return export_ifc(state, "IFC2X3", options)


def guid(element_id: str) -> str:
    return ifcopenshell.guid.compress(uuid.UUID(element_id).hex)


def export_ifc(state: State, schema: str, options: dict[str, Any]) -> Exported:
    writer = _Writer(state, schema, options.get("project_name") or "PRYZM project")
    model = writer.write()
    _header(model, writer.name, str(options.get("author") or ""))
    errors = validate(model)
    if errors:
        raise ExportFailed("export_invalid", f"The IFC export failed validation: {errors[0]}",
                           {"errors": errors[:20]})
    with tempfile.TemporaryDirectory(prefix="pryzm-ifc-") as folder:
        path = Path(folder) / "model.ifc"
        model.write(str(path))
        data = path.read_bytes()
    return Exported(data, "application/x-step", "ifc",
                    {"schema": schema, "counts": dict(sorted(writer.counts.items())),
                     "skipped": writer.skipped, "validation_errors": 0})


def _fits_ifc(value: Any) -> bool:
    """IFC integers are 64-bit and its strings cannot hold NUL."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    if isinstance(value, str):
        return "\x00" not in value
    return True


def _header(model: ifcopenshell.file, project_name: str, author: str) -> None:
    """The STEP header says what the file is, who exported it and from what."""
    name = model.header.file_name
    name.name = f"{file_stem(project_name)}.ifc"
    name.author = (author,)
    name.organization = ("",)
    name.originating_system = f"PRYZM {_VERSION}"


def validate(model: ifcopenshell.file, express_rules: bool = False) -> list[str]:
    """ifcopenshell.validate's errors for `model` (empty when it is valid). Exports check the
    schema (types, cardinalities, inverses); the tests also check the EXPRESS where-rules."""
    errors: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                errors.append(record.getMessage()[:500])

    logger = logging.getLogger(f"pryzm.ifc.validate.{id(model)}")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    handler = _Collect()
    logger.addHandler(handler)
    # The rule executor flips two process-wide settings and puts them back only when it
    # returns; if it raises, every later use of ifcopenshell would read inverses wrongly.
    settings = ifcopenshell.settings
    flags = (settings.unpack_non_aggregate_inverses, settings.compare_instances_by_value)
    try:
        ifcopenshell.validate.validate(model, logger, express_rules=express_rules)
    finally:
        settings.unpack_non_aggregate_inverses, settings.compare_instances_by_value = flags
        logger.removeHandler(handler)
    return errors


class _Writer:
    def __init__(self, state: State, schema: str, name: str):
        self.state = state
        self.schema = schema
        self.name = name
        self.counts: dict[str, int] = {}
        self.skipped: list[dict[str, str]] = []

    def write(self) -> ifcopenshell.file:
        f = self.f = ifcopenshell.api.project.create_file(version=self.schema)
        person = f.create_entity("IfcPerson", FamilyName="PRYZM")
        organisation = f.create_entity("IfcOrganization", Name="PRYZM")
        f.create_entity("IfcPersonAndOrganization", ThePerson=person,
                        TheOrganization=organisation)  # IFC2X3's owner history needs them
        f.create_entity("IfcApplication", ApplicationDeveloper=organisation, Version=_VERSION,
                        ApplicationFullName="PRYZM", ApplicationIdentifier="PRYZM")
        project = self._entity("IfcProject", "project", self.name)
        units = [ifcopenshell.api.unit.add_si_unit(f, unit_type=kind) for kind in
                 ("LENGTHUNIT", "AREAUNIT", "VOLUMEUNIT")]
        ifcopenshell.api.unit.assign_unit(f, units=units)
        model = ifcopenshell.api.context.add_context(f, context_type="Model")
        self.body = ifcopenshell.api.context.add_context(
            f, context_type="Model", context_identifier="Body", target_view="MODEL_VIEW",
            parent=model)
        self.axis = ifcopenshell.api.context.add_context(
            f, context_type="Model", context_identifier="Axis", target_view="GRAPH_VIEW",
            parent=model)
        self.builder = ifcopenshell.util.shape_builder.ShapeBuilder(f)
        site = self._entity("IfcSite", "site", "Site")
        building = self._entity("IfcBuilding", "building", "Building")
        ifcopenshell.api.aggregate.assign_object(f, products=[site], relating_object=project)
        ifcopenshell.api.aggregate.assign_object(f, products=[building], relating_object=site)
        for product in (site, building):
            self._place(product, np.eye(4))
        self.storeys = {}
        for level in sorted(self.state.levels.values(), key=lambda lv: (lv.elevation, lv.id)):
            storey = self._entity("IfcBuildingStorey", level.id, level.name)
            storey.Elevation = level.elevation
            # IFC has no storey height attribute; the base quantity carries it to an import.
            qto = ifcopenshell.api.pset.add_qto(f, product=storey,
                                                name="Qto_BuildingStoreyBaseQuantities")
            ifcopenshell.api.pset.edit_qto(f, qto=qto, properties={"GrossHeight": level.height})
            self._place(storey, _frame((0.0, 0.0), (1.0, 0.0), level.elevation))
            ifcopenshell.api.aggregate.assign_object(f, products=[storey],
                                                     relating_object=building)
            self.storeys[level.id] = storey
        self.walls: dict[str, Any] = {}
        self.contained: dict[str, list] = {}
        elements = sorted(self.state.elements.values(), key=lambda e: (e.kind != "wall", e.id))
        for element in elements:
            write = getattr(self, f"_{element.kind}", None)
            if element.kind in ("door", "window"):
                write = self._opening
            if write is None:
                self.skipped.append({"id": element.id, "reason": f"no IFC for {element.kind}"})
                continue
            product = write(element)
            if product is None:
                continue
            self.counts[product.is_a()] = self.counts.get(product.is_a(), 0) + 1
            self._psets(product, element.properties, element.id)
        for level_id, products in self.contained.items():
            ifcopenshell.api.spatial.assign_container(f, products=products,
                                                      relating_structure=self.storeys[level_id])
        if self.schema == "IFC2X3":  # some api calls leave IFC2X3's owner history unset
            history = ifcopenshell.api.owner.create_owner_history(f)
            for root in f.by_type("IfcRoot"):
                if root.OwnerHistory is None:
                    root.OwnerHistory = history
        return f

    # -- helpers --------------------------------------------------------------------------

    def _entity(self, ifc_class: str, key: str, name: str | None,
                predefined: str | None = None):
        product = ifcopenshell.api.root.create_entity(self.f, ifc_class=ifc_class, name=name,
                                                      predefined_type=predefined)
        product.GlobalId = guid(key) if _is_uuid(key) else guid(str(uuid.uuid5(_NAMESPACE,
                                                                              key)))
        return product

    def _place(self, product, matrix: np.ndarray) -> None:
        ifcopenshell.api.geometry.edit_object_placement(self.f, product=product, matrix=matrix,
                                                        is_si=True)

    def _contain(self, product, level_id: str) -> None:
        self.contained.setdefault(level_id, []).append(product)  # assigned once per storey

    def _body(self, product, items, kind: str = "SweptSolid") -> None:
        rep = self.builder.get_representation(self.body, items if isinstance(items, list)
                                              else [items], representation_type=kind)
        ifcopenshell.api.geometry.assign_representation(self.f, product=product,
                                                        representation=rep)

    def _extrusion(self, outer, holes=(), z0: float = 0.0, height: float = 1.0):
        curve = self.builder.polyline([tuple(map(float, p)) for p in outer], closed=True)
        inner = [self.builder.polyline([tuple(map(float, p)) for p in h], closed=True)
                 for h in holes]
        profile = self.builder.profile(curve, inner_curves=inner)
        return self.builder.extrude(profile, magnitude=float(height), position=(0.0, 0.0,
                                                                               float(z0)))

    def _psets(self, product, properties: dict[str, dict[str, Any]],
               element_id: str = "") -> None:
        for set_name, values in sorted(properties.items()):
            if set_name == "IFC" or not values:
                continue
            writable = {}
            for name, value in values.items():
                if _fits_ifc(value):
                    writable[name] = value
                else:  # (an older log may hold what the model now refuses)
                    self.skipped.append({"id": element_id, "property": f"{set_name}.{name}",
                                         "reason": "the value does not fit an IFC property"})
            if writable:
                pset = ifcopenshell.api.pset.add_pset(self.f, product=product, name=set_name)
                ifcopenshell.api.pset.edit_pset(self.f, pset=pset, properties=writable)

    def _z(self, level_id: str, offset: float) -> float:
        return self.state.levels[level_id].elevation + offset

    # -- elements -------------------------------------------------------------------------

    def _wall(self, wall: Wall):
        ifc_class = "IfcWallStandardCase" if self.schema == "IFC2X3" else "IfcWall"
        product = self._entity(ifc_class, wall.id, wall.properties.get("IFC", {}).get("Name"),
                               predefined=None if self.schema == "IFC2X3" else "STANDARD")
        length = wall.length
        lo, hi = wall.faces
        self._place(product, _frame(wall.start, wall.direction,
                                    self._z(wall.level_id, wall.base_offset)))
        axis = ifcopenshell.api.geometry.add_axis_representation(
            self.f, context=self.axis, axis=((0.0, 0.0), (length, 0.0)))
        ifcopenshell.api.geometry.assign_representation(self.f, product=product,
                                                        representation=axis)
        self._body(product, self._extrusion([(0, lo), (length, lo), (length, hi), (0, hi)],
                                            height=wall.height))
        layer_set = ifcopenshell.api.material.add_material_set(
            self.f, name=f"{wall.material} {wall.thickness * 1000:.0f}",
            set_type="IfcMaterialLayerSet")
        material = self._material(wall.material)
        layer = ifcopenshell.api.material.add_layer(self.f, layer_set=layer_set,
                                                    material=material)
        ifcopenshell.api.material.edit_layer(self.f, layer=layer,
                                             attributes={"LayerThickness": wall.thickness})
        usage = ifcopenshell.api.material.assign_material(
            self.f, products=[product], type="IfcMaterialLayerSetUsage", material=layer_set)
        for item in usage if isinstance(usage, list) else [usage]:
            if item is not None and item.is_a("IfcMaterialLayerSetUsage"):
                item.OffsetFromReferenceLine = lo
                item.DirectionSense = "POSITIVE"
                item.LayerSetDirection = "AXIS2"
        if "Pset_WallCommon" not in wall.properties:
            pset = ifcopenshell.api.pset.add_pset(self.f, product=product,
                                                  name="Pset_WallCommon")
            ifcopenshell.api.pset.edit_pset(self.f, pset=pset,
                                            properties={"Reference": wall.material})
        self._contain(product, wall.level_id)
        self.walls[wall.id] = product
        return product

    def _material(self, name: str):
        cache = self.__dict__.setdefault("_materials", {})
        if name not in cache:
            cache[name] = ifcopenshell.api.material.add_material(self.f, name=name)
        return cache[name]

    def _assign_material(self, product, name: str) -> None:
        """A slab's, column's, door's or window's material, so that an import gives it back."""
        ifcopenshell.api.material.assign_material(self.f, products=[product],
                                                  material=self._material(name))

    def _opening(self, element: Opening):
        wall = self.state.elements[element.host_id]
        host = self.walls.get(wall.id)
        if host is None:
            self.skipped.append({"id": element.id, "reason": "its host was not exported"})
            return None
        lo, hi = wall.faces
        z0 = self._z(wall.level_id, wall.base_offset)
        frame = _frame(wall.start, wall.direction, z0)
        opening = self._entity("IfcOpeningElement", str(uuid.uuid5(_NAMESPACE, element.id)),
                               None)
        self._place(opening, frame)
        x0, x1 = element.offset, element.offset + element.width
        self._body(opening, self._extrusion(
            [(x0, lo - _REVEAL), (x1, lo - _REVEAL), (x1, hi + _REVEAL), (x0, hi + _REVEAL)],
            z0=element.sill_height, height=element.height))
        ifcopenshell.api.feature.add_feature(self.f, feature=opening, element=host)
        ifc_class = "IfcDoor" if element.kind == "door" else "IfcWindow"
        predefined = None if self.schema == "IFC2X3" else element.kind.upper()
        product = self._entity(ifc_class, element.id,
                               element.properties.get("IFC", {}).get("Name"),
                               predefined=predefined)
        self._place(product, frame)
        # A window's pane sits mid-wall; a door's leaf on the face it opens to (`flip`: the
        # wall's left face), where an import finds it again.
        if element.kind == "door":
            y0 = hi - _LEAF if element.flip else lo
        else:
            y0 = (lo + hi - _LEAF) / 2
        self._body(product, self._extrusion(
            [(x0, y0), (x1, y0), (x1, y0 + _LEAF), (x0, y0 + _LEAF)],
            z0=element.sill_height, height=element.height))
        self._assign_material(product, element.material)
        product.OverallWidth = element.width
        product.OverallHeight = element.height
        ifcopenshell.api.feature.add_filling(self.f, opening=opening, element=product)
        self._contain(product, element.level_id)
        return product

    def _slab(self, slab: Slab):
        product = self._entity("IfcSlab", slab.id, slab.properties.get("IFC", {}).get("Name"),
                               predefined="FLOOR")
        ox, oy = slab.boundary[0]
        top = self._z(slab.level_id, slab.offset)
        self._place(product, _frame((ox, oy), (1.0, 0.0), top - slab.thickness))
        shift = lambda ring: [(x - ox, y - oy) for x, y in ring]  # noqa: E731
        self._body(product, self._extrusion(shift(_ccw(slab.boundary)),
                                            [shift(_ccw(h, False)) for h in slab.holes],
                                            height=slab.thickness))
        self._assign_material(product, slab.material)
        self._contain(product, slab.level_id)
        return product

    def _column(self, column: Column):
        product = self._entity("IfcColumn", column.id,
                               column.properties.get("IFC", {}).get("Name"),
                               predefined=None if self.schema == "IFC2X3" else "COLUMN")
        angle = math.radians(column.rotation)
        self._place(product, _frame(column.position, (math.cos(angle), math.sin(angle)),
                                    self._z(column.level_id, column.base_offset)))
        if column.shape == "circle":
            profile = self.f.create_entity(
                "IfcCircleProfileDef", ProfileType="AREA", Radius=column.diameter / 2,
                Position=self.builder.create_axis2_placement_2d())
            item = self.builder.extrude(profile, magnitude=column.height)
        else:
            w, d = column.width / 2, column.depth / 2
            item = self._extrusion([(-w, -d), (w, -d), (w, d), (-w, d)], height=column.height)
        self._body(product, item)
        self._assign_material(product, column.material)
        self._contain(product, column.level_id)
        return product

    def _room(self, room: Room):
        name = room.number or room.name
        product = self._entity("IfcSpace", room.id, name)
        if room.number:
            product.LongName = room.name
        if self.schema == "IFC2X3":
            product.CompositionType = "ELEMENT"
            product.InteriorOrExteriorSpace = "INTERNAL"
        ox, oy = room.boundary[0]
        level = self.state.levels[room.level_id]
        self._place(product, _frame((ox, oy), (1.0, 0.0),
                                    level.elevation + room.base_offset))
        height = room.height if room.height is not None else level.height
        self._body(product, self._extrusion([(x - ox, y - oy) for x, y in _ccw(room.boundary)],
                                            height=height))
        ifcopenshell.api.aggregate.assign_object(self.f, products=[product],
                                                 relating_object=self.storeys[room.level_id])
        return product

    def _reference(self, element: Reference):
        if not element.faces:
            self.skipped.append({"id": element.id, "reason": "plan lines and texts (an "
                                 "underlay) have no IFC body"})
            return None
        ifc_class = element.source if _is_element_class(self.f, element.source) else \
            "IfcBuildingElementProxy"
        product = self._entity(ifc_class, element.id, element.name or None)
        self._place(product, _frame(element.origin[:2], (1.0, 0.0), element.origin[2]))
        vertices, faces, _ = decode_arrays(element.vertices, element.faces)
        if self.schema == "IFC2X3":
            item = self.builder.mesh([tuple(map(float, v)) for v in vertices],
                                     [list(map(int, t)) for t in faces])
            self._body(product, item, "Brep")
        else:
            points = self.f.createIfcCartesianPointList3D([tuple(map(float, v))
                                                           for v in vertices])
            item = self.f.createIfcTriangulatedFaceSet(
                points, None, None, [tuple(int(i) + 1 for i in t) for t in faces], None)
            self._body(product, item, "Tessellation")
        self._contain(product, element.level_id)
        return product


def _frame(origin, direction, z: float) -> np.ndarray:
    dx, dy = direction
    matrix = np.eye(4)
    matrix[:3, 0] = (dx, dy, 0.0)
    matrix[:3, 1] = (-dy, dx, 0.0)
    matrix[:3, 3] = (origin[0], origin[1], z)
    return matrix


def _ccw(ring, ccw: bool = True):
    points = np.asarray(ring, dtype=float)
    x, y = points[:, 0], points[:, 1]
    area = float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))
    return [tuple(p) for p in (points if (area > 0) == ccw else points[::-1])]


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
        return True
    except ValueError:
        return False


def _is_element_class(model: ifcopenshell.file, name: str) -> bool:
    if not name.startswith("Ifc") or name in ("IfcOpeningElement", "IfcSpace", "IfcSite"):
        return False
    try:
        declaration = ifcopenshell.ifcopenshell_wrapper.schema_by_name(
            model.schema).declaration_by_name(name)
    except (RuntimeError, Exception):
        return False
    node = declaration
    while node is not None:
        if node.name() == "IfcElement":
            return not declaration.is_abstract()
        node = node.supertype()
    return False
