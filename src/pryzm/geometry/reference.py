"""Reference meshes: imported geometry drawn as it came.

Faces are used as they are (an imported mesh need not be closed); plan lines (`edges`) become
flat ribbons `LINE_WIDTH` wide, and each text a flat box the size of its line, so an underlay
shows in plan and in 3D without a line renderer. Vertices stay float64 in model coordinates
(`origin` + the stored float32 offsets).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from pryzm.geometry import solids
from pryzm.model.commands.reference import decode_arrays
from pryzm.model.state import Level, Reference

LINE_WIDTH = 0.02  # metres: a plan line's ribbon
_TEXT_ASPECT = 0.6  # a character is about 0.6 of the text height wide


def reference_spec(element: Reference, level: Level) -> dict[str, Any]:
    return {
        "type": "reference", "id": element.id, "level_id": element.level_id,
        "material": element.material, "origin": list(element.origin),
        "vertices": element.vertices, "faces": element.faces, "edges": element.edges,
        "texts": [[t["text"], list(t["position"]), t["height"], t["rotation"]]
                  for t in element.texts],
    }


def reference_mesh(spec: dict[str, Any]) -> tuple[solids.Mesh, dict[str, float], list[str]]:
    local, faces, edges = decode_arrays(spec["vertices"], spec["faces"], spec["edges"])
    origin = np.asarray(spec["origin"], dtype=np.float64)
    parts = [(local + origin, faces)] if len(faces) else []
    if len(edges):
        parts.append(_ribbons(local + origin, edges))
    for text, position, height, rotation in spec["texts"]:
        parts.append(_text_box(text, position, height, rotation, origin[2]))
    if not parts:  # the command refuses this; an old log must still bake
        marker, tris = solids.box(-0.05, 0.05, -0.05, 0.05, -0.05, 0.05)
        parts.append((marker + origin, tris))
        warnings = ["reference_empty: the reference has no geometry; a marker stands in"]
    else:
        warnings = []
    vertices, tris = solids.merge(*parts)
    quantities = {"triangles": float(len(tris)), "area": _area(vertices, tris)}
    if len(faces):
        quantities["volume"] = abs(_volume(local, faces))
    return (vertices, tris), quantities, warnings


def _ribbons(points: np.ndarray, edges: np.ndarray) -> solids.Mesh:
    a, b = points[edges[:, 0]], points[edges[:, 1]]
    d = b[:, :2] - a[:, :2]
    length = np.linalg.norm(d, axis=1)
    length[length == 0] = 1.0
    n = np.column_stack([-d[:, 1] / length, d[:, 0] / length, np.zeros(len(d))]) * (
        LINE_WIDTH / 2)
    quad = np.stack([a - n, b - n, b + n, a + n], axis=1).reshape(-1, 3)
    base = np.arange(len(edges))[:, None] * 4
    up = np.array([[0, 1, 2], [0, 2, 3]])
    down = up[:, ::-1]
    faces = (base[:, None, :] + np.concatenate([up, down])[None]).reshape(-1, 3)
    return quad, faces.astype(np.int32)


def _text_box(text: str, position, height: float, rotation: float, z: float) -> solids.Mesh:
    width = max(1, len(text)) * height * _TEXT_ASPECT
    c, s = math.cos(math.radians(rotation)), math.sin(math.radians(rotation))
    corners = [(0, 0), (width, 0), (width, height), (0, height)]
    points = np.array([[position[0] + x * c - y * s, position[1] + x * s + y * c, z]
                       for x, y in corners])
    faces = np.array([[0, 1, 2], [0, 2, 3], [2, 1, 0], [3, 2, 0]], dtype=np.int32)
    return points, faces


def _area(vertices: np.ndarray, faces: np.ndarray) -> float:
    if not len(faces):
        return 0.0
    a, b, c = vertices[faces[:, 0]], vertices[faces[:, 1]], vertices[faces[:, 2]]
    return float(np.linalg.norm(np.cross(b - a, c - a), axis=1).sum() / 2)


def _volume(vertices: np.ndarray, faces: np.ndarray) -> float:
    a, b, c = vertices[faces[:, 0]], vertices[faces[:, 1]], vertices[faces[:, 2]]
    return float(np.einsum("ij,ij->i", a, np.cross(b, c)).sum() / 6)
