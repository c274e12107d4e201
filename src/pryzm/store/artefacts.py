"""Artefacts: objects a job produced for a project (bake manifests, model GLBs, exports)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import psycopg

from pryzm.store.db import Database, q
from pryzm.store.objects import StoredObject


# Held exclusively by a backup from its dump to the end of its object copy, and shared by
# whatever deletes objects that rows name (pruning), so the copy holds every object the dump
# names (pg_advisory locks: any process on the same database, embedded or external).
BACKUP_LOCK = 0x5052595A4D  # "PRYZM"


@contextlib.asynccontextmanager
async def pruning_allowed(db: Database) -> AsyncIterator[bool]:
    """True (and a backup waits until the block ends) unless a backup is being taken."""
    async with db.connection() as conn:
        got = (await (await conn.execute("SELECT pg_try_advisory_lock_shared(%s) AS got",
                                         (BACKUP_LOCK,))).fetchone())["got"]
        try:
            yield bool(got)
        finally:
            if got:
                await conn.execute("SELECT pg_advisory_unlock_shared(%s)", (BACKUP_LOCK,))


@contextlib.contextmanager
def objects_frozen(url: str) -> Iterator[None]:
    """For a backup: no object a row names is deleted until the block ends (waits for a
    prune under way to finish)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (BACKUP_LOCK,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (BACKUP_LOCK,))


async def record(db: Database, *, project_id: str, job_id: int | None, seq: int | None,
                 kind: str, stored: StoredObject, content_type: str) -> str:
    artefact_id = str(uuid.uuid4())
    async with db.connection() as conn:
        await conn.execute(q("insert_artefact"), {
            "id": artefact_id, "project_id": project_id, "job_id": job_id, "seq": seq,
            "kind": kind, "key": stored.key, "size": stored.size, "sha256": stored.sha256,
            "content_type": content_type})
    return artefact_id


async def latest(db: Database, project_id: str, kind: str) -> dict[str, Any] | None:
    async with db.connection() as conn:
        return await (await conn.execute(q("latest_artefact"), {
            "project_id": project_id, "kind": kind})).fetchone()


async def get(db: Database, project_id: str, artefact_id: str) -> dict[str, Any] | None:
    async with db.connection() as conn:
        return await (await conn.execute(q("get_artefact"), {
            "project_id": project_id, "id": artefact_id})).fetchone()


async def for_seq(db: Database, project_id: str, kind: str, seq: int) -> dict[str, Any] | None:
    async with db.connection() as conn:
        return await (await conn.execute(q("artefact_for_seq"), {
            "project_id": project_id, "kind": kind, "seq": seq})).fetchone()


async def prune_bakes(db: Database, project_id: str, keep: int) -> list[str]:
    """Forget the project's bakes before its newest `keep`; the object keys to delete."""
    async with db.connection() as conn:
        rows = await (await conn.execute(q("prune_bakes"), {
            "project_id": project_id, "keep": max(1, keep)})).fetchall()
    return [row["key"] for row in rows]
