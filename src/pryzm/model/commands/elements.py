"""Commands on any element: delete_elements, move_elements, set_properties."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StrictBool

from pryzm.model.commands.base import (
    Command,
    Id,
    Name,
    Point,
    find_element,
    reject,
    text,
    translated,
)
from pryzm.model.commands.openings import check_opening
from pryzm.model.results import Rejection
from pryzm.model.state import OPENING_KINDS, Element, State

MAX_IDS = 100_000


def _check_ids(state: State, ids: list[str], command: str):
    missing = [i for i in ids if i not in state.elements]
    if missing:
        return reject("unknown_element", f"There is no element {missing[0]}.", ids=missing)
    if len(set(ids)) != len(ids):
        return reject("invalid_command", f"{command} lists an id twice.")
    return None


class DeleteElements(Command):
    """Delete elements. Deleting a wall deletes the openings it hosts in the same event: the
    event's `ids` lists them after the requested ids."""

    type: Literal["delete_elements"] = "delete_elements"
    ids: list[Id] = Field(min_length=1, max_length=MAX_IDS)

    def decide(self, state: State):
        problem = _check_ids(state, self.ids, "delete_elements")
        if problem:
            return problem
        requested = set(self.ids)
        walls = {i for i in self.ids if state.elements[i].kind == "wall"}
        hosted = sorted(e.id for e in state.elements.values()
                        if e.kind in OPENING_KINDS and e.host_id in walls
                        and e.id not in requested)
        return [DeleteElements(ids=[*self.ids, *hosted]).event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        for element_id in data["ids"]:
            state.elements.pop(element_id, None)


class MoveElements(Command):
    """Translate elements by `delta` [dx, dy]. Walls carry their openings; an opening moved
    without its host slides along the host by the delta's component along it (and must still
    fit, without overlapping)."""

    type: Literal["move_elements"] = "move_elements"
    ids: list[Id] = Field(min_length=1, max_length=MAX_IDS)
    delta: Point

    def decide(self, state: State):
        problem = _check_ids(state, self.ids, "move_elements")
        if problem:
            return problem
        event = self.event()
        moved = state.copy()
        MoveElements.apply(moved, event.data)
        for element_id in self.ids:
            element = moved.elements[element_id]
            if element.kind in OPENING_KINDS:
                problem = check_opening(moved, element)
                if problem:
                    return problem
        return [event]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        ids = set(data["ids"])
        dx, dy = data["delta"]
        for element_id in data["ids"]:
            state.elements[element_id] = _moved(state, state.elements[element_id], ids, dx, dy)


def _moved(state: State, element: Element, ids: set[str], dx: float, dy: float) -> Element:
    kind = element.kind
    if kind == "wall":
        return element.evolve(start=(element.start[0] + dx, element.start[1] + dy),
                              end=(element.end[0] + dx, element.end[1] + dy))
    if kind in OPENING_KINDS:
        if element.host_id in ids:
            return element  # it rides on its host
        ux, uy = state.elements[element.host_id].direction
        return element.evolve(offset=element.offset + dx * ux + dy * uy)
    if kind == "column":
        return element.evolve(position=(element.position[0] + dx, element.position[1] + dy))
    if kind == "slab":
        return element.evolve(boundary=translated(element.boundary, dx, dy),
                              holes=tuple(translated(h, dx, dy) for h in element.holes))
    return element.evolve(boundary=translated(element.boundary, dx, dy))  # room


# JSON scalars that IFC (and every other consumer) can hold: integers are 64-bit.
def _not_an_int(value: Any) -> Any:
    if isinstance(value, int):  # an integer out of the 64-bit range is not a float either
        raise ValueError("integers must fit in 64 bits")
    return value


Value = StrictBool | Annotated[int, Field(strict=True, ge=-2**63, le=2**63 - 1)] | \
    Annotated[float, BeforeValidator(_not_an_int), Field(strict=True, allow_inf_nan=False)] | \
    text(10_000)


class SetProperties(Command):
    """Merge property sets into an element: `psets` maps a set name to {property: value};
    values are JSON scalars (string, number, boolean) and keep their type; null removes the
    property, and a set left empty is removed."""

    type: Literal["set_properties"] = "set_properties"
    id: Id
    psets: dict[Name, dict[Name, Value | None]] = Field(min_length=1, max_length=1000)

    def decide(self, state: State):
        element = find_element(state, self.id)
        return element if isinstance(element, Rejection) else [self.event()]

    @classmethod
    def apply(cls, state: State, data: dict[str, Any]) -> None:
        element = state.elements[data["id"]]
        merged = {name: dict(props) for name, props in element.properties.items()}
        for name, props in data["psets"].items():
            target = merged.setdefault(name, {})
            for prop, value in props.items():
                if value is None:
                    target.pop(prop, None)
                else:
                    target[prop] = value
            if not target:
                del merged[name]
        state.elements[element.id] = element.evolve(properties=merged)
