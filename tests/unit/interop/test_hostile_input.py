"""Hostile and malformed files fail with a clear reason, never a crash (issue 5).

Each hostile file is read the way the worker reads uploads: in the isolated child process, so
that whatever a damaged file does to a parser's memory stays out of this test process.
"""

from __future__ import annotations

import asyncio
import zipfile

import psutil
import pytest
from tests.unit.interop.conftest import SAMPLES

from pryzm.interop import ImportFailed, ifc_read, import_file
from pryzm.interop.isolate import _crash, run_isolated
from pryzm.model import State

FZK = SAMPLES / "ifc" / "AC20-FZK-Haus.ifc"


async def _ignore(fraction: float, stage: str) -> None:
    pass


def _fails(path, fmt: str, **limits) -> ImportFailed:
    with pytest.raises(ImportFailed) as failed:
        asyncio.run(run_isolated(path, fmt, State(), options={}, seed="h", progress=_ignore,
                                 **limits))
    assert failed.value.message
    return failed.value


@pytest.mark.parametrize("fmt", ["ifc", "ifczip", "dxf", "3dm"])
def test_empty_files(tmp_path, fmt):
    path = tmp_path / f"empty.{fmt}"
    path.write_bytes(b"")
    assert _fails(path, fmt).code == "empty_file"


def test_truncated_ifc(tmp_path):
    path = tmp_path / "cut.ifc"
    path.write_bytes(FZK.read_bytes()[: FZK.stat().st_size // 2])
    assert _fails(path, "ifc").code == "truncated"


@pytest.mark.parametrize("fmt,data,code", [
    ("ifc", b"hello, I am a text file", "wrong_content"),
    ("ifc", b"ISO-10303-21;\nHEADER;\x00\xff\xfe" + bytes(range(256)) * 40 +
     b"\nEND-ISO-10303-21;\n", "unreadable"),
    ("3dm", bytes(range(256)) * 10, "wrong_content"),
    ("3dm", b"3D Geometry File Format " + b"\x00" * 2000, "unreadable"),
    ("dxf", b"\x00\x01\x02 binary junk" * 100, "unreadable"),
    ("ifczip", b"PK\x03\x04 not really a zip", "unreadable"),
])
def test_wrong_content_and_binary_junk(tmp_path, fmt, data, code):
    path = tmp_path / f"junk.{fmt}"
    path.write_bytes(data)
    assert _fails(path, fmt).code == code


def test_a_zip_bomb_in_an_ifczip_is_refused(tmp_path):
    path = tmp_path / "bomb.ifczip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("model.ifc", "w", force_zip64=True) as member:
            block = b" " * (1024 * 1024)
            for _ in range(300):  # 300 MB of spaces, a few hundred KB compressed
                member.write(block)
    assert path.stat().st_size < 2 * 1024 * 1024
    assert _fails(path, "ifczip").code == "zip_bomb"


def test_an_ifczip_with_a_real_model_imports(tmp_path):
    path = tmp_path / "house.ifczip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(SAMPLES / "ifc" / "IfcOpenHouse_IFC4.ifc", "IfcOpenHouse.ifc")
    result = import_file(path, "ifczip", State())
    assert result.report["counts"]["IfcWindow"]["reference"] == 5


def test_absurd_entity_counts_are_refused(monkeypatch):
    monkeypatch.setattr(ifc_read, "MAX_PRODUCTS", 50)  # (in this process: FZK is well formed)
    with pytest.raises(ImportFailed) as failed:
        import_file(FZK, "ifc", State())
    assert failed.value.code == "too_many_entities"


def test_an_unknown_format_is_refused(tmp_path):
    path = tmp_path / "x.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert _fails(path, "png").code == "unknown_format"


def test_the_isolated_importer_reports_failures_and_crashes(tmp_path):
    junk = tmp_path / "junk.ifc"
    junk.write_bytes(b"not an ifc")
    assert _fails(junk, "ifc").code == "wrong_content"
    crashed = _crash(-11, "")
    assert crashed.code == "importer_crashed" and "SIGSEGV" in crashed.message
    assert _crash(1, "Traceback...\nMemoryError").code == "too_large"


def test_the_isolated_importer_forwards_progress():
    seen = []

    async def record(fraction, stage):
        seen.append((fraction, stage))

    outcome = asyncio.run(run_isolated(SAMPLES / "ifc" / "IfcOpenHouse_IFC4.ifc", "ifc",
                                       State(), options={}, seed="p", progress=record))
    assert outcome["commands"] and outcome["report"]["format"] == "ifc"
    assert seen and seen[-1][0] > 0.9 and {s for _, s in seen} >= {"reading", "geometry"}


def _many_points(path, count: int) -> None:
    """A well-formed IFC of `count` points: cheap to write, costly to hold in memory."""
    with path.open("w") as out:
        out.write("ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\n"
                  "FILE_NAME('points.ifc','2026-01-01T00:00:00',(''),(''),'','','');\n"
                  "FILE_SCHEMA(('IFC4'));\nENDSEC;\nDATA;\n"
                  "#1=IFCPROJECT('0YvctVUKr0kugbFTf53O9L',$,'Points',$,$,$,$,$,$);\n")
        out.writelines(f"#{i}=IFCCARTESIANPOINT(({i}.,0.5,0.));\n" for i in range(2, count))
        out.write("ENDSEC;\nEND-ISO-10303-21;\n")


def _children() -> set[int]:
    return {c.pid for c in psutil.Process().children(recursive=True)}


def test_an_import_that_outgrows_its_memory_cap_is_stopped_cleanly(tmp_path):
    # Two million entities take the reader past 400 MB; the cap is 250 MB.
    path = tmp_path / "points.ifc"
    _many_points(path, 2_000_000)
    before = _children()
    failed = _fails(path, "ifc", memory_bytes=250 * 2**20)
    assert failed.code == "too_large"
    assert "250 MB" in failed.message and failed.details == {"memory_limit_bytes": 250 * 2**20}
    assert _children() <= before  # the child was stopped, not left running


def test_an_import_that_runs_too_long_is_stopped_cleanly():
    before = _children()
    failed = _fails(FZK, "ifc", timeout=0.5)  # FZK takes seconds
    assert failed.code == "timeout" and "was stopped" in failed.message
    assert _children() <= before
