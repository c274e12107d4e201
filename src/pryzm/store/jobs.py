"""The job queue: a PostgreSQL table claimed with FOR UPDATE SKIP LOCKED, woken by NOTIFY.

Jobs survive restarts (they are rows); a job whose worker stops beating is requeued; queued
bakes of one project coalesce into one; jobs of one kind run one at a time per project, and
any number of workers can share the queue.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from psycopg.types.json import Jsonb

from pryzm.store.db import Database, q

CHANNEL = "pryzm_jobs"


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    project_id: str
    kind: str
    target_seq: int | None
    payload: dict[str, Any]
    attempts: int
    created_by: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Job:
        return cls(row["id"], str(row["project_id"]), row["kind"], row["target_seq"],
                   row["payload"] or {}, row["attempts"],
                   str(row["created_by"]) if row["created_by"] else None)


async def enqueue(db: Database, *, project_id: str, kind: str, payload: dict[str, Any],
                  created_by: str | None = None, target_seq: int | None = None) -> int:
    async with db.transaction() as conn:
        row = await (await conn.execute(q("enqueue"), {
            "project_id": project_id, "kind": kind, "target_seq": target_seq,
            "payload": Jsonb(payload), "created_by": created_by})).fetchone()
        await conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, json.dumps({"kind": kind})))
    return row["id"]


async def bake_queued(db: Database, project_id: str) -> bool:
    """Whether a bake of the project is waiting in the queue."""
    async with db.connection() as conn:
        row = await (await conn.execute(q("bake_queued"), {
            "coalesce_key": f"bake:{project_id}"})).fetchone()
    return row is not None


async def claim(db: Database, worker: str, kinds: tuple[str, ...]) -> Job | None:
    async with db.connection() as conn:
        row = await (await conn.execute(q("claim"), {"worker": worker,
                                                     "kinds": list(kinds)})).fetchone()
    return Job.from_row(row) if row else None


async def heartbeat(db: Database, job_id: int, progress: float, stage: str | None) -> None:
    async with db.connection() as conn:
        await conn.execute(q("heartbeat"), {"id": job_id, "progress": progress, "stage": stage})


async def finish(db: Database, job_id: int, *, result: dict[str, Any] | None = None,
                 error: dict[str, Any] | None = None) -> None:
    async with db.connection() as conn:
        await conn.execute(q("finish"), {
            "id": job_id, "status": "failed" if error else "done",
            "progress": 1.0 if not error else 0.0,
            "result": Jsonb(result) if result is not None else None,
            "error": Jsonb(error) if error is not None else None})


async def requeue_stale(db: Database, stale_seconds: float, max_attempts: int = 3) -> list[int]:
    async with db.connection() as conn:
        cur = await conn.execute(q("requeue_stale"), {"stale_seconds": stale_seconds,
                                                      "max_attempts": max_attempts})
        return [r["id"] for r in await cur.fetchall()]


async def queue_depth(db: Database) -> int:
    async with db.connection() as conn:
        return (await (await conn.execute(q("queue_depth"))).fetchone())["queued"]


async def get_job(db: Database, job_id: int) -> dict[str, Any] | None:
    async with db.connection() as conn:
        return await (await conn.execute(q("get_job"), {"id": job_id})).fetchone()
