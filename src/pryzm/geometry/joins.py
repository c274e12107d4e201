"""Wall joins, computed from geometry (never declared).

At each end of a wall, looking at the walls on the same level whose body lies within
`JOIN_TOLERANCE` of that endpoint:

- L: exactly one other wall ends there -> both are cut by the same mitre line, through the
  crossings of their faces (collinear walls: a butt line square to the baseline);
- node: two or more others end there -> the most nearly collinear pair through the node
  mitres (butts) with each other, the rest are trimmed to that pair's face;
- T: no wall ends there but the endpoint lies on another wall's body -> the wall is trimmed
  (or extended) to the near face of the through wall, which stays whole;
- X crossings and free ends are left square and whole.

Where a join cannot be made cleanly the ends are left square and the wall's mesh carries a
warning: `join_too_acute` (walls folding back within a few degrees, or a mitre corner more
than ten thicknesses away), `join_stepped` (nearly straight walls whose faces do not line
up: butted square), `join_unresolved` (a node with no straight pair), `join_degenerate`
(the two end lines would cross inside the wall, e.g. a very short wall).

`wall_ends` gives the footprint as four stations along the baseline (metres from the start):
where the start line and the end line cross the wall's lo face and hi face. The footprint is
the convex quad (sa_lo, lo) (sb_lo, lo) (sb_hi, hi) (sa_hi, hi) in the wall's frame. Every
result depends only on the wall and those neighbours, and not on their order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pryzm.model.state import Wall

JOIN_TOLERANCE = 1e-3  # metres: endpoints this close meet; a point this close to a body is on it
_PARALLEL = math.sin(math.radians(5))  # walls within 5 degrees of parallel do not T
_STRAIGHT = -math.cos(math.radians(5))  # ends this close to opposite are a straight pair
_COLLINEAR = 1e-9  # |sin| below which an L is a straight continuation (butt, not mitre)
_MAX_MITRE = 10.0  # a mitre corner further than this many thicknesses away is refused

Line = tuple[float, float, float, float]  # point x, y and direction x, y


def wall_ends(wall: Wall, neighbours: Sequence[Wall]) -> tuple[list[float], list[str]]:
    """[sa_lo, sa_hi, sb_lo, sb_hi] and warnings, for `wall` among `neighbours` (walls on its
    level near its endpoints; others are ignored)."""
    near = sorted((n for n in neighbours if n.id != wall.id), key=lambda n: n.id)
    warnings: list[str] = []
    lines = [_end_line(wall, at_start, near, warnings) for at_start in (True, False)]
    stations = [_station(wall, line, face) for line in lines for face in wall.faces]
    sa_lo, sa_hi, sb_lo, sb_hi = stations
    if None in stations or sb_lo - sa_lo < 1e-6 or sb_hi - sa_hi < 1e-6:
        warnings.append(f"join_degenerate: the joins of wall {wall.id} cross each other; "
                        "its ends are left square")
        return [0.0, 0.0, wall.length, wall.length], warnings
    return stations, warnings


def on_body(wall: Wall, point: Sequence[float], tolerance: float = JOIN_TOLERANCE) -> bool:
    s, o = _local(wall, point)
    lo, hi = wall.faces
    return -tolerance <= s <= wall.length + tolerance and lo - tolerance <= o <= hi + tolerance


def _end_line(wall: Wall, at_start: bool, near: list[Wall], warnings: list[str]) -> Line:
    point = wall.start if at_start else wall.end
    meeting = [(other, other_start) for other in near for other_start in (True, False)
               if _distance(point, other.start if other_start else other.end) <= JOIN_TOLERANCE]
    if len(meeting) == 1:
        return _mitre(wall, at_start, *meeting[0], warnings)
    if meeting:
        return _node(wall, at_start, meeting, warnings)
    d = wall.direction
    through = [other for other in near
               if abs(_cross(d, other.direction)) > _PARALLEL and on_body(other, point)]
    if through:
        other = min(through, key=lambda o: (abs(_local(o, point)[1] - sum(o.faces) / 2), o.id))
        return _trim(_outward(wall, at_start), other)
    return _square(wall, point)


def _mitre(a: Wall, a_start: bool, b: Wall, b_start: bool, warnings: list[str]) -> Line:
    if b.id < a.id:  # compute from the lower id so both walls get the very same line
        a, a_start, b, b_start = b, b_start, a, a_start
    out_a, out_b = _outward(a, a_start), _outward(b, b_start)
    pa = a.start if a_start else a.end
    pb = b.start if b_start else b.end
    middle = ((pa[0] + pb[0]) / 2, (pa[1] + pb[1]) / 2)
    if abs(_cross(out_a, out_b)) < _COLLINEAR:
        if _dot(out_a, out_b) < 0:
            return _square(a, middle)
        return _folded(a, b, middle, warnings)
    m1 = _intersect(_face(a, out_a, left=True), _face(b, out_b, left=False))
    m2 = _intersect(_face(a, out_a, left=False), _face(b, out_b, left=True))
    reach = _MAX_MITRE * max(a.thickness, b.thickness)
    if m1 is None or m2 is None or max(_distance(m1, middle), _distance(m2, middle)) > reach:
        if _dot(out_a, out_b) < 0:
            warnings.append(f"join_stepped: walls {a.id} and {b.id} are nearly straight but "
                            "their faces do not line up; they are butted square")
            return _square(a, middle)
        return _folded(a, b, middle, warnings)
    return (m1[0], m1[1], m2[0] - m1[0], m2[1] - m1[1])


def _node(wall: Wall, at_start: bool, meeting: list[tuple[Wall, bool]],
          warnings: list[str]) -> Line:
    ends = sorted([(wall, at_start), *meeting], key=lambda e: (e[0].id, e[1]))
    pairs = [(i, j) for i in range(len(ends)) for j in range(i + 1, len(ends))
             if _dot(_outward(*ends[i]), _outward(*ends[j])) < _STRAIGHT]
    point = wall.start if at_start else wall.end
    if not pairs:
        warnings.append(f"join_unresolved: {len(ends)} walls meet at "
                        f"({point[0]:.3f}, {point[1]:.3f}) with no straight pair; "
                        f"wall {wall.id} is left square there")
        return _square(wall, point)
    i, j = min(pairs, key=lambda p: (-min(ends[p[0]][0].thickness, ends[p[1]][0].thickness), p))
    (a, a_start), (b, b_start) = ends[i], ends[j]
    if wall.id == a.id:
        return _mitre(a, a_start, b, b_start, warnings)
    if wall.id == b.id:
        return _mitre(b, b_start, a, a_start, warnings)
    through = max((a, b), key=lambda w: (w.thickness, w.id == min(a.id, b.id)))
    return _trim(_outward(wall, at_start), through)


def _trim(out: tuple[float, float], through: Wall) -> Line:
    """The face of `through` on the side `out` points to."""
    n = _normal(through.direction)
    lo, hi = through.faces
    offset = hi if _dot(out, n) > 0 else lo
    d = through.direction
    return (through.start[0] + offset * n[0], through.start[1] + offset * n[1], d[0], d[1])


def _folded(a: Wall, b: Wall, point, warnings: list[str]) -> Line:
    warnings.append(f"join_too_acute: walls {a.id} and {b.id} meet at too sharp an angle "
                    "to mitre; their ends are left square")
    return _square(a, point)


def _square(wall: Wall, point) -> Line:
    n = _normal(wall.direction)
    return (point[0], point[1], n[0], n[1])


def _station(wall: Wall, line: Line, offset: float) -> float | None:
    """Where `line` crosses the wall's face at `offset`, as a distance along the baseline."""
    d = wall.direction
    n = _normal(d)
    u = (line[2], line[3])
    denominator = _cross(d, u)
    if abs(denominator) < 1e-12 * math.hypot(*u):
        return None
    rel = (line[0] - wall.start[0] - offset * n[0], line[1] - wall.start[1] - offset * n[1])
    return _cross(rel, u) / denominator


def _face(wall: Wall, out: tuple[float, float], left: bool) -> Line:
    """The face line of `wall` on the left/right of the outward direction `out`."""
    lo, hi = wall.faces
    along = _dot(out, wall.direction) > 0
    offset = hi if along == left else lo
    n = _normal(wall.direction)
    return (wall.start[0] + offset * n[0], wall.start[1] + offset * n[1], out[0], out[1])


def _intersect(p: Line, q: Line):
    denominator = _cross((p[2], p[3]), (q[2], q[3]))
    if abs(denominator) < 1e-15:
        return None
    t = _cross((q[0] - p[0], q[1] - p[1]), (q[2], q[3])) / denominator
    return (p[0] + t * p[2], p[1] + t * p[3])


def _outward(wall: Wall, at_start: bool) -> tuple[float, float]:
    """The direction from the given end into the wall's body."""
    d = wall.direction
    return d if at_start else (-d[0], -d[1])


def _local(wall: Wall, point) -> tuple[float, float]:
    d = wall.direction
    rel = (point[0] - wall.start[0], point[1] - wall.start[1])
    return _dot(rel, d), _cross(d, rel)


def _normal(d):
    return (-d[1], d[0])


def _dot(a, b) -> float:
    return a[0] * b[0] + a[1] * b[1]


def _cross(a, b) -> float:
    return a[0] * b[1] - a[1] * b[0]


def _distance(a, b) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])
