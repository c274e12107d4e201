"""The extension points of interop, declared in one place; the built-in formats use them too.

    Importer: (path, plan) -> None
        reads the file at `path` and adds commands to `plan` (an ImportPlan: levels,
        elements, references, properties) and rows to `plan.report`; raises ImportFailed
        with a clear reason for a file it cannot take.
    Exporter: (state, options) -> Exported
        writes the model `state` to bytes; raises ExportFailed.

Register with `register_importer("ifc", func)` / `register_exporter("ifc4", func)`; a
registry entry may also be a "module:function" string, imported on first use (so that
ifcopenshell, ezdxf and rhino3dm load only when their format is used).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pryzm.interop.errors import ExportFailed, ImportFailed
from pryzm.interop.plan import ImportPlan
from pryzm.model import State

Importer = Callable[[Path, ImportPlan], None]


@dataclass(frozen=True)
class Exported:
    data: bytes
    content_type: str
    extension: str
    report: dict[str, Any]


Exporter = Callable[[State, dict[str, Any]], Exported]

IMPORTERS: dict[str, Importer | str] = {
    "ifc": "pryzm.interop.ifc_import:import_ifc",
    "ifczip": "pryzm.interop.ifc_import:import_ifczip",
    "dxf": "pryzm.interop.dxf_import:import_dxf",
    "dxf_binary": "pryzm.interop.dxf_import:import_dxf",
    "3dm": "pryzm.interop.rhino_import:import_3dm",
}

EXPORTERS: dict[str, Exporter | str] = {
    "ifc4": "pryzm.interop.ifc_export:export_ifc4",
    "ifc2x3": "pryzm.interop.ifc_export:export_ifc2x3",
    "glb": "pryzm.interop.glb_export:export_glb",
    "dxf": "pryzm.interop.dxf_export:export_dxf",
}


def register_importer(fmt: str, importer: Importer | str) -> None:
    IMPORTERS[fmt] = importer


def register_exporter(fmt: str, exporter: Exporter | str) -> None:
    EXPORTERS[fmt] = exporter


def importer_for(fmt: str) -> Importer:
    entry = IMPORTERS.get(fmt)
    if entry is None:
        raise ImportFailed("unknown_format", f"PRYZM cannot import {fmt!r} files.",
                           {"known": sorted(IMPORTERS)})
    return _load(entry)


def exporter_for(fmt: str) -> Exporter:
    entry = EXPORTERS.get(fmt)
    if entry is None:
        raise ExportFailed("unknown_format", f"PRYZM cannot export {fmt!r}.",
                           {"known": sorted(EXPORTERS)})
    return _load(entry)


def _load(entry: Callable | str) -> Callable:
    if callable(entry):
        return entry
    module, _, name = entry.partition(":")
    return getattr(importlib.import_module(module), name)
