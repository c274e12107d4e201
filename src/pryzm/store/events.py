"""The event log: append (with the next seqs, under the project's row lock), read, replay."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb

from pryzm.model import Event, State, apply
from pryzm.store.db import Database, q


@dataclass(frozen=True, slots=True)
class EventRecord:
    seq: int
    event_id: str
    command_id: str
    actor: str | None
    event: Event
    created_at: datetime

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> EventRecord:
        return cls(
            seq=row["seq"],
            event_id=str(row["event_id"]),
            command_id=str(row["command_id"]),
            actor=str(row["actor"]) if row["actor"] else None,
            event=Event(type=row["type"], data=row["payload"]),
            created_at=row["created_at"],
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "event_id": self.event_id,
            "command_id": self.command_id,
            "actor": self.actor,
            "created_at": self.created_at.isoformat(),
            "event": self.event.to_json(),
        }


class HeadMoved(Exception):
    """Somebody else appended to the project since our state was read; reload and retry."""

    def __init__(self, head: int):
        self.head = head


def event_ids(command_id: str, count: int) -> list[str]:
    """A single command's event is its command id; a batch's events get derived ids."""
    if count == 1:
        return [command_id]
    base = uuid.UUID(command_id)
    return [str(uuid.uuid5(base, str(i))) for i in range(count)]


async def append(db: Database, *, project_id: str, actor: str | None, command_id: str,
                 events: list[Event], expected_head: int) -> list[EventRecord]:
    """Append `events` as seqs expected_head+1..; enqueue a (coalesced) bake in the same
    transaction, so a commit is never left without its bake. Raises HeadMoved when the
    project's head is not `expected_head` (nothing is written then)."""
    async with db.transaction() as conn:
        return await append_in(conn, project_id=project_id, actor=actor,
                               command_id=command_id, events=events,
                               expected_head=expected_head)


async def append_in(conn, *, project_id: str, actor: str | None, command_id: str,
                    events: list[Event], expected_head: int) -> list[EventRecord]:
    """`append` inside the caller's transaction."""
    ids = event_ids(command_id, len(events))
    row = await (await conn.execute(q("bump_head"), {
        "project_id": project_id, "count": len(events)})).fetchone()
    if row is None:
        raise LookupError(f"project {project_id} does not exist")
    head = row["head_seq"]
    if head - len(events) != expected_head:
        raise HeadMoved(head - len(events))
    first = expected_head + 1
    rows = [{
        "project_id": project_id, "seq": first + i, "event_id": ids[i],
        "command_id": command_id, "actor": actor, "type": ev.type,
        "payload": Jsonb(ev.data),
    } for i, ev in enumerate(events)]
    async with conn.cursor() as cur:
        await cur.executemany(q("insert_event"), rows)
    await conn.execute(q("enqueue_coalesced"), {
        "project_id": project_id, "kind": "bake", "coalesce_key": f"bake:{project_id}",
        "target_seq": head, "payload": Jsonb({}), "created_by": actor})
    await conn.execute("SELECT pg_notify('pryzm_jobs', %s)", (json.dumps({"kind": "bake"}),))
    created = await (await conn.execute("SELECT now() AS now")).fetchone()
    return [EventRecord(first + i, ids[i], command_id, actor, ev, created["now"])
            for i, ev in enumerate(events)]


async def events_after(db: Database, project_id: str, after: int,
                       limit: int = 500) -> list[EventRecord]:
    async with db.connection() as conn:
        cur = await conn.execute(q("events_after"), {
            "project_id": project_id, "after": after, "limit": limit})
        return [EventRecord.from_row(r) for r in await cur.fetchall()]


async def head_seq(db: Database, project_id: str) -> int | None:
    async with db.connection() as conn:
        row = await (await conn.execute(q("head_seq"), {"project_id": project_id})).fetchone()
    return None if row is None else row["head_seq"]


async def replay(db: Database, project_id: str, state: State | None = None,
                 page: int = 2000, on_record=None) -> State:
    """Fold the log (after `state.seq`) into `state`."""
    state = state or State()
    while True:
        records = await events_after(db, project_id, state.seq, page)
        for record in records:
            if record.seq != state.seq + 1:
                raise RuntimeError(f"gap in the event log of {project_id} at {record.seq}")
            apply(state, record.event)
            if on_record:
                on_record(record)
        if len(records) < page:
            return state
