"""Reference geometry: place_reference (imported geometry that maps to no native element).

A reference carries its geometry in the event, so replaying the log rebuilds it and the bake
needs nothing else. Arrays are base64 of little-endian binaries (compact, exact):

    vertices  float32 xyz, relative to the float64 `origin` (so georeferenced models keep
              their precision, case B3)
    faces     uint32 triangles (counter-clockwise seen from outside when the source says so)
    edges     uint32 index pairs: plan lines (DXF underlays), drawn as thin ribbons
    texts     [{text, position [x, y], height, rotation}] plan annotations

`encode_arrays` / `decode_arrays` are the codec (importers and the mesher use them).
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from pryzm.model.commands.base import (
    Angle,
    Command,
    Coord,
    Id,
    Length,
    Name,
    check_level,
    check_new_id,
    fix_origin,
    reject,
    text,
)
from pryzm.model.state import Reference, State

MAX_ARRAY_CHARS = 6_000_000  # base64 characters per array (~4.5 MB binary): a reference
# must fit one sync-server message (PRYZM_MAX_MESSAGE_BYTES, 16 MiB) with room to spare
MAX_TEXTS = 20_000

Point3 = tuple[Coord, Coord, Coord]
Array = Annotated[str, Field(strict=True, max_length=MAX_ARRAY_CHARS)]


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: text(2000, 1)
    position: tuple[Coord, Coord]
    height: Length = 0.25
    rotation: Angle = 0.0


def encode_arrays(vertices: np.ndarray, faces: np.ndarray | None = None,
                  edges: np.ndarray | None = None) -> dict[str, str]:
    """`vertices` (n, 3) relative to the origin, `faces` (m, 3), `edges` (k, 2) -> fields."""

    def b64(array: np.ndarray | None, dtype: str) -> str:
        if array is None or len(array) == 0:
            return ""
        return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode()

    return {"vertices": b64(vertices, "<f4"), "faces": b64(faces, "<u4"),
            "edges": b64(edges, "<u4")}


def decode_arrays(vertices: str, faces: str = "",
                  edges: str = "") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(vertices (n, 3) float64 relative to the origin, faces (m, 3) int64, edges (k, 2)).
    Raises ValueError when the text is not valid base64 of whole records."""

    def unb64(text: str, dtype: str, width: int) -> np.ndarray:
        if not text:
            return np.zeros((0, width), dtype=dtype)
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("not valid base64") from exc
        if len(raw) % (4 * width):
            raise ValueError(f"{len(raw)} bytes is not a whole number of records")
        return np.frombuffer(raw, dtype=dtype).reshape(-1, width)

    return (unb64(vertices, "<f4", 3).astype(np.float64), unb64(faces, "<u4", 3).astype(np.int64),
            unb64(edges, "<u4", 2).astype(np.int64))


class PlaceReference(Command):
    """Imported geometry kept as it came: a mesh (`faces`) and/or plan lines (`edges`), with
    its source's class, id and name. Refused with `invalid_geometry` when the arrays do not
    decode, hold non-finite numbers, or index missing vertices."""

    type: Literal["place_reference"] = "place_reference"
    id: Id
    level_id: Id
    origin: Point3
    vertices: Array
    faces: Array = ""
    edges: Array = ""
    texts: list[Text] = Field(default_factory=list, max_length=MAX_TEXTS)
    name: text(500) = ""
    source: text(100) = ""
    source_id: text(200) = ""
    material: Name = "reference"

    def decide(self, state: State):
        problem = check_new_id(state, self.id) or check_level(state, self.level_id)
        return problem or _check_arrays(self.vertices, self.faces, self.edges,
                                        bool(self.texts)) or [self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        origin = tuple(data["origin"])
        fix_origin(state, origin[:2], data["level_id"])
        texts = tuple({**t, "position": list(t["position"])} for t in data.get("texts", ()))
        state.elements[data["id"]] = Reference(
            id=data["id"], level_id=data["level_id"], origin=origin,
            vertices=data["vertices"], faces=data.get("faces", ""),
            edges=data.get("edges", ""), texts=texts, name=data.get("name", ""),
            source=data.get("source", ""), source_id=data.get("source_id", ""),
            material=data.get("material", "reference"))


def _check_arrays(vertices: str, faces: str, edges: str, has_texts: bool):
    try:
        v, f, e = decode_arrays(vertices, faces, edges)
    except ValueError as exc:
        return reject("invalid_geometry", f"The reference's arrays do not decode: {exc}.")
    if not len(f) and not len(e) and not has_texts:
        return reject("invalid_geometry", "A reference needs faces, edges or texts.")
    if len(v) and not np.isfinite(v).all():
        return reject("invalid_geometry", "The reference's vertices are not all finite.")
    for name, index in (("faces", f), ("edges", e)):
        if len(index) and int(index.max()) >= len(v):
            return reject("invalid_geometry", f"The reference's {name} index a vertex it "
                          f"does not have ({int(index.max())} >= {len(v)}).")
    return None
