"""The project state: levels and elements, keyed by client-generated UUIDs.

Values are frozen; the maps are owned by one `State`, which `apply` updates in place.
`State.copy()` gives an independent replica (cheap: it copies the maps, not the values).
An element's `properties` dict is replaced, never mutated, so replicas may share it.

Element kinds: `wall`, `door` and `window` (openings hosted by a wall), `slab`, `column`,
`room`, and `reference` (imported geometry kept as a mesh and/or plan lines). Every element has `id`, `kind`, `level_id`, `material` and `properties`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

Point2 = tuple[float, float]
Ring = tuple[Point2, ...]
PropertySets = dict[str, dict[str, Any]]

OPENING_KINDS = ("door", "window")


def _props() -> Any:
    return field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    name: str
    elevation: float = 0.0
    height: float = 3.0

    def evolve(self, **changes: Any) -> Level:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Wall:
    """A straight wall. `alignment` says where the body lies relative to the baseline
    (start -> end): `center` straddles it, `left` lies on its left, `right` on its right."""

    id: str
    level_id: str
    start: Point2
    end: Point2
    thickness: float = 0.2
    height: float = 3.0
    base_offset: float = 0.0
    material: str = "concrete"
    alignment: str = "center"
    properties: PropertySets = _props()
    kind: str = field(default="wall", init=False)

    def evolve(self, **changes: Any) -> Wall:
        return replace(self, **changes)

    @property
    def length(self) -> float:
        dx, dy = self.end[0] - self.start[0], self.end[1] - self.start[1]
        return (dx * dx + dy * dy) ** 0.5

    @property
    def direction(self) -> Point2:
        length = self.length
        return ((self.end[0] - self.start[0]) / length, (self.end[1] - self.start[1]) / length)

    @property
    def faces(self) -> tuple[float, float]:
        """Offsets (lo, hi) of the two faces along the left normal of the baseline."""
        if self.alignment == "left":
            return (0.0, self.thickness)
        if self.alignment == "right":
            return (-self.thickness, 0.0)
        return (-self.thickness / 2, self.thickness / 2)


@dataclass(frozen=True, slots=True)
class Opening:
    """A door or window in its host wall: it spans `offset .. offset + width` along the host's
    baseline from its start, and `sill_height .. sill_height + height` above the host's base.
    `level_id` follows the host."""

    id: str
    host_id: str
    level_id: str
    kind: str
    offset: float
    width: float
    height: float
    sill_height: float
    flip: bool = False
    material: str = "timber"
    properties: PropertySets = _props()

    def evolve(self, **changes: Any) -> Opening:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Slab:
    """A floor plate: its top is at the level's elevation + `offset`, `thickness` below."""

    id: str
    level_id: str
    boundary: Ring
    holes: tuple[Ring, ...] = ()
    thickness: float = 0.2
    offset: float = 0.0
    material: str = "concrete"
    properties: PropertySets = _props()
    kind: str = field(default="slab", init=False)

    def evolve(self, **changes: Any) -> Slab:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Column:
    """A vertical column centred on `position`: a `rect` (width x depth, turned by `rotation`
    degrees) or a `circle` (diameter)."""

    id: str
    level_id: str
    position: Point2
    shape: str = "rect"
    width: float = 0.3
    depth: float = 0.3
    diameter: float = 0.3
    rotation: float = 0.0
    height: float = 3.0
    base_offset: float = 0.0
    material: str = "concrete"
    properties: PropertySets = _props()
    kind: str = field(default="column", init=False)

    def evolve(self, **changes: Any) -> Column:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Room:
    """A space bounded by a polygon; `height` None means the level's height."""

    id: str
    level_id: str
    boundary: Ring
    name: str = "Room"
    number: str = ""
    height: float | None = None
    base_offset: float = 0.0
    material: str = "room"
    properties: PropertySets = _props()
    kind: str = field(default="room", init=False)

    def evolve(self, **changes: Any) -> Room:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Reference:
    """Imported geometry that maps to no native element (e.g. an IfcFurnishingElement, a Rhino
    mesh, a DXF layer as a plan underlay). `vertices` (float32, xyz relative to the float64
    `origin`), `faces` (uint32 triangles) and `edges` (uint32 index pairs, plan lines) are
    base64 of little-endian arrays (codec: pryzm.model.commands.reference); `texts` holds
    plan annotations `{text, position [x, y], height, rotation}`. `source` names what it came
    from (`IfcRailing`, `dxf`, `3dm:Mesh`), `source_id` its id there (an IFC GlobalId)."""

    id: str
    level_id: str
    origin: tuple[float, float, float]
    vertices: str
    faces: str = ""
    edges: str = ""
    texts: tuple[Any, ...] = field(default=(), hash=False)
    name: str = ""
    source: str = ""
    source_id: str = ""
    material: str = "reference"
    properties: PropertySets = _props()
    kind: str = field(default="reference", init=False)

    def evolve(self, **changes: Any) -> Reference:
        # move_elements translates elements with a `boundary`; a reference moves its anchor.
        boundary = changes.pop("boundary", None)
        if boundary is not None:
            changes["origin"] = (boundary[0][0], boundary[0][1], self.origin[2])
        return replace(self, **changes)

    @property
    def boundary(self) -> tuple[Point2, ...]:
        """The anchor in plan, as a one-point ring (what move_elements translates)."""
        return ((self.origin[0], self.origin[1]),)


Element = Wall | Opening | Slab | Column | Room | Reference

_BY_KIND: dict[str, type] = {"wall": Wall, "door": Opening, "window": Opening, "slab": Slab,
                             "column": Column, "room": Room, "reference": Reference}


class ElementMap(dict):
    """A State's elements by id, noting the id each change touches in a journal that the
    copies of one line of states share, so that whoever keeps data derived from the elements
    (the bake's mesh keys) can ask which ids changed since it last looked (`touched_since`)
    instead of comparing every element. Only the map that started a journal writes to it: a
    copy that is changed (a scratch state a decision tries, a branch) starts a journal of its
    own, so a journal only ever tells one history; so does a journal grown past
    JOURNAL_KEPT ids."""

    JOURNAL_KEPT = 1 << 17

    def __init__(self, *args: Any, journal: list[str] | None = None, mark: int = 0):
        super().__init__(*args)
        self.owner = journal is None  # this map writes the journal
        self.journal: list[str] = [] if journal is None else journal
        self.mark = mark  # how much of the journal this map's content reflects

    def copy(self) -> ElementMap:
        return ElementMap(self, journal=self.journal, mark=self.mark)

    def touched_since(self, journal: list[str] | None, mark: int) -> set[str] | None:
        """The ids changed since this line's journal stood at `mark`; None when this map is
        not of that line, or is older than that."""
        if journal is not self.journal or mark > self.mark:
            return None
        return set(self.journal[mark:self.mark])

    def _touch(self, key: str) -> None:
        if not self.owner or self.mark >= self.JOURNAL_KEPT:
            self.journal, self.mark, self.owner = [], 0, True
        self.journal.append(key)
        self.mark += 1

    def __setitem__(self, key: str, value: Element) -> None:
        self._touch(key)
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self._touch(key)

    def pop(self, key: str, *default: Any) -> Any:
        if key in self:
            self._touch(key)
        return super().pop(key, *default)

    def popitem(self) -> tuple[str, Element]:
        key, value = super().popitem()
        self._touch(key)
        return key, value

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def clear(self) -> None:
        for key in list(self):
            del self[key]

    def __ior__(self, other: Any) -> ElementMap:
        self.update(other)
        return self

    def __reduce__(self):
        return ElementMap, (dict(self),)


@dataclass(slots=True)
class State:
    """Everything the model knows at `seq` (the last event folded in)."""

    seq: int = 0
    levels: dict[str, Level] = field(default_factory=dict)
    elements: ElementMap = field(default_factory=ElementMap)
    # Meshes are written relative to this point so that georeferenced models keep
    # float32 precision; it is fixed by the first placed element and never moves.
    origin: tuple[float, float, float] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.elements, ElementMap):
            self.elements = ElementMap(self.elements)

    def copy(self) -> State:
        return State(self.seq, dict(self.levels), self.elements.copy(), self.origin)

    def walls(self) -> list[Wall]:
        return [e for e in self.elements.values() if e.kind == "wall"]

    def openings_of(self, wall_id: str) -> list[Opening]:
        return [e for e in self.elements.values()
                if e.kind in OPENING_KINDS and e.host_id == wall_id]

    def to_json(self) -> dict[str, Any]:
        """A canonical, JSON-ready form: sorted by id, floats as Python reprs."""
        return {
            "origin": list(self.origin) if self.origin else None,
            "levels": [_plain(v) for _, v in sorted(self.levels.items())],
            "elements": [_plain(v) for _, v in sorted(self.elements.items())],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], seq: int = 0) -> State:
        """The inverse of `to_json` (e.g. for snapshots)."""
        state = cls(seq=seq, origin=tuple(data["origin"]) if data.get("origin") else None)
        for raw in data["levels"]:
            level = Level(**{k: v for k, v in raw.items() if k != "kind"})
            state.levels[level.id] = level
        for raw in data["elements"]:
            element = _element_from_json(raw)
            state.elements[element.id] = element
        return state

    def hash(self) -> str:
        """A deterministic digest of the model (not of `seq`): replicas that applied the same
        events have the same hash."""
        text = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Level | Element) -> dict[str, Any]:
    data = asdict(value)
    data["kind"] = getattr(value, "kind", "level")
    return {k: _lists(v) for k, v in data.items()}


def _lists(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_lists(v) for v in value]
    return value


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def _element_from_json(raw: dict[str, Any]) -> Element:
    cls = _BY_KIND[raw["kind"]]
    names = {f.name for f in fields(cls) if f.init}
    values = {k: (v if k == "properties" else _tuples(v)) for k, v in raw.items() if k in names}
    return cls(**values)
