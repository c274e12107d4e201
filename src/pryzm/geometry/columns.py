"""Column meshes: a rectangle (turned) or a circle (a regular polygon), extruded up."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from pryzm.geometry import solids
from pryzm.model.state import Column, Level

CIRCLE_SEGMENTS = 32


def column_spec(column: Column, level: Level) -> dict[str, Any]:
    profile = ({"width": column.width, "depth": column.depth, "rotation": column.rotation}
               if column.shape == "rect" else {"diameter": column.diameter})
    return {
        "type": "column", "id": column.id, "level_id": column.level_id,
        "material": column.material, "position": list(column.position),
        "shape": column.shape, **profile, "z0": level.elevation + column.base_offset,
        "height": column.height,
    }


def column_mesh(spec: dict[str, Any]) -> tuple[solids.Mesh, dict[str, float], list[str]]:
    cx, cy = spec["position"]
    if spec["shape"] == "rect":
        w, d = spec["width"] / 2, spec["depth"] / 2
        turn = math.radians(spec["rotation"])
        c, s = math.cos(turn), math.sin(turn)
        ring = [(cx + x * c - y * s, cy + x * s + y * c)
                for x, y in ((-w, -d), (w, -d), (w, d), (-w, d))]
        area, perimeter = 4 * w * d, 4 * (w + d)
    else:
        r = spec["diameter"] / 2
        angles = np.linspace(0, 2 * math.pi, CIRCLE_SEGMENTS, endpoint=False)
        ring = np.column_stack([cx + r * np.cos(angles), cy + r * np.sin(angles)])
        area, perimeter = math.pi * r * r, 2 * math.pi * r
    mesh = solids.prism(ring, (), spec["z0"], spec["z0"] + spec["height"])
    quantities = {"area": area, "perimeter": perimeter, "height": spec["height"],
                  "volume": area * spec["height"]}
    return mesh, quantities, []
