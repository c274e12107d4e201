"""decide / apply: the two functions the services call.

A command is a JSON object with a `type`; `parse_command` turns it into a typed command or a
`Rejection`. `decide` checks it against the state and returns the events to append (or a
`Rejection`); `apply` folds an event into the state. An event is the normalised command: the
same `type` and fields, with defaults filled in, so replaying the log reproduces the state.
"""

from __future__ import annotations

from typing import Any

import pydantic

from pryzm.model.commands import COMMANDS, Command
from pryzm.model.commands.base import check_reach
from pryzm.model.commands.batch import Batch
from pryzm.model.results import Event, Rejection
from pryzm.model.state import State

__all__ = ["Event", "Rejection", "apply", "apply_all", "decide", "parse_command"]


def parse_command(raw: Any) -> Command | Rejection:
    if not isinstance(raw, dict):
        return Rejection("invalid_command", "A command must be a JSON object.")
    kind = raw.get("type")
    model = COMMANDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        return Rejection("unknown_command", f"Unknown command type {kind!r}.",
                         {"known": sorted(COMMANDS)})
    try:
        return model.model_validate(raw)
    except pydantic.ValidationError as exc:
        problems = [
            {"field": ".".join(str(p) for p in err["loc"]), "problem": err["msg"]}
            for err in exc.errors(include_url=False, include_input=False)
        ]
        first = problems[0]
        return Rejection(
            "invalid_command",
            f"{kind}: {first['field'] or 'command'}: {first['problem']}",
            {"problems": problems},
        )


def decide(state: State, command: Command | dict[str, Any]) -> list[Event] | Rejection:
    """The events `command` produces on `state`, or why it is refused. Never changes `state`."""
    if not isinstance(command, Command):
        parsed = parse_command(command)
        if isinstance(parsed, Rejection):
            return parsed
        command = parsed
    events = command.decide(state)
    if isinstance(events, Rejection) or isinstance(command, Batch):
        return events  # (a batch's commands were each checked as they were decided)
    for event in events:
        problem = check_reach(state, _points(state, event))
        if problem:
            return problem
    return events


def _points(state: State, event: Event) -> list[tuple[float, float]]:
    """The plan points an event puts geometry at, the one that fixes the origin first."""
    data = event.data
    if event.type == "move_elements":
        dx, dy = data["delta"]
        out = []
        for element_id in data["ids"]:
            for x, y in _element_points(state.elements[element_id]):
                out.append((x + dx, y + dy))
        return out
    out = [tuple(data["origin"][:2])] if event.type == "place_reference" else []
    out += [tuple(data[k]) for k in ("start", "end", "position") if data.get(k) is not None]
    out += [tuple(p) for p in data.get("boundary") or ()]
    out += [tuple(t["position"]) for t in data.get("texts") or ()]
    return out


def _element_points(element: Any) -> list[tuple[float, float]]:
    kind = element.kind
    if kind == "wall":
        return [element.start, element.end]
    if kind == "column":
        return [element.position]
    if kind in ("slab", "room"):
        return list(element.boundary)
    if kind == "reference":
        return [tuple(element.origin[:2])]
    return []  # openings move with their host


def apply(state: State, event: Event) -> State:
    """Fold `event` into `state` (in place) and return it."""
    COMMANDS[event.type].apply(state, event.data)
    state.seq += 1
    return state


def apply_all(state: State, events: list[Event]) -> State:
    for event in events:
        apply(state, event)
    return state
