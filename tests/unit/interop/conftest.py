"""Shared fixtures: the sample files (read-only) and imports computed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.samples import SAMPLES

from pryzm.interop import import_file
from pryzm.model import State

IFC_SAMPLES = sorted((SAMPLES / "ifc").glob("*.ifc"))
DXF_SAMPLES = sorted((SAMPLES / "dxf").glob("*.dxf"))
RHINO_SAMPLES = sorted((SAMPLES / "3dm").glob("*.3dm"))

_CACHE: dict[str, object] = {}


def imported(path: Path, fmt: str | None = None, **options):
    """import_file of a sample into an empty state, cached for the session."""
    fmt = fmt or {"ifc": "ifc", "dxf": "dxf", "3dm": "3dm"}[path.suffix[1:]]
    key = f"{path}:{sorted(options.items())}"
    if key not in _CACHE:
        _CACHE[key] = import_file(path, fmt, State(), options=options, seed="unit")
    return _CACHE[key]


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES
