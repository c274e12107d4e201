"""Openings hosted by a wall: place_opening, update_opening.

An opening spans `offset .. offset + width` along its host's baseline (from the host's start)
and `sill_height .. sill_height + height` above the host's base. It must lie inside the host
and must not overlap another opening of the same host (touching is allowed).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import model_validator

from pryzm.model.commands.base import (
    Command,
    Flag,
    Id,
    Length,
    Name,
    Offset,
    check_new_id,
    find_element,
    reject,
)
from pryzm.model.state import Opening, State, Wall

_EPS = 1e-9
DEFAULTS = {
    "door": {"width": 0.9, "height": 2.1, "sill_height": 0.0, "material": "timber"},
    "window": {"width": 1.2, "height": 1.2, "sill_height": 0.9, "material": "glass"},
}


def _fits(wall: Wall, opening: Opening) -> bool:
    return (opening.offset >= -_EPS and opening.offset + opening.width <= wall.length + _EPS
            and opening.sill_height >= -_EPS
            and opening.sill_height + opening.height <= wall.height + _EPS)


def _overlap(a: Opening, b: Opening) -> bool:
    return (a.offset < b.offset + b.width - _EPS and b.offset < a.offset + a.width - _EPS
            and a.sill_height < b.sill_height + b.height - _EPS
            and b.sill_height < a.sill_height + a.height - _EPS)


def check_openings_fit(wall: Wall, openings: Iterable[Opening]):
    """`opening_outside_host` if any of `openings` does not fit in `wall`."""
    outside = sorted(o.id for o in openings if not _fits(wall, o))
    if outside:
        return reject("opening_outside_host",
                      f"Opening {outside[0]} would not fit inside wall {wall.id} "
                      f"(length {wall.length:.3f} m, height {wall.height:.3f} m).",
                      host_id=wall.id, ids=outside)
    return None


def check_opening(state: State, opening: Opening):
    """The host exists, is a wall, holds the opening and no other opening overlaps it."""
    host = state.elements.get(opening.host_id)
    if host is None:
        return reject("unknown_host", f"There is no wall {opening.host_id} to host the "
                      "opening.", host_id=opening.host_id)
    if host.kind != "wall":
        return reject("wrong_element_type", f"Element {host.id} is a {host.kind}; only walls "
                      "host openings.", id=host.id, kind=host.kind)
    problem = check_openings_fit(host, [opening])
    if problem:
        return problem
    for other in state.openings_of(host.id):
        if other.id != opening.id and _overlap(opening, other):
            return reject("opening_overlap", f"The opening overlaps opening {other.id} in "
                          f"wall {host.id}.", host_id=host.id, other_id=other.id)
    return None


class PlaceOpening(Command):
    """A door or window in a wall. Left-out sizes take the kind's defaults (`DEFAULTS`)."""

    type: Literal["place_opening"] = "place_opening"
    id: Id
    host_id: Id
    kind: Literal["door", "window"]
    offset: Offset
    width: Length
    height: Length
    sill_height: Offset
    flip: Flag = False
    material: Name

    @model_validator(mode="before")
    @classmethod
    def _kind_defaults(cls, raw: Any) -> Any:
        if isinstance(raw, dict) and raw.get("kind") in DEFAULTS:
            return {**DEFAULTS[raw["kind"]], **{k: v for k, v in raw.items() if v is not None}}
        return raw

    def decide(self, state: State):
        problem = check_new_id(state, self.id)
        if problem:
            return problem
        host = state.elements.get(self.host_id)
        opening = _opening(self.model_dump(exclude={"type"}), host.level_id if host else "")
        return check_opening(state, opening) or [self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        level_id = state.elements[data["host_id"]].level_id
        state.elements[data["id"]] = _opening(data, level_id)


class UpdateOpening(Command):
    """Change an opening's size, position along its host, flip or material."""

    type: Literal["update_opening"] = "update_opening"
    id: Id
    offset: Offset | None = None
    width: Length | None = None
    height: Length | None = None
    sill_height: Offset | None = None
    flip: Flag | None = None
    material: Name | None = None

    def decide(self, state: State):
        current = find_element(state, self.id, "door", "window")
        if not isinstance(current, Opening):
            return current
        updated = current.evolve(**self.model_dump(exclude={"type", "id"}, exclude_none=True))
        return check_opening(state, updated) or [self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        changes = {k: v for k, v in data.items() if k != "id" and v is not None}
        state.elements[data["id"]] = state.elements[data["id"]].evolve(**changes)


def _opening(data: dict[str, Any], level_id: str) -> Opening:
    return Opening(id=data["id"], host_id=data["host_id"], level_id=level_id,
                   kind=data["kind"], offset=data["offset"], width=data["width"],
                   height=data["height"], sill_height=data["sill_height"],
                   flip=data.get("flip", False), material=data["material"])
