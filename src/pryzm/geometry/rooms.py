"""Room meshes: the space's volume, the boundary extruded from its base to its height."""

from __future__ import annotations

from typing import Any

import shapely

from pryzm.geometry import solids
from pryzm.model.state import Level, Room


def room_spec(room: Room, level: Level) -> dict[str, Any]:
    return {
        "type": "room", "id": room.id, "level_id": room.level_id, "material": room.material,
        "boundary": [list(p) for p in room.boundary],
        "z0": level.elevation + room.base_offset,
        "height": room.height if room.height is not None else level.height,
    }


def room_mesh(spec: dict[str, Any]) -> tuple[solids.Mesh, dict[str, float], list[str]]:
    z0, height = spec["z0"], spec["height"]
    mesh = solids.prism(spec["boundary"], (), z0, z0 + height)
    polygon = shapely.Polygon(spec["boundary"])
    quantities = {"area": polygon.area, "perimeter": polygon.length, "height": height,
                  "volume": polygon.area * height}
    return mesh, quantities, []
