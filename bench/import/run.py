"""Import benchmark: PRYZM's whole IFC import next to ifcopenshell's geometry iterator alone.

    .venv/bin/python bench/import/run.py [files...]   (default: FZK-Haus and duplex)

For each file, in the same run: (a) ifcopenshell.open + the geometry iterator over every
product (world coordinates, the importer's thread count), which is the floor any IFC importer
with meshes pays; (b) `pryzm.interop.import_file` in this process (parse, native mapping, the
iterator over what stays a reference mesh, the B1 cut checks, every command decided against
the model, the report); (c) the whole import as a user has it, through `pryzm up` started in a
temporary home: the upload streamed to the gateway, the job queued, run by the bake-worker in
its isolated child, every batch decided and appended by the sync-server, until the job is
done. Each is run `ROUNDS` times; the median is kept. Prints times and the ratios against (a)
(target: the import <= 1.5x the iterator). No pass/fail.
"""

from __future__ import annotations

import functools
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

import httpx
import ifcopenshell
import ifcopenshell.geom

from pryzm.interop import import_file
from pryzm.model import State

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root
from tests.support.client import User  # noqa: E402
from tests.support.samples import samples_dir  # noqa: E402
from tests.support.stack import Stack, running_stack  # noqa: E402

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


def through_the_stack(stack: Stack, path: Path) -> int:
    """Upload `path` into a new project and import it; returns the batches appended."""
    user = User.sign_in(stack.url, "Bench")
    project = user.create_project(f"bench {path.name}")["id"]
    with httpx.Client(base_url=stack.url, timeout=600,
                      headers={"Authorization": f"Bearer {user.token}"}) as client:
        with path.open("rb") as stream:
            upload = client.post(f"/v1/projects/{project}/uploads",
                                 params={"filename": path.name}, content=stream.read())
        upload.raise_for_status()
        job = client.post(f"/v1/projects/{project}/imports",
                          json={"upload_id": upload.json()["id"], "options": {}}).json()
        while job["status"] in ("queued", "running"):
            time.sleep(0.05)
            job = client.get(f"/v1/projects/{project}/jobs/{job['id']}").json()
    if job["status"] != "done":
        raise RuntimeError(f"the import of {path.name} failed: {job.get('error')}")
    return job["result"]["batches"]


def timed(fn, path: Path) -> tuple[float, int]:
    times, out = [], 0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        out = fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main(paths: list[Path]) -> None:
    print(f"{'file':<24} {'iterator alone':>15} {'import_file':>12} {'ratio':>7}"
          f" {'through the stack':>18} {'ratio':>7}")
    with running_stack("pryzm-bench-import-") as stack:
        for path in paths:
            alone, triangles = timed(iterator_alone, path)
            whole, commands = timed(pryzm_import, path)
            served, batches = timed(functools.partial(through_the_stack, stack), path)
            flags = ["ok" if r <= 1.5 else "over target" for r in (whole / alone,
                                                                     served / alone)]
            print(f"{path.name:<24} {alone:>13.2f} s {whole:>10.2f} s {whole / alone:>6.2f}x"
                  f" {served:>16.2f} s {served / alone:>6.2f}x  {' / '.join(flags)}"
                  f"   ({triangles:,} triangles; {commands} commands in {batches} batches)")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or DEFAULT)
