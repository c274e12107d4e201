"""Import and export: IFC (ifcopenshell), DXF (ezdxf), Rhino 3dm (rhino3dm), GLB.

    import_file(path, fmt, state, ...) -> ImportResult   commands (as batches) + report
    export_model(state, fmt, options)  -> Exported       bytes, content type, report

Importers turn a file into the commands that build it (native levels, walls, openings,
slabs, columns, rooms where the shapes allow; `place_reference` for everything else) and a
report; they never touch a store. The bake-worker runs them in a child process
(`pryzm.interop.isolate`) and appends the batches through the sync-server. Formats are
registered in `hookspecs`. Docs: docs/interop.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pryzm.interop.errors import ExportFailed, ImportFailed, InteropError
from pryzm.interop.hookspecs import (
    EXPORTERS,
    IMPORTERS,
    Exported,
    exporter_for,
    importer_for,
    register_exporter,
    register_importer,
)
from pryzm.interop.plan import ImportPlan, Progress, split_batches
from pryzm.interop.report import ImportReport
from pryzm.model import State

__all__ = ["EXPORTERS", "IMPORTERS", "ExportFailed", "Exported", "ImportFailed",
           "ImportPlan", "ImportReport", "ImportResult", "InteropError", "export_model",
           "import_file", "register_exporter", "register_importer", "split_batches"]


@dataclass
class ImportResult:
    commands: list[dict[str, Any]]
    report: dict[str, Any]
    state: State  # the project's state with the import applied (as the server will have it)

    def batches(self, **limits: int) -> list[dict[str, Any]]:
        return split_batches(self.commands, **limits)


def import_file(path: str | Path, fmt: str, state: State | None = None, *,
                options: dict[str, Any] | None = None, seed: str = "pryzm-import",
                progress: Progress | None = None) -> ImportResult:
    """Read `path` (of format `fmt`) into commands checked against `state`."""
    importer = importer_for(fmt)
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        raise ImportFailed("empty_file", "The file is empty.")
    plan = ImportPlan(state or State(), ImportReport(fmt), seed=seed, options=options or {},
                      **({"progress": progress} if progress else {}))
    importer(path, plan)
    report = plan.report.to_json()
    report["commands"] = len(plan.commands)
    return ImportResult(plan.commands, report, plan.state)


def export_model(state: State, fmt: str, options: dict[str, Any] | None = None) -> Exported:
    return exporter_for(fmt)(state, options or {})
