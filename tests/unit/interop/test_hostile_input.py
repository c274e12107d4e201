"""Hostile and malformed files fail with a clear reason, never a crash (issue 5)."""

from __future__ import annotations

import asyncio
import zipfile

import pytest
from tests.unit.interop.conftest import SAMPLES

from pryzm.interop import ImportFailed, ifc_read, import_file
from pryzm.interop.isolate import _crash, run_isolated
from pryzm.model import State

FZK = SAMPLES / "ifc" / "AC20-FZK-Haus.ifc"


def _fails(path, fmt: str) -> ImportFailed:
    with pytest.raises(ImportFailed) as failed:
        import_file(path, fmt, State())
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
    monkeypatch.setattr(ifc_read, "MAX_PRODUCTS", 50)
    assert _fails(FZK, "ifc").code == "too_many_entities"


def test_an_unknown_format_is_refused(tmp_path):
    path = tmp_path / "x.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert _fails(path, "png").code == "unknown_format"


def test_the_isolated_importer_reports_failures_and_crashes(tmp_path):
    async def ignore(fraction, stage):
        pass

    junk = tmp_path / "junk.ifc"
    junk.write_bytes(b"not an ifc")
    with pytest.raises(ImportFailed) as failed:
        asyncio.run(run_isolated(junk, "ifc", State(), options={}, seed="h", progress=ignore))
    assert failed.value.code == "wrong_content"
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


def test_an_import_that_outgrows_its_memory_cap_fails_cleanly():
    async def ignore(fraction, stage):
        pass

    with pytest.raises(ImportFailed) as failed:
        asyncio.run(run_isolated(FZK, "ifc", State(), options={}, seed="m", progress=ignore,
                                 memory_bytes=400 * 1024 * 1024))
    # running out of memory shows as a MemoryError, a failed allocation or a signal
    assert failed.value.code in ("too_large", "importer_crashed")
    assert failed.value.message
