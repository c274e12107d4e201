"""Uploads: stream a request body into the object store, never whole in memory."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

from pryzm import formats
from pryzm.errors import ApiError
from pryzm.store.db import Database, q
from pryzm.store.objects import ObjectStore


async def receive(db: Database, objects: ObjectStore, *, project_id: str, user_id: str,
                  filename: str, body: AsyncIterator[bytes], limit: int) -> dict[str, Any]:
    upload_id = str(uuid.uuid4())
    key = f"projects/{project_id}/uploads/{upload_id}"
    digest = hashlib.sha256()
    size = 0
    head = b""
    writer = objects.writer(key)
    too_large = False
    async with writer as out:
        async for chunk in body:
            if not chunk:
                continue
            size += len(chunk)
            if size > limit:
                too_large = True
                break
            if len(head) < formats.SNIFF_BYTES:
                head += chunk[: formats.SNIFF_BYTES - len(head)]
            digest.update(chunk)
            await out.write(chunk)
    if too_large:
        await objects.delete(key)
        raise ApiError(413, "upload_too_large",
                       f"The file is larger than the limit of {limit:,} bytes.",
                       {"limit": limit})
    fmt = formats.detect(head, filename)
    if fmt is None:
        await objects.delete(key)
        raise ApiError(415, "unsupported_format",
                       f"{filename or 'The file'} is not an IFC, IFC-zip, DXF, 3dm, PNG or "
                       "JPEG file (judged by its content).")
    try:
        async with db.connection() as conn:
            return await (await conn.execute(q("insert_upload"), {
                "id": upload_id, "project_id": project_id, "user_id": user_id,
                "filename": filename, "format": fmt, "size": size,
                "sha256": digest.hexdigest(), "key": key})).fetchone()
    except BaseException:
        await objects.delete(key)  # no row, no object: nothing is left half-stored
        raise
