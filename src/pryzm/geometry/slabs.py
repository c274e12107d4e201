"""Slab meshes: the boundary minus its holes, triangulated and extruded down from the top."""

from __future__ import annotations

from typing import Any

import shapely

from pryzm.geometry import solids
from pryzm.model.state import Level, Slab


def slab_spec(slab: Slab, level: Level) -> dict[str, Any]:
    return {
        "type": "slab", "id": slab.id, "level_id": slab.level_id, "material": slab.material,
        "boundary": [list(p) for p in slab.boundary],
        "holes": [[list(p) for p in hole] for hole in slab.holes],
        "top": level.elevation + slab.offset, "thickness": slab.thickness,
    }


def slab_mesh(spec: dict[str, Any]) -> tuple[solids.Mesh, dict[str, float], list[str]]:
    top, thickness = spec["top"], spec["thickness"]
    mesh = solids.prism(spec["boundary"], spec["holes"], top - thickness, top)
    polygon = shapely.Polygon(spec["boundary"], spec["holes"])
    quantities = {"area": polygon.area, "perimeter": polygon.exterior.length,
                  "thickness": thickness, "volume": polygon.area * thickness}
    return mesh, quantities, []
