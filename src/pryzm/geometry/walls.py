"""Wall solids: the baseline's rectangle, extruded from the level's elevation."""

from __future__ import annotations

from typing import Any

import numpy as np

from pryzm.model.state import Level, Wall

# A box: bottom 0-3, top 4-7; each face counter-clockwise seen from outside.
_BOX_FACES = np.array(
    [
        [0, 2, 1], [0, 3, 2],  # bottom (normal -z)
        [4, 5, 6], [4, 6, 7],  # top (+z)
        [0, 1, 5], [0, 5, 4],
        [1, 2, 6], [1, 6, 5],
        [2, 3, 7], [2, 7, 6],
        [3, 0, 4], [3, 4, 7],
    ],
    dtype=np.int32,
)


def wall_inputs(wall: Wall, level: Level) -> dict[str, Any]:
    """Everything that shapes the wall's mesh."""
    return {
        "start": list(wall.start),
        "end": list(wall.end),
        "thickness": wall.thickness,
        "height": wall.height,
        "z": level.elevation + wall.base_offset,
    }


def footprint(wall: Wall) -> np.ndarray:
    """The wall's plan rectangle, counter-clockwise, (4, 2)."""
    start = np.asarray(wall.start, dtype=np.float64)
    end = np.asarray(wall.end, dtype=np.float64)
    direction = (end - start) / wall.length
    normal = np.array([-direction[1], direction[0]]) * (wall.thickness / 2)
    return np.array([start - normal, end - normal, end + normal, start + normal])


def wall_solid(wall: Wall, level: Level) -> tuple[np.ndarray, np.ndarray]:
    base = level.elevation + wall.base_offset
    ring = footprint(wall)
    bottom = np.column_stack([ring, np.full(4, base)])
    top = np.column_stack([ring, np.full(4, base + wall.height)])
    return np.vstack([bottom, top]), _BOX_FACES.copy()


def wall_quantities(wall: Wall) -> dict[str, float]:
    side = wall.length * wall.height
    return {
        "length": wall.length,
        "height": wall.height,
        "thickness": wall.thickness,
        "side_area": side,
        "volume": side * wall.thickness,
    }
