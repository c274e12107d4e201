"""Bake benchmark: a full bake of a generated model, then the rebake after moving one wall.

    .venv/bin/python bench/bake/run.py [sizes...]      (default: 1000 5000)

The model is a grid of 6 m x 5 m bays; each bay has two walls (one along its south edge, one
along its west edge; they meet the neighbouring bays' walls in L, T and four-way nodes), a
door or window in each wall, a column at its south-west node and a floor slab. A bake is
what the bake worker does before it announces `baked` (geometry.scene.Scene.bake, without the
storage I/O): find the keys the edit may have changed, mesh and encode every changed key,
write the sceneIR delta. What the worker writes afterwards for clients that open the project
(the whole manifest and the whole-model GLB, ADR 0050 and 0054) is timed on its own lines.
After the full bake it moves one west wall 0.3 m sideways (its ends slide along the south
walls) and then one south wall 0.3 m (it leaves two four-way nodes, so its neighbours
rejoin), rebaking after each. Prints times and the rebake / full ratio; no pass/fail.
"""

from __future__ import annotations

import math
import statistics
import sys
import time

from pryzm.geometry import element_keys
from pryzm.geometry.keys import forget
from pryzm.geometry.scene import Scene
from pryzm.model.testing import ModelBuilder

BAY_X, BAY_Y = 6.0, 5.0


def build(elements: int) -> tuple[ModelBuilder, dict[str, str]]:
    """A model of about `elements` elements and the ids of two walls in its middle."""
    b = ModelBuilder()
    b.level("Ground", elevation=0.0, height=3.0)
    side = math.ceil(math.sqrt(elements / 6))
    middle = {}
    for i in range(side):
        for j in range(side):
            x, y = i * BAY_X, j * BAY_Y
            south = b.wall((x, y), (x + BAY_X, y), thickness=0.25)
            west = b.wall((x, y), (x, y + BAY_Y), thickness=0.2)
            b.opening(south, offset=1.5, kind="door" if (i + j) % 2 else "window")
            b.opening(west, offset=2.0, kind="window", width=1.0)
            b.column((x, y), width=0.4, depth=0.4)
            b.slab([(x, y), (x + BAY_X, y), (x + BAY_X, y + BAY_Y), (x, y + BAY_Y)])
            if i == side // 2 and j == side // 2:
                middle = {"south": south, "west": west}
    return b, middle


def bake(scene: Scene, state) -> tuple[float, int, int]:
    """One bake as the bake worker does it, minus storage I/O: keys, mesh the changed keys,
    encode them, write the delta. Seconds, meshes made, delta bytes."""
    t0 = time.perf_counter()
    result = scene.bake(state, "bench")
    seconds = time.perf_counter() - t0
    return seconds, len(result.fresh), len(result.delta)


REPEATS = 7  # moves of each wall (back and forth); the median is printed


def run(size: int) -> float:
    """Bakes a model of about `size` elements; returns the median one-wall rebake (s)."""
    t0 = time.perf_counter()
    b, walls = build(size)
    built = time.perf_counter() - t0
    state = b.state
    forget()
    scene = Scene()
    full, meshed, _ = bake(scene, state)
    kinds: dict[str, int] = {}
    for element in state.elements.values():
        kinds[element.kind] = kinds.get(element.kind, 0) + 1
    print(f"{len(state.elements):>6} elements {kinds}  (built in {built:.1f} s)")
    print(f"        full bake   {full * 1000:9.1f} ms  ({meshed} meshes)")
    rebakes = []
    for name, (dx, dy) in (("west", (0.3, 0.0)), ("south", (0.0, 0.3))):
        times = []
        for i in range(REPEATS):
            sign = 1 if i % 2 == 0 else -1
            b.move([walls[name]], (sign * dx, sign * dy))
            rebake, remeshed, delta_bytes = bake(scene, state)
            times.append(rebake)
        rebake = statistics.median(times)
        rebakes += times
        print(f"        move {name:<6} {rebake * 1000:8.1f} ms  ({remeshed} meshes, "
              f"{delta_bytes / 1e3:.1f} kB of delta; median of {REPEATS})   "
              f"ratio {rebake / full:.2%}")
    t0 = time.perf_counter()
    element_keys(state)
    print(f"        keys, no change {(time.perf_counter() - t0) * 1000:6.2f} ms")
    t0 = time.perf_counter()
    manifest = scene.manifest()
    print(f"        manifest (after baked, for opening clients) "
          f"{(time.perf_counter() - t0) * 1000:6.1f} ms  ({len(manifest) / 1e6:.1f} MB)")
    t0 = time.perf_counter()
    glb = scene.model_glb()
    print(f"        model GLB (after baked, for cold loads) "
          f"{(time.perf_counter() - t0) * 1000:6.1f} ms  ({len(glb) / 1e6:.1f} MB)")
    return statistics.median(rebakes)


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 5000]
    rebakes = [run(size) for size in sizes]
    for size, rebake in zip(sizes[1:], rebakes[1:], strict=True):
        print(f"one-wall rebake at {size} / at {sizes[0]} elements: "
              f"{rebake / rebakes[0]:.2f}x  (1.00x: the cost does not grow with the model)")


if __name__ == "__main__":
    main(sys.argv[1:])
