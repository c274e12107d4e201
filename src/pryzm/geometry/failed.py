"""What stands in for an element whose shape could not be built: a 0.3 m marker cube where
the element is, and a `mesh_failed` warning naming the fault. A fault in one element's
geometry (a bug, or input nobody foresaw) costs that element, never the project's bake."""

from __future__ import annotations

from typing import Any

from pryzm.geometry import solids
from pryzm.model.state import Element, Level, State

MARKER = 0.3  # metres, the marker cube's edge


def failed_spec(state: State, element: Element, level: Level,
                exc: BaseException) -> dict[str, Any]:
    x, y, z = _anchor(state, element, level)
    return {"type": "failed", "kind": element.kind, "id": element.id,
            "level_id": element.level_id, "material": getattr(element, "material", "failed"),
            "at": [x, y, z], "error": f"{type(exc).__name__}: {exc}"[:300]}


def failed_mesh(spec: dict[str, Any]) -> tuple[solids.Mesh, dict[str, float], list[str]]:
    x, y, z = spec["at"]
    h = MARKER / 2
    mesh = solids.box(x - h, x + h, y - h, y + h, z, z + MARKER)
    warning = (f"mesh_failed: the shape of {spec['kind']} {spec['id']} could not be built "
               f"({spec['error']}); a {MARKER} m marker stands in its place")
    return mesh, {}, [warning]


def _anchor(state: State, element: Element, level: Level) -> tuple[float, float, float]:
    """A point of the element in model coordinates, as far as its fields give one."""
    z = level.elevation + float(getattr(element, "base_offset", 0.0) or 0.0)
    try:
        if element.kind == "wall":
            return (*map(float, element.start), z)
        if element.kind in ("door", "window"):
            host = state.elements[element.host_id]
            (sx, sy), (dx, dy) = host.start, host.direction
            middle = element.offset + element.width / 2
            return sx + dx * middle, sy + dy * middle, z + element.sill_height
        if element.kind in ("slab", "room"):
            return (*map(float, element.boundary[0]), z)
        if element.kind == "column":
            return (*map(float, element.position), z)
        if element.kind == "reference":
            return tuple(map(float, element.origin))
    except Exception:  # the element's own fields are what failed: its level's origin then
        pass
    return 0.0, 0.0, level.elevation
