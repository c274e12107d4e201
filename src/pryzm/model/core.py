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
    if isinstance(command, dict):
        parsed = parse_command(command)
        if isinstance(parsed, Rejection):
            return parsed
        command = parsed
    return command.decide(state)


def apply(state: State, event: Event) -> State:
    """Fold `event` into `state` (in place) and return it."""
    COMMANDS[event.type].apply(state, event.data)
    state.seq += 1
    return state


def apply_all(state: State, events: list[Event]) -> State:
    for event in events:
        apply(state, event)
    return state
