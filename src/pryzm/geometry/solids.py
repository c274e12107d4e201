"""Closed, consistently oriented triangle meshes: prisms (polygons with holes, triangulated
with mapbox-earcut, extruded), boxes, placement in a wall's frame, and manifold3d booleans.

A mesh is `(vertices (n, 3) float64, faces (m, 3) int32)`, counter-clockwise seen from
outside, vertices shared between adjacent faces (so edge-based closedness checks hold).
"""

from __future__ import annotations

from collections.abc import Sequence

import manifold3d
import mapbox_earcut
import numpy as np

Mesh = tuple[np.ndarray, np.ndarray]


def signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def prism(outer: Sequence, holes: Sequence[Sequence] = (), z0: float = 0.0,
          z1: float = 1.0) -> Mesh:
    """The polygon `outer` (minus `holes`) extruded from z0 to z1 (z1 > z0)."""
    rings = [_oriented(outer, ccw=True)] + [_oriented(h, ccw=False) for h in holes]
    points = np.vstack(rings)
    ref = points[0].copy()  # triangulate near zero: georeferenced rings keep their precision
    ends = np.cumsum([len(r) for r in rings]).astype(np.uint32)
    tris = mapbox_earcut.triangulate_float64(points - ref, ends).reshape(-1, 3)
    tris = _counter_clockwise(points, tris.astype(np.int64))
    sizes = [len(r) for r in rings]
    tris = _close_gaps(tris, sizes)
    count = len(points)
    vertices = np.vstack([np.column_stack([points, np.full(count, float(z0))]),
                          np.column_stack([points, np.full(count, float(z1))])])
    sides = []
    start = 0
    for ring in rings:
        i = np.arange(start, start + len(ring))
        j = np.roll(i, -1)
        sides.append(np.column_stack([i, j, j + count]))
        sides.append(np.column_stack([i, j + count, i + count]))
        start += len(ring)
    faces = np.vstack([tris[:, ::-1], tris + count, *sides])
    return vertices, faces.astype(np.int32)


def box(x0: float, x1: float, y0: float, y1: float, z0: float, z1: float) -> Mesh:
    return prism([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], (), z0, z1)


def merge(*meshes: Mesh) -> Mesh:
    """Several closed meshes as one (disjoint components)."""
    vertices, faces, offset = [], [], 0
    for v, f in meshes:
        vertices.append(v)
        faces.append(f + offset)
        offset += len(v)
    return np.vstack(vertices), np.vstack(faces).astype(np.int32)


def place(mesh: Mesh, origin: Sequence[float], direction: Sequence[float], z0: float,
          swap_yz: bool = False) -> Mesh:
    """Map a mesh from a wall's local frame (x along `direction`, y to its left, z up from
    `z0`) to model coordinates; `swap_yz` first exchanges local y and z (for profiles drawn
    in the wall's elevation plane and extruded across it)."""
    vertices, faces = mesh
    if swap_yz:
        vertices = vertices[:, [0, 2, 1]]
        faces = faces[:, ::-1]  # the swap is a reflection
    dx, dy = direction
    x, y, z = vertices[:, 0], vertices[:, 1], vertices[:, 2]
    out = np.column_stack([origin[0] + x * dx - y * dy, origin[1] + x * dy + y * dx, z0 + z])
    return out, np.ascontiguousarray(faces, dtype=np.int32)


def to_manifold(mesh: Mesh) -> manifold3d.Manifold:
    vertices, faces = mesh
    return manifold3d.Manifold(manifold3d.Mesh64(
        vert_properties=np.ascontiguousarray(vertices, dtype=np.float64),
        tri_verts=np.ascontiguousarray(faces, dtype=np.uint64)))


def from_manifold(solid: manifold3d.Manifold) -> Mesh:
    mesh = solid.to_mesh64()
    vertices = np.asarray(mesh.vert_properties, dtype=np.float64)[:, :3]
    return np.ascontiguousarray(vertices), np.asarray(mesh.tri_verts).astype(np.int32)


def volume(mesh: Mesh) -> float:
    """Signed volume (positive for a closed, outward-oriented mesh)."""
    vertices, faces = mesh
    a, b, c = (vertices[faces[:, k]] - vertices[0] for k in range(3))
    return float(np.einsum("ij,ij->i", a, np.cross(b, c)).sum() / 6.0)


def _oriented(ring: Sequence, ccw: bool) -> np.ndarray:
    points = np.asarray(ring, dtype=np.float64).reshape(-1, 2)
    if (signed_area(points) > 0) != ccw:
        points = points[::-1]
    return points


def _close_gaps(tris: np.ndarray, sizes: list[int]) -> np.ndarray:
    """Earcut drops zero-area triangles (collinear vertices, hole bridges), which leaves
    T-junctions in the cap. Find the loops of half-edges nobody covers and fan them with
    (zero-area) triangles, so the cap's edges match the sides' one for one."""
    half = {(a, b) for t in tris.tolist() for a, b in ((t[0], t[1]), (t[1], t[2]), (t[2], t[0]))}
    ring = set()
    start = 0
    for size in sizes:
        ring.update((start + i, start + (i + 1) % size) for i in range(size))
        start += size
    missing = [(b, a) for a, b in half if (b, a) not in half and (a, b) not in ring]
    missing += [edge for edge in ring if edge not in half]
    if not missing:
        return tris
    following: dict[int, list[int]] = {}
    for a, b in sorted(missing):
        following.setdefault(a, []).append(b)
    # The uncovered half-edges form closed loops, which may share a vertex (two collinear
    # runs meeting at a concave corner): split them into simple loops as they close.
    extra = []
    for first in sorted(following):
        path = [first]
        while path:
            if not following.get(path[-1]):
                path.pop()
                continue
            nxt = following[path[-1]].pop()
            if nxt in path:
                loop = path[path.index(nxt):]
                extra += [(loop[0], loop[i], loop[i + 1]) for i in range(1, len(loop) - 1)]
                del path[path.index(nxt) + 1:]
            else:
                path.append(nxt)
    return np.vstack([tris, np.asarray(extra, dtype=np.int64).reshape(-1, 3)])


def _counter_clockwise(points: np.ndarray, tris: np.ndarray) -> np.ndarray:
    a, b, c = points[tris[:, 0]], points[tris[:, 1]], points[tris[:, 2]]
    cross = (b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0])
    flipped = cross < 0
    tris[flipped] = tris[flipped][:, ::-1]
    return tris
