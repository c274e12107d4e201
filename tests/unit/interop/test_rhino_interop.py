"""Rhino 3dm import (case B7)."""

from __future__ import annotations

import base64
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
import rhino3dm
from tests.unit.interop.conftest import RHINO_SAMPLES, SAMPLES, imported

from pryzm.geometry import mesh_element
from pryzm.interop import import_file
from pryzm.interop.rhino_import import MAX_DEPTH
from pryzm.model import State
from pryzm.model.commands.reference import decode_arrays


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


# Files built here with rhino3dm (the samples hold no blocks, SubDs or meshed Breps).

def _model(*layers: str) -> tuple[rhino3dm.File3dm, dict[str, int]]:
    model = rhino3dm.File3dm()
    model.Settings.ModelUnitSystem = rhino3dm.UnitSystem.Meters
    indices = {}
    for name in layers:
        layer = rhino3dm.Layer()
        layer.Name = name
        indices[name] = model.Layers.Add(layer)
    return model, indices


def _attributes(layer: int = 0, name: str = "") -> rhino3dm.ObjectAttributes:
    attributes = rhino3dm.ObjectAttributes()
    attributes.LayerIndex = layer
    attributes.Name = name
    return attributes


def _import(model: rhino3dm.File3dm, path: Path):
    assert model.Write(str(path), 8)
    return import_file(path, "3dm", State(), seed="unit")


def _references(result) -> list:
    return [e for e in result.state.elements.values() if e.kind == "reference"]


def _points(element) -> np.ndarray:
    """The element's vertices in model coordinates, in the order they were stored."""
    local, _, _ = decode_arrays(element.vertices, element.faces)
    return local + np.asarray(element.origin)


def _close(actual: np.ndarray, expected: np.ndarray) -> bool:
    """Equal within 1e-6 of the coordinates' size (the model stores float32 offsets)."""
    scale = max(1.0, float(np.abs(expected).max()))
    return actual.shape == expected.shape and np.allclose(actual, expected, rtol=0,
                                                           atol=1e-6 * scale)


_CHAIR = np.array([[0, 0, 0], [0.6, 0, 0], [0.6, 0.4, 0], [0, 0.4, 0], [0.1, 0.2, 0.9]])


def _chair_mesh() -> rhino3dm.Mesh:
    """An asymmetric pyramid, so a wrong rotation, mirror or scale shows."""
    mesh = rhino3dm.Mesh()
    for point in _CHAIR:
        mesh.Vertices.Add(*point)
    mesh.Faces.AddFace(0, 3, 2, 1)
    for a, b in ((0, 1), (1, 2), (2, 3), (3, 0)):
        mesh.Faces.AddFace(a, b, 4)
    return mesh


def _affine(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    return points @ matrix[:3, :3].T + matrix[:3, 3]


def _translation(x: float, y: float, z: float) -> np.ndarray:
    matrix = np.eye(4)
    matrix[:3, 3] = (x, y, z)
    return matrix


_QUARTER_TURN = np.array([[0.0, -1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
_STRETCH = np.diag([2.0, 3.0, 0.5, 1.0])


def _xform(matrix: np.ndarray) -> rhino3dm.Transform:
    """The rhino3dm transform of a 4x4 matrix built only from translations, quarter turns
    about z and axis scalings (so the test's matrices are not read back through rhino3dm)."""
    transform = rhino3dm.Transform.Identity()
    for i in range(4):
        for j in range(4):
            setattr(transform, f"M{i}{j}", float(matrix[i, j]))
    return transform


def test_b7_block_instances_are_expanded_with_their_full_transforms(tmp_path):
    model, layers = _model("Furniture", "Parts")
    index = model.InstanceDefinitions.Add(
        "Chair", "", "", "", rhino3dm.Point3d(0, 0, 0),
        (_chair_mesh(), rhino3dm.LineCurve(rhino3dm.Point3d(0, 0, 0), rhino3dm.Point3d(1, 0, 0))),
        (_attributes(layers["Parts"], "seat"), _attributes(layers["Parts"], "outline")))
    chair = model.InstanceDefinitions.FindIndex(index).Id
    moved = _translation(10, 20, 30)
    turned = _translation(-5, 7, 1) @ _QUARTER_TURN @ _STRETCH
    for matrix, name in ((moved, "chair A"), (turned, "chair B")):
        model.Objects.AddInstanceObject(rhino3dm.InstanceReference(chair, _xform(matrix)),
                                        _attributes(layers["Furniture"], name))
    result = _import(model, tmp_path / "blocks.3dm")

    refs = _references(result)
    assert len(refs) == 2
    for matrix in (moved, turned):
        expected = _affine(matrix, _CHAIR)
        (ref,) = [r for r in refs if _close(_points(r), expected)]
        assert ref.name == "seat"
        assert ref.properties["Rhino"] == {"Layer": "Parts", "Type": "Mesh", "Name": "seat",
                                           "Block": "Chair", "BlockLayer": "Furniture"}
    counts = result.report["counts"]
    assert counts["InstanceReference"]["reference"] == 2
    assert counts["block/Mesh"]["reference"] == 2
    assert result.report["reference"] == len(refs) == 2  # elements, not instances as well
    assert counts["block/LineCurve"]["skipped"] == 2  # the curve in the block, per instance
    curves = [row for row in result.report["skipped"] if row["source"] == "block/LineCurve"]
    assert len(curves) == 2 and all(row["name"] == "outline" and "curve" in row["reason"]
                                    for row in curves)


def _signed_volume(element) -> float:
    local, faces, _ = decode_arrays(element.vertices, element.faces)
    a, b, c = (local[faces[:, k]] for k in range(3))
    return float(np.einsum("ij,ij->i", a, np.cross(b, c)).sum() / 6)


def test_b7_a_mirrored_block_instance_keeps_its_faces_facing_out(tmp_path):
    model, _ = _model()
    chair = model.InstanceDefinitions.FindIndex(model.InstanceDefinitions.Add(
        "Chair", "", "", "", rhino3dm.Point3d(0, 0, 0), (_chair_mesh(),),
        (_attributes(),))).Id
    mirrored = _translation(4, 0, 0) @ np.diag([-1.0, 1.0, 1.0, 1.0])
    for matrix in (np.eye(4), mirrored):
        model.Objects.AddInstanceObject(rhino3dm.InstanceReference(chair, _xform(matrix)),
                                        _attributes())
    result = _import(model, tmp_path / "mirrored.3dm")

    refs = _references(result)
    (mirror,) = [r for r in refs if _close(_points(r), _affine(mirrored, _CHAIR))]
    (plain,) = [r for r in refs if r is not mirror]
    volume = 0.6 * 0.4 * 0.9 / 3  # the pyramid's faces point outwards: a positive volume
    assert _signed_volume(plain) == pytest.approx(volume)
    assert _signed_volume(mirror) == pytest.approx(volume)


def test_b7_nested_blocks_compose_their_transforms(tmp_path):
    model, layers = _model("Furniture")
    chair = model.InstanceDefinitions.FindIndex(model.InstanceDefinitions.Add(
        "Chair", "", "", "", rhino3dm.Point3d(0, 0, 0), (_chair_mesh(),),
        (_attributes(),))).Id
    in_table = [_translation(1, 0, 0) @ _QUARTER_TURN, _translation(0, 2, 0) @ _STRETCH]
    table = model.InstanceDefinitions.FindIndex(model.InstanceDefinitions.Add(
        "Table", "", "", "", rhino3dm.Point3d(0, 0, 0),
        tuple(rhino3dm.InstanceReference(chair, _xform(m)) for m in in_table),
        (_attributes(), _attributes()))).Id
    placed = _translation(100, -50, 3) @ _QUARTER_TURN @ _QUARTER_TURN
    model.Objects.AddInstanceObject(rhino3dm.InstanceReference(table, _xform(placed)),
                                    _attributes(layers["Furniture"], "dining"))
    result = _import(model, tmp_path / "nested.3dm")

    refs = _references(result)
    assert len(refs) == 2
    for inner in in_table:  # the table's transform applies after the chair's
        expected = _affine(placed @ inner, _CHAIR)
        (ref,) = [r for r in refs if _close(_points(r), expected)]
        assert ref.name == "dining"  # a nameless part is named by the instance
        assert ref.properties["Rhino"]["Block"] == "Table / Chair"
        assert ref.properties["Rhino"]["BlockLayer"] == "Furniture"
    assert result.report["counts"]["block/InstanceReference"]["reference"] == 2


@pytest.mark.parametrize("levels", [MAX_DEPTH, MAX_DEPTH + 1])
def test_b7_blocks_expand_to_the_depth_limit_and_list_what_is_deeper(tmp_path, levels):
    model, _ = _model()
    inner = model.InstanceDefinitions.FindIndex(model.InstanceDefinitions.Add(
        "level 1", "", "", "", rhino3dm.Point3d(0, 0, 0), (_chair_mesh(),),
        (_attributes(),))).Id
    for level in range(2, levels + 1):  # each block holds the previous one, moved 1 m in x
        inner = model.InstanceDefinitions.FindIndex(model.InstanceDefinitions.Add(
            f"level {level}", "", "", "", rhino3dm.Point3d(0, 0, 0),
            (rhino3dm.InstanceReference(inner, rhino3dm.Transform.Translation(1, 0, 0)),),
            (_attributes(),))).Id
    model.Objects.AddInstanceObject(
        rhino3dm.InstanceReference(inner, rhino3dm.Transform.Identity()), _attributes())
    result = _import(model, tmp_path / "deep.3dm")

    refs = _references(result)
    if levels <= MAX_DEPTH:
        (ref,) = refs
        assert _close(_points(ref), _CHAIR + (levels - 1, 0, 0))
        assert not result.report["skipped"]
    else:
        assert not refs
        reasons = [row["reason"] for row in result.report["skipped"]]
        assert f"blocks nested more than {MAX_DEPTH} deep" in reasons


def test_b7_a_block_that_contains_itself_is_listed_not_expanded(tmp_path):
    # rhino3dm adds a definition under a new id, so the cycle is made by giving the objects
    # of a definition built elsewhere (with its id) a block reference to that definition.
    scratch = rhino3dm.File3dm()
    definition = scratch.InstanceDefinitions.FindIndex(scratch.InstanceDefinitions.Add(
        "Loop", "", "", "", rhino3dm.Point3d(0, 0, 0), (_chair_mesh(), _chair_mesh()),
        (_attributes(), _attributes())))
    mesh_id, loop_id = definition.GetObjectIds()
    model, _ = _model()
    model.InstanceDefinitions.AddInstanceDefinition(definition)
    for object_id, geometry in (
            (mesh_id, _chair_mesh()),
            (loop_id, rhino3dm.InstanceReference(definition.Id,
                                                 rhino3dm.Transform.Translation(5, 0, 0)))):
        attributes = _attributes()
        attributes.Id = object_id
        attributes.Mode = rhino3dm.ObjectMode.InstanceDefinitionObject
        model.Objects.Add(geometry, attributes)
    model.Objects.AddInstanceObject(
        rhino3dm.InstanceReference(definition.Id, rhino3dm.Transform.Identity()), _attributes())
    result = _import(model, tmp_path / "loop.3dm")

    (ref,) = _references(result)
    assert _close(_points(ref), _CHAIR)
    (row,) = result.report["skipped"]
    assert row["source"] == "block/InstanceReference"
    assert row["reason"] == "block 'Loop' contains itself"


def _subd_cube(size: float) -> rhino3dm.SubD:
    """A SubD whose control net is the cube [-size, size]^3. rhino3dm cannot build a SubD, so
    the net is written in openNURBS' SubD archive layout (3dm version 6) and decoded."""
    points = [(x * size, y * size, z * size) for z in (-1, 1) for y in (-1, 1)
              for x in (-1, 1)]
    quads = [(0, 2, 3, 1), (4, 5, 7, 6), (0, 1, 5, 4), (1, 3, 7, 5), (3, 2, 6, 7), (2, 0, 4, 6)]
    edges: dict[tuple[int, int], int] = {}
    edge_faces: list[list[tuple[int, int]]] = []
    face_edges = []
    for f, quad in enumerate(quads):
        ring = []
        for a, b in zip(quad, quad[1:] + quad[:1], strict=True):
            key = (min(a, b), max(a, b))
            if key not in edges:
                edges[key] = len(edges)
                edge_faces.append([])
            edge_faces[edges[key]].append((f, int(a > b)))
            ring.append((edges[key], int(a > b)))
        face_edges.append(ring)
    nv, ne, nf = len(points), len(edges), len(quads)

    def ids(pairs):  # a component list: count, then (archive id, direction flag) pairs
        return struct.pack("<H", len(pairs)) + b"".join(struct.pack("<IB", *p) for p in pairs)

    def head(archive_id, component_id):  # archive id, id, level 0, no saved points
        return struct.pack("<IIHBB", archive_id, component_id, 0, 0, 0)

    body = b""
    for v, point in enumerate(points):
        around = [(1 + nv + e, int(key[1] == v)) for key, e in edges.items() if v in key]
        faces = [(1 + nv + ne + f, 0) for f, quad in enumerate(quads) if v in quad]
        body += (head(1 + v, 1 + v) + struct.pack("<B3dHHB", 1, *point, len(around),
                                                  len(faces), 0)
                 + ids(around) + ids(faces) + b"\0")  # tag smooth
    for (a, b), e in edges.items():
        body += (head(1 + nv + e, 1 + e) + struct.pack("<BH3d", 1, 2, 0.0, 0.0, 0.0)
                 + ids([(1 + a, 0), (1 + b, 0)])
                 + ids([(1 + nv + ne + f, d) for f, d in edge_faces[e]]) + b"\0")
    for f, ring in enumerate(face_edges):
        body += (head(1 + nv + ne + f, 1 + f) + struct.pack("<IIH", 0, 0, 4)
                 + ids([(1 + nv + e, d) for e, d in ring]) + b"\0")

    def chunk(code, data, crc=True):
        data += struct.pack("<I", zlib.crc32(data)) if crc else b""
        return struct.pack("<Iq", code, len(data)) + data

    def anonymous(minor, data):
        return chunk(0x40008000, struct.pack("<ii", 1, minor) + data)

    level = (struct.pack("<HBBB6d4I", 0, 4, 4, 4, -size, -size, -size, size, size, size,
                         1, 1 + nv, 1 + nv + ne, 1 + nv + ne + nf) + body + b"\0")
    subd = b"\1" + anonymous(0, struct.pack("<4I6d", 1, nv, ne, nf, 1, 0, 0, -1, 0, 0)
                             + anonymous(1, level))
    class_id = bytes.fromhex("d9a49bf05b45c342ba3be6ccacef853b")  # ON_SubD
    data = chunk(0x00027FFA, chunk(0x0002FFFB, class_id) + chunk(0x0002FFFC, subd)
                 + chunk(0x80027FFF, b"", crc=False), crc=False)
    decoded = rhino3dm.CommonObject.Decode({"version": 10000, "archive3dm": 60,
                                            "opennurbs": -1869833980,
                                            "data": base64.b64encode(data).decode()})
    assert isinstance(decoded, rhino3dm.SubD) and decoded.IsValid and decoded.FaceCount == 6
    return decoded


def test_b7_a_subd_imports_as_its_smooth_limit_surface_and_an_empty_one_is_listed(tmp_path):
    model, layers = _model("Sculpture")
    model.Objects.Add(_subd_cube(2.0), _attributes(layers["Sculpture"], "blob"))
    model.Objects.Add(rhino3dm.SubD(), _attributes(layers["Sculpture"], "nothing"))
    result = _import(model, tmp_path / "subd.3dm")

    (ref,) = _references(result)
    assert ref.name == "blob"
    assert ref.properties["Rhino"] == {"Layer": "Sculpture", "Type": "SubD", "Name": "blob"}
    points = _points(ref)
    # Catmull-Clark rounds the cube's cage: a cage corner (2, 2, 2) has its limit point at
    # (1, 1, 1), and the whole surface lies between the spheres through the limit points of
    # the face centres (68/81 of the half size) and of the corners (sqrt(3)/2 of it).
    assert any(np.allclose(p, (1, 1, 1), atol=1e-6) for p in points)
    radii = np.linalg.norm(points, axis=1)
    assert radii.min() >= 2 * 68 / 81 - 1e-6 and radii.max() <= 3 ** 0.5 + 1e-6
    solid = mesh_element(result.state, ref.id)
    assert len(solid.faces) >= 6 * 16 * 2  # subdivided, not the 12 triangles of the cage
    volume = solid.quantities["volume"]
    assert 4 / 3 * np.pi * (2 * 68 / 81) ** 3 < volume < 4 / 3 * np.pi * 3 ** 1.5
    (row,) = result.report["skipped"]
    assert row["source"] == "SubD" and row["name"] == "nothing"
    assert row["reason"] == "an empty SubD (no faces)"
    assert result.report["counts"]["SubD"] == {"total": 2, "native": 0, "reference": 1,
                                               "skipped": 1}


# BrepFace.SetMesh hands the mesh to the Brep while Python still owns it, so the process
# that builds such a file crashes when it frees them: it is built in a child process that
# leaves without freeing anything.
_MESHED_BREPS = """
import os, sys
import rhino3dm

def box(meshed):
    brep = rhino3dm.Brep.CreateFromBox(rhino3dm.Box(rhino3dm.BoundingBox(0, 0, 0, 2, 3, 4)))
    for index in range(len(brep.Faces)) if meshed else ():
        face = brep.Faces[index]
        bounds = face.GetBoundingBox()
        low = [bounds.Min.X, bounds.Min.Y, bounds.Min.Z]
        high = [bounds.Max.X, bounds.Max.Y, bounds.Max.Z]
        flat = [k for k in range(3) if high[k] - low[k] < 1e-9][0]
        a, b = (flat + 1) % 3, (flat + 2) % 3
        mesh = rhino3dm.Mesh()
        for u, v in ((low[a], low[b]), (high[a], low[b]), (high[a], high[b]), (low[a], high[b])):
            point = [0.0, 0.0, 0.0]
            point[flat], point[a], point[b] = low[flat], u, v
            mesh.Vertices.Add(*point)
        mesh.Faces.AddFace(0, 1, 2, 3)
        face.SetMesh(mesh, rhino3dm.MeshType.Render)
        KEEP.append(mesh)
    return brep

KEEP = []
model = rhino3dm.File3dm()
model.Settings.ModelUnitSystem = rhino3dm.UnitSystem.Meters
layer = rhino3dm.Layer()
layer.Name = "Massing"
model.Layers.Add(layer)
for meshed, name in ((True, "meshed box"), (False, "bare box")):
    attributes = rhino3dm.ObjectAttributes()
    attributes.Name = name
    model.Objects.Add(box(meshed), attributes)
ok = model.Write(sys.argv[1], 8)
sys.stdout.flush()
os._exit(0 if ok else 1)
"""


def test_b7_a_brep_with_render_meshes_imports_and_one_without_is_listed(tmp_path):
    path = tmp_path / "breps.3dm"
    subprocess.run([sys.executable, "-c", _MESHED_BREPS, str(path)], check=True)
    result = import_file(path, "3dm", State(), seed="unit")

    (ref,) = _references(result)
    assert ref.name == "meshed box"
    assert ref.properties["Rhino"] == {"Layer": "Massing", "Type": "Brep", "Name": "meshed box"}
    points = _points(ref)
    assert _close(points.min(axis=0), np.zeros(3)) and _close(points.max(axis=0),
                                                               np.array([2.0, 3.0, 4.0]))
    solid = mesh_element(result.state, ref.id)
    assert solid.quantities["volume"] == pytest.approx(24.0)
    (row,) = result.report["skipped"]
    assert row["source"] == "Brep" and row["name"] == "bare box"
    assert "render meshes" in row["reason"]
    assert result.report["counts"]["Brep"] == {"total": 2, "native": 0, "reference": 1,
                                               "skipped": 1}
