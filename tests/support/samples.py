"""Where the shared sample files are: `PRYZM_SAMPLES`, or `shared/samples` beside the clone
(the workplace lays `shared/` next to the project). Read-only: tests never edit them."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def samples_dir() -> Path:
    path = Path(os.environ.get("PRYZM_SAMPLES") or ROOT.parent / "shared" / "samples")
    if not (path / "ifc").is_dir():
        raise RuntimeError(
            f"The sample files are not at {path}: set PRYZM_SAMPLES to the folder that holds "
            "ifc/, dxf/ and 3dm/ (../shared/samples beside the clone).")
    return path


SAMPLES = samples_dir()
