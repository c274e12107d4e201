"""Reading IFC safely and reading its pieces: open (and .ifczip), units, placements,
profiles, materials, property sets, containment.

Every way a file can be bad ends in `ImportFailed` with a code the user can act on.
"""

from __future__ import annotations

import contextlib
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import ifcopenshell
import ifcopenshell.util.element as ifc_element
import ifcopenshell.util.placement as ifc_placement
import ifcopenshell.util.unit as ifc_unit
import numpy as np

from pryzm.interop.errors import ImportFailed

MAX_ENTITIES = 20_000_000
MAX_PRODUCTS = 500_000
MAX_UNZIPPED = 4 * 1024**3  # bytes an .ifczip may expand to
MAX_ZIP_RATIO = 200  # IFC text compresses 10-20x; a bomb compresses 1000x


def open_ifc(path: Path) -> ifcopenshell.file:
    head = path.read_bytes()[:4096] if path.stat().st_size else b""
    if not head.strip():
        raise ImportFailed("empty_file", "The file is empty.")
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"ISO-10303-21"):
        raise ImportFailed("wrong_content", "This is not an IFC file: it does not start with "
                           "ISO-10303-21 (the STEP header).")
    with path.open("rb") as stream:
        stream.seek(max(0, path.stat().st_size - 4096))
        tail = stream.read()
    if b"END-ISO-10303-21" not in tail:
        raise ImportFailed("truncated", "The IFC file is truncated: it does not end with "
                           "END-ISO-10303-21 (an interrupted upload or export?).")
    try:
        model = ifcopenshell.open(str(path))
    except Exception as exc:  # ifcopenshell raises plain Exceptions and its own types
        raise ImportFailed("unreadable", f"The IFC file could not be parsed: {exc}") from exc
    try:
        count = len(model.entity_names())
    except Exception:  # older bindings: count the slow way
        count = sum(1 for _ in model)
    if count == 0:
        raise ImportFailed("unreadable", "The IFC file holds no entities (empty or "
                           "truncated DATA section).")
    if count > MAX_ENTITIES:
        raise ImportFailed("too_many_entities", f"The file holds {count:,} entities; the "
                           f"limit is {MAX_ENTITIES:,}.", {"count": count})
    products = len(model.by_type("IfcProduct"))
    if products > MAX_PRODUCTS:
        raise ImportFailed("too_many_entities", f"The file holds {products:,} products; the "
                           f"limit is {MAX_PRODUCTS:,}.", {"count": products})
    return model


@contextlib.contextmanager
def unzipped_ifc(path: Path):
    """The .ifc inside an .ifczip, extracted to a temporary file with a hard size cap."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFailed("unreadable", f"The .ifczip is not a valid zip archive: {exc}") \
            from exc
    with archive:
        members = [m for m in archive.infolist() if m.filename.lower().endswith(".ifc")
                   and not m.is_dir()]
        if not members:
            raise ImportFailed("wrong_content", "The .ifczip holds no .ifc file.")
        member = max(members, key=lambda m: m.file_size)
        if member.file_size > MAX_UNZIPPED or (
                member.compress_size and member.file_size / member.compress_size > MAX_ZIP_RATIO
                and member.file_size > 64 * 1024 * 1024):
            raise ImportFailed("zip_bomb", f"{member.filename} would expand to "
                               f"{member.file_size:,} bytes from {member.compress_size:,}; "
                               "refused as a zip bomb.", {"size": member.file_size})
        cap = min(MAX_UNZIPPED, max(member.compress_size, 1) * MAX_ZIP_RATIO + 64 * 1024**2)
        with tempfile.TemporaryDirectory(prefix="pryzm-ifczip-") as folder:
            target = Path(folder) / "model.ifc"
            written = 0
            try:
                with archive.open(member) as src, target.open("wb") as out:
                    while chunk := src.read(1024 * 1024):
                        written += len(chunk)
                        if written > cap:
                            raise ImportFailed("zip_bomb", f"{member.filename} expands past "
                                               f"{cap:,} bytes; refused as a zip bomb.")
                        out.write(chunk)
            except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as exc:
                raise ImportFailed("unreadable", f"The .ifczip is damaged: {exc}") from exc
            yield target


def unit_scale(model: ifcopenshell.file) -> float:
    try:
        return float(ifc_unit.calculate_unit_scale(model))
    except Exception:
        return 1.0


def placement(product) -> np.ndarray:
    """The product's 4x4 placement in file units (identity when it has none)."""
    if getattr(product, "ObjectPlacement", None) is None:
        return np.eye(4)
    return np.asarray(ifc_placement.get_local_placement(product.ObjectPlacement), dtype=float)


def axis2(position) -> np.ndarray:
    if position is None:
        return np.eye(4)
    return np.asarray(ifc_placement.get_axis2placement(position), dtype=float)


def profile_points(profile) -> np.ndarray | None:
    """The outline of a straight-edged profile in its own 2D frame (Position applied), or
    None for curves and other kinds."""
    kind = profile.is_a()
    if kind == "IfcRectangleProfileDef":
        x, y = profile.XDim / 2, profile.YDim / 2
        points = np.array([[-x, -y], [x, -y], [x, y], [-x, y]], dtype=float)
    elif kind == "IfcArbitraryClosedProfileDef":
        points = curve_points(profile.OuterCurve)
        if points is None:
            return None
    else:
        return None
    position = getattr(profile, "Position", None)
    if position is not None:
        matrix = np.asarray(ifc_placement.get_axis2placement(position), dtype=float)
        points = points @ matrix[:2, :2].T + matrix[:2, 3]
    return points


def curve_points(curve) -> np.ndarray | None:
    kind = curve.is_a()
    if kind == "IfcPolyline":
        points = np.array([p.Coordinates[:2] for p in curve.Points], dtype=float)
    elif kind == "IfcIndexedPolyCurve":
        if curve.Segments and any(s.is_a() != "IfcLineIndex" for s in curve.Segments):
            return None
        points = np.array([c[:2] for c in curve.Points.CoordList], dtype=float)
    else:
        return None
    if len(points) > 1 and np.allclose(points[0], points[-1]):
        points = points[:-1]
    return points


def material_name(product) -> str:
    try:
        material = ifc_element.get_material(product)
    except Exception:
        return ""
    if material is None:
        return ""
    kind = material.is_a()
    if kind == "IfcMaterialLayerSetUsage":
        material = material.ForLayerSet
        kind = material.is_a()
    if kind == "IfcMaterialLayerSet" and material.MaterialLayers:
        layer = material.MaterialLayers[0].Material
        return (layer.Name or "") if layer else ""
    if kind == "IfcMaterialList" and material.Materials:
        return material.Materials[0].Name or ""
    if kind == "IfcMaterialConstituentSet" and material.MaterialConstituents:
        inner = material.MaterialConstituents[0].Material
        return (inner.Name or "") if inner else ""
    return getattr(material, "Name", "") or ""


def psets(product) -> dict[str, dict[str, Any]]:
    try:
        return ifc_element.get_psets(product, psets_only=True)
    except Exception:
        return {}


def identity(product) -> dict[str, Any]:
    out = {"Class": product.is_a(), "GlobalId": product.GlobalId}
    for attribute in ("Name", "ObjectType", "Tag", "LongName"):
        value = getattr(product, attribute, None)
        if isinstance(value, str) and value:
            out[attribute] = value
    return out


def storey_of(product):
    """The storey that contains (or aggregates) the product, walking up the tree."""
    seen = 0
    node = product
    while node is not None and seen < 32:
        if node.is_a("IfcBuildingStorey"):
            return node
        container = ifc_element.get_container(node)
        if container is not None:
            node = container
        else:
            node = ifc_element.get_aggregate(node) or _filled_host(node) or \
                _nested_parent(node)
        seen += 1
    return None


def _filled_host(product):
    fills = getattr(product, "FillsVoids", None)
    if fills:
        opening = fills[0].RelatingOpeningElement
        voids = getattr(opening, "VoidsElements", None)
        if voids:
            return voids[0].RelatingBuildingElement
    return None


def _nested_parent(product):
    nests = getattr(product, "Nests", None)
    return nests[0].RelatingObject if nests else None
