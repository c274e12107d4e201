"""Recognise an uploaded file by its content, not only its name."""

from __future__ import annotations

import re

SNIFF_BYTES = 4096

_DXF_ASCII = re.compile(rb"^\s*0\s*\r?\n\s*(SECTION|SECTION\s)", re.S)
_DXF_ANY_GROUP = re.compile(rb"^\s*(999|0)\s*\r?\n")


def detect(head: bytes, filename: str = "") -> str | None:
    """The format of a file from its first bytes: ifc, ifczip, dxf, dxf_binary, 3dm, png,
    jpeg; None when PRYZM does not take it."""
    name = filename.lower()
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"ISO-10303-21"):
        return "ifc"
    if head.startswith(b"AutoCAD Binary DXF\r\n\x1a\x00"):
        return "dxf_binary"
    if head.startswith(b"3D Geometry File Format "):
        return "3dm"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        # A zip is only an IFC archive if it says so; its member is checked at import.
        return "ifczip" if name.endswith(".ifczip") or b".ifc" in head[:512].lower() else None
    if _DXF_ASCII.match(head) or (_DXF_ANY_GROUP.match(head) and b"SECTION" in head[:256]):
        return "dxf"
    return None


def file_stem(name: str) -> str:
    """A file name stem made of a project's name: letters (any script), digits, spaces, `-`
    and `_`; anything else becomes `_`; `model` when nothing is left."""
    stem = "".join(c if c.isalnum() or c in "-_ " else "_" for c in name).strip(" _")
    return stem[:100] or "model"
