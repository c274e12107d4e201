"""pryzm.formats.detect: an upload is recognised by its content, not by its name, and a file
PRYZM cannot take is refused at upload with a clear message."""

from __future__ import annotations

import asyncio
import io
import struct
import zipfile
import zlib
from pathlib import Path

import ezdxf
import pytest
import rhino3dm
from obstore.store import LocalStore
from tests.support.roundtrip import room_with_door_and_window

from pryzm import formats
from pryzm.errors import ApiError
from pryzm.interop import ImportFailed, export_model, import_file
from pryzm.model import State
from pryzm.store import uploads
from pryzm.store.objects import ObjectStore


def head(data: bytes) -> bytes:
    """What the upload route sniffs: the first SNIFF_BYTES of the body."""
    return data[: formats.SNIFF_BYTES]


@pytest.fixture(scope="module")
def ifc() -> bytes:
    return export_model(room_with_door_and_window().state, "ifc4").data


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _dxf(tmp_path: Path, fmt: str = "asc") -> bytes:
    doc = ezdxf.new("R2010")
    doc.modelspace().add_line((0, 0), (5, 0))
    path = tmp_path / f"plan-{fmt}.dxf"
    doc.saveas(path, fmt=fmt)
    return path.read_bytes()


def _png() -> bytes:
    """A real 1x1 grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


def _jpeg() -> bytes:
    """A real 1x1 grey baseline JPEG: one block whose DC and AC are both zero."""
    def segment(marker: int, data: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(data) + 2) + data
    one_code = bytes([1] + [0] * 15) + b"\x00"  # one Huffman code of length 1, symbol 0
    return (b"\xff\xd8"
            + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + segment(0xDB, b"\x00" + b"\x01" * 64)
            + segment(0xC0, b"\x08\x00\x01\x00\x01\x01\x01\x11\x00")
            + segment(0xC4, b"\x00" + one_code) + segment(0xC4, b"\x10" + one_code)
            + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x3f" + b"\xff\xd9")


def test_an_ifc_is_known_by_its_content_whatever_its_name(ifc):
    for name in ("house.ifc", "house.txt", "house.dxf", "house", ""):
        assert formats.detect(head(ifc), name) == "ifc"
    # a byte-order mark or blank lines before the STEP header do not hide it
    assert formats.detect(head(b"\xef\xbb\xbf\r\n" + ifc), "house.txt") == "ifc"


def test_a_file_named_ifc_that_is_not_one_is_not_taken_for_one():
    assert formats.detect(b"MZ\x90\x00 a Windows program", "house.ifc") is None
    assert formats.detect(b"<?xml version='1.0'?><ifcXML/>", "house.ifc") is None


def test_an_ifczip_holding_an_ifc_is_an_ifc_archive(ifc, tmp_path):
    data = _zip({"House.IFC": ifc})
    assert formats.detect(head(data), "house.ifczip") == "ifczip"
    assert formats.detect(head(data), "house.zip") == "ifczip"  # the member says so
    path = tmp_path / "house.ifczip"
    path.write_bytes(data)
    result = import_file(path, "ifczip", State(), seed="zip")
    assert result.report["native"]["wall"] == 4


def test_a_zip_without_an_ifc_is_refused(tmp_path):
    data = _zip({"textures/brick.png": _png(), "readme.txt": b"no model here"})
    assert formats.detect(head(data), "textures.zip") is None
    # named .ifczip it is taken as one, and its import says what is missing
    assert formats.detect(head(data), "model.ifczip") == "ifczip"
    path = tmp_path / "model.ifczip"
    path.write_bytes(data)
    with pytest.raises(ImportFailed) as failed:
        import_file(path, "ifczip", State())
    assert failed.value.code == "wrong_content"
    assert "no .ifc" in failed.value.message


def test_ascii_and_binary_dxf(tmp_path):
    ascii_dxf, binary_dxf = _dxf(tmp_path), _dxf(tmp_path, "bin")
    assert binary_dxf.startswith(b"AutoCAD Binary DXF")  # ezdxf wrote a binary DXF
    assert formats.detect(head(ascii_dxf), "plan.dxf") == "dxf"
    assert formats.detect(head(binary_dxf), "plan.dxf") == "dxf_binary"
    assert formats.detect(head(ascii_dxf), "plan.txt") == "dxf"  # content, not name
    # CR LF line ends and a leading comment group are DXF too
    assert formats.detect(head(ascii_dxf.replace(b"\n", b"\r\n")), "plan.dxf") == "dxf"
    assert formats.detect(head(b"999\nmade by hand\n" + ascii_dxf), "plan.dxf") == "dxf"


def test_a_rhino_3dm(tmp_path):
    model = rhino3dm.File3dm()
    model.Objects.AddPoint(rhino3dm.Point3d(1, 2, 3))
    path = tmp_path / "model.3dm"
    assert model.Write(str(path), 7)
    assert formats.detect(head(path.read_bytes()), "model.3dm") == "3dm"
    assert formats.detect(head(path.read_bytes()), "model.bin") == "3dm"


def test_png_and_jpeg_textures():
    assert formats.detect(head(_png()), "brick.png") == "png"
    assert formats.detect(head(_jpeg()), "brick.jpg") == "jpeg"
    assert formats.detect(head(_jpeg()), "brick.png") == "jpeg"  # content, not name


@pytest.mark.parametrize("data", [
    b"",
    b"\x00" * 64,
    bytes(range(256)) * 16,
    b"GIF89a\x01\x00\x01\x00",
    b"%PDF-1.7\n",
    b"just some text that mentions SECTION and ISO-10303-21 later on",
], ids=["empty", "zeros", "junk", "gif", "pdf", "text"])
def test_junk_and_empty_files_are_not_taken(data):
    assert formats.detect(head(data), "house.ifc") is None


@pytest.mark.parametrize("data", [b"", bytes(range(256)) * 64], ids=["empty", "junk"])
def test_an_upload_of_junk_or_nothing_is_refused_clearly_and_not_kept(tmp_path, data):
    objects = ObjectStore(LocalStore(prefix=tmp_path, mkdir=True), "test store")

    async def body():
        yield data

    async def upload():
        return await uploads.receive(None, objects, project_id="p", user_id="u",
                                     filename="house.ifc", body=body(), limit=1 << 20)

    with pytest.raises(ApiError) as refused:
        asyncio.run(upload())
    assert refused.value.status == 415 and refused.value.code == "unsupported_format"
    assert "house.ifc" in refused.value.message and "IFC" in refused.value.message
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # nothing left stored
