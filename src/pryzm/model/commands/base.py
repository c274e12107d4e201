"""Shared pieces of the command models: strict parsing, bounded numbers, common checks."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import shapely
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from pryzm.model.results import Event, Rejection

if TYPE_CHECKING:
    from pryzm.model.state import Element, State

# Scalars are strict: a number must be a JSON number (not "0.3", not true), a flag a JSON
# boolean, a text a JSON string; containers stay lax (a JSON array is a point).
# Coordinates are metres in project space; georeferenced models sit millions of metres
# from zero, so the bound is generous but finite (and see MAX_REACH).
Coord = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-1e8, le=1e8)]
Point = tuple[Coord, Coord]
# Sizes: from a tenth of a millimetre (anything thinner is no building part, and makes the
# join and cut arithmetic divide by almost nothing) to a kilometre.
MIN_LENGTH = 1e-4
Length = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=MIN_LENGTH, le=1000)]
Offset = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-1000, le=1000)]
Angle = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-360, le=360)]
Flag = Annotated[bool, Field(strict=True)]


def no_nul(value: str) -> str:
    if "\x00" in value:  # PostgreSQL text cannot hold it, and no name needs it
        raise ValueError("must not contain NUL characters")
    return value


def not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def text(max_length: int, min_length: int = 0) -> Any:
    """A string of at most `max_length` characters, without NUL."""
    return Annotated[str, Field(strict=True, min_length=min_length, max_length=max_length),
                     AfterValidator(no_nul)]


Name = Annotated[text(200, 1), AfterValidator(not_blank)]

# Meshes are float32 relative to the project origin: within this distance of it (in x and
# y) a vertex is exact to about a millimetre. Georeferenced models set the origin where they
# are; what they place must stay within reach of it.
MAX_REACH = 20_000.0

MIN_AREA = 1e-6  # m²; a polygon below this is a stray click, not a slab or a room


def _uuid_text(value: str) -> str:
    return str(uuid.UUID(value))


Id = Annotated[str, Field(strict=True), AfterValidator(_uuid_text)]


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    type: str
    label: ClassVar[str] = ""

    def decide(self, state: State) -> list[Event] | Rejection:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def event(self) -> Event:
        data = _positive_zeros(self.model_dump(mode="json", exclude_none=True))
        return Event(type=data.pop("type"), data=data)


def _positive_zeros(value: Any) -> Any:
    """`value` with every -0.0 made 0.0. PostgreSQL's jsonb has no negative zero, so an event
    read back from the log would differ from the one broadcast at once, and replicas that
    caught up would hash differently from those that were online."""
    if type(value) is float:
        return 0.0 if value == 0.0 else value
    if isinstance(value, list):
        return [_positive_zeros(v) for v in value]
    if isinstance(value, dict):
        return {k: _positive_zeros(v) for k, v in value.items()}
    return value


class UpdateCommand(Command):
    """Change parameters of one element of `KINDS`; fields left out (or null) keep their
    value. A subclass declares its fields (all optional) and may check the updated element
    in `check`."""

    KINDS: ClassVar[tuple[str, ...]] = ()

    def check(self, state: State, updated: Element) -> Rejection | None:
        return check_level(state, updated.level_id)

    def decide(self, state: State):
        current = find_element(state, self.id, *self.KINDS)
        if isinstance(current, Rejection):
            return current
        updated = current.evolve(**_frozen(self.changes()))
        return self.check(state, updated) or [self.event()]

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude={"type", "id"}, exclude_none=True)

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        changes = _frozen({k: v for k, v in data.items() if k != "id" and v is not None})
        state.elements[data["id"]] = state.elements[data["id"]].evolve(**changes)


def _frozen(value: Any) -> Any:
    """Lists (points, rings) as the tuples the state holds, at any depth."""
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


def reject(code: str, message: str, **details: Any) -> Rejection:
    return Rejection(code, message, details or None)


def check_new_id(state: State, new_id: str) -> Rejection | None:
    if new_id in state.elements or new_id in state.levels:
        return reject("duplicate_id", f"Id {new_id} is already in use.", id=new_id)
    return None


def check_level(state: State, level_id: str) -> Rejection | None:
    if level_id not in state.levels:
        return reject("unknown_level", f"There is no level {level_id}.", level_id=level_id)
    return None


def find_element(state: State, element_id: str, *kinds: str) -> Element | Rejection:
    """The element, or `unknown_element` / `wrong_element_type`."""
    element = state.elements.get(element_id)
    if element is None:
        return reject("unknown_element", f"There is no element {element_id}.", id=element_id)
    if kinds and element.kind not in kinds:
        return reject("wrong_element_type", f"Element {element_id} is a {element.kind}, not a "
                      f"{' or '.join(kinds)}.", id=element_id, kind=element.kind)
    return element


def check_polygon(boundary: list[Any], holes: list[list[Any]] = ()) -> Rejection | None:
    """`degenerate_polygon`, `self_intersecting` or `invalid_holes`, or None if it is a
    valid simple polygon (holes strictly inside it, not touching each other)."""
    problem = _ring_problem(boundary, "boundary")
    for index, hole in enumerate(holes):
        problem = problem or _ring_problem(hole, f"hole {index}")
    if problem:
        return problem
    polygon = shapely.Polygon(boundary, holes)
    if not polygon.is_valid:
        return reject("invalid_holes", "The holes must lie inside the boundary without "
                      "touching it or each other.", reason=shapely.is_valid_reason(polygon))
    return None


def _ring_problem(ring: list[Any], what: str) -> Rejection | None:
    if len(set(ring)) < 3 or shapely.MultiPoint(ring).convex_hull.area < MIN_AREA:
        return reject("degenerate_polygon", f"The {what} encloses no area.", ring=what)
    if not shapely.is_valid(shapely.LinearRing(ring)):
        return reject("self_intersecting", f"The {what} crosses itself.", ring=what,
                      reason=shapely.is_valid_reason(shapely.LinearRing(ring)))
    if shapely.Polygon(ring).area < MIN_AREA:
        return reject("degenerate_polygon", f"The {what} encloses no area.", ring=what)
    return None


def _open_ring(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop repeated consecutive points and a closing point equal to the first."""
    out = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out


# A polygon ring: at least 3 points, stored open (no closing point) without repeats.
Ring = Annotated[list[Point], Field(min_length=3, max_length=10_000),
                 AfterValidator(_open_ring)]


def fix_origin(state: State, point: tuple[float, float], level_id: str) -> None:
    """Fix the project origin at the first placed element (rounded to the kilometre so that
    nearby models share an origin and numbers stay readable)."""
    if state.origin is None:
        elevation = state.levels[level_id].elevation
        state.origin = (round(point[0], -3), round(point[1], -3), round(elevation, -3))


def translated(points: tuple, dx: float, dy: float) -> tuple:
    return tuple((x + dx, y + dy) for x, y in points)


def check_reach(state: State, points: list[tuple[float, float]]) -> Rejection | None:
    """`too_far` if a point lies more than MAX_REACH from the project origin (or, in a
    model without one yet, from where the first point will fix it)."""
    if not points:
        return None
    if state.origin is not None:
        ox, oy = state.origin[0], state.origin[1]
    else:
        ox, oy = round(points[0][0], -3), round(points[0][1], -3)
    far = max(max(abs(x - ox), abs(y - oy)) for x, y in points)
    if far > MAX_REACH:
        return reject("too_far", f"That is {far / 1000:,.1f} km from the project origin; a "
                      f"model reaches {MAX_REACH / 1000:,.0f} km around it, so that its "
                      "geometry stays exact to the millimetre.", distance=far,
                      limit=MAX_REACH, origin=[ox, oy])
    return None
