"""The sample files: real IFC, DXF and 3dm files from public repositories, kept byte for byte
as published (tests/samples/SOURCES.md says where each comes from; SHA256SUMS pins them).
`PRYZM_SAMPLES` points the tests at another folder of the same layout. Read-only: a test that
changes a file copies it first."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "tests" / "samples"


def samples_dir() -> Path:
    path = Path(os.environ.get("PRYZM_SAMPLES") or BUNDLED)
    if not (path / "ifc").is_dir():
        raise RuntimeError(f"The sample files are not at {path}: PRYZM_SAMPLES must name a "
                           "folder that holds ifc/, dxf/ and 3dm/ (as tests/samples does).")
    return path


def pinned() -> dict[str, str]:
    """relative path -> sha256, as recorded in tests/samples/SHA256SUMS."""
    lines = (BUNDLED / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in lines if line)}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


SAMPLES = samples_dir()
