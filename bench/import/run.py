"""Import benchmark: PRYZM's whole IFC import next to ifcopenshell's geometry iterator alone.

    .venv/bin/python bench/import/run.py [files...]   (default: FZK-Haus and duplex)

For each file, in the same run and process: (a) ifcopenshell.open + the geometry iterator
over every product (world coordinates, the importer's thread count), which is the floor any
IFC importer with meshes pays; (b) `pryzm.interop.import_file` end to end (parse, native
mapping, the iterator over what stays a reference mesh, the B1 cut checks, every command
decided against the model, the report). Each is run `ROUNDS` times; the median is kept.
Prints times and the ratio (target: import <= 1.5x the iterator). No pass/fail.
"""

from __future__ import annotations

import multiprocessing
import statistics
import sys
import time
from pathlib import Path

import ifcopenshell
import ifcopenshell.geom

from pryzm.interop import import_file
from pryzm.model import State

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root
from tests.support.samples import samples_dir  # noqa: E402

ROUNDS = 3
SAMPLES = samples_dir() / "ifc"
DEFAULT = [SAMPLES / "AC20-FZK-Haus.ifc", SAMPLES / "duplex.ifc"]


def iterator_alone(path: Path) -> int:
    model = ifcopenshell.open(str(path))
    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", True)
    threads = max(1, min(8, multiprocessing.cpu_count()))
    iterator = ifcopenshell.geom.iterator(settings, model, threads)
    count = 0
    if iterator.initialize():
        while True:
            shape = iterator.get()
            count += len(shape.geometry.faces) // 3
            if not iterator.next():
                break
    return count


def pryzm_import(path: Path) -> int:
    return len(import_file(path, "ifc", State(), seed="bench").commands)


def timed(fn, path: Path) -> tuple[float, int]:
    times, out = [], 0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        out = fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main(paths: list[Path]) -> None:
    print(f"{'file':<28} {'iterator alone':>15} {'PRYZM import':>14} {'ratio':>7}")
    for path in paths:
        alone, triangles = timed(iterator_alone, path)
        whole, commands = timed(pryzm_import, path)
        ratio = whole / alone
        flag = "ok" if ratio <= 1.5 else "over target"
        print(f"{path.name:<28} {alone:>13.2f} s {whole:>12.2f} s {ratio:>6.2f}x  {flag}"
              f"   ({triangles:,} triangles; {commands} commands)")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or DEFAULT)
