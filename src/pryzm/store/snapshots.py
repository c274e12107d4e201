"""Snapshots of a project's state every N events, so opening a project costs one snapshot
plus the events after it, however long the log grows."""

from __future__ import annotations

import asyncio
import json

from pryzm.model import State
from pryzm.store.db import Database, q

EVERY = 1000  # events between snapshots


async def latest(db: Database, project_id: str) -> State | None:
    async with db.connection() as conn:
        row = await (await conn.execute(q("latest_snapshot"),
                                        {"project_id": project_id})).fetchone()
    if row is None:
        return None
    return await asyncio.to_thread(State.from_json, row["state"], row["seq"])


async def save(db: Database, project_id: str, state: State) -> None:
    """Write a snapshot of `state` (a copy the caller no longer mutates)."""
    text = await asyncio.to_thread(lambda: json.dumps(state.to_json()))
    async with db.transaction() as conn:
        await conn.execute(q("insert_snapshot"), {"project_id": project_id, "seq": state.seq,
                                                  "state": text})
        await conn.execute(q("prune_snapshots"), {"project_id": project_id})


def due(last_snapshot_seq: int, seq: int) -> bool:
    return seq - last_snapshot_seq >= EVERY


async def command_index(db: Database, project_id: str, upto: int) -> dict[str, tuple[int, int]]:
    """command_id -> (first seq, last seq) for every command up to `upto`."""
    async with db.connection() as conn:
        cur = await conn.execute(q("command_index"), {"project_id": project_id, "upto": upto})
        return {r["command_id"]: (r["first"], r["last"]) for r in await cur.fetchall()}
