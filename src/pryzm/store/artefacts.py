"""Artefacts: objects a job produced for a project (bake manifests, model GLBs, exports)."""

from __future__ import annotations

import uuid
from typing import Any

from pryzm.store.db import Database, q
from pryzm.store.objects import StoredObject


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
