"""The bake-worker's import and export jobs: the I/O shell around the importers/exporters.

import {upload_id, options}
    1. read the project's state from the event log, stream the upload to a temporary file
    2. run the importer in a child process (`isolate`): commands checked against the state
    3. append them through the sync-server, as the importing user, in `batch` commands
       (one batch unless the import is large: at most 5,000 commands / ~4 MB each); event
       ids derive from the job, so a retried job is acknowledged, never appended twice
    -> {"report", "batches", "first_seq", "last_seq"}

export {format, level_id?}
    the state at the head -> an exporter (in a thread) -> the object store -> an artefact
    -> {"artefact_id", "url", "format", "size", "seq", "report"}

Failures raise InteropError (the worker records `{code, message, details}` on the job).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import websockets
from websockets.asyncio.client import connect

from pryzm.errors import ObjectMissing
from pryzm.formats import file_stem
from pryzm.internal import HEADER, internal_token
from pryzm.interop import export_model, split_batches
from pryzm.interop.errors import ExportFailed, ImportFailed
from pryzm.interop.isolate import run_isolated
from pryzm.model import State
from pryzm.store import artefacts, projects
from pryzm.store import events as event_log
from pryzm.store.db import Database, q
from pryzm.store.objects import ObjectStore

Progress = Callable[[float, str], Awaitable[None]]

MODEL_FORMATS = ("ifc", "ifczip", "dxf", "dxf_binary", "3dm")
EXPORT_FORMATS = {"ifc4": "ifc4", "ifc2x3": "ifc2x3", "glb": "glb", "dxf": "dxf"}
ACK_TIMEOUT = 300.0


async def run_import(job, progress: Progress, *, db: Database, objects: ObjectStore,
                     sync_url: str, secret: str, max_message_bytes: int) -> dict[str, Any]:
    payload = job.payload
    upload = await _upload(db, job.project_id, str(payload.get("upload_id", "")))
    if upload["format"] not in MODEL_FORMATS:
        raise ImportFailed("unknown_format", f"{upload['filename']} is a {upload['format']} "
                           "file; only IFC, IFC-zip, DXF and 3dm files import.")
    user_id = job.created_by or str(upload["user_id"])
    user = await projects.get_user(db, user_id)
    role = await projects.member_role(db, job.project_id, user_id)
    if user is None or role not in ("owner", "editor"):
        raise ImportFailed("forbidden", "The importing user can no longer edit this project.")
    await progress(0.01, "reading the project")
    state = await event_log.replay(db, job.project_id, State())
    seed = f"{job.project_id}:import:{job.id}"
    with tempfile.TemporaryDirectory(prefix="pryzm-upload-") as folder:
        path = Path(folder) / "source"
        await _download(objects, upload["key"], path)

        async def scaled(fraction: float, stage: str) -> None:
            await progress(0.02 + 0.78 * fraction, stage)

        outcome = await run_isolated(path, upload["format"], state,
                                     options=dict(payload.get("options") or {}), seed=seed,
                                     progress=scaled)
    report = outcome["report"]
    report["source"]["filename"] = upload["filename"]
    batches = split_batches(outcome["commands"])
    if not any(c["type"] != "create_level" for c in outcome["commands"]):
        report["warnings"].append({"code": "nothing_imported",
                                   "message": "The file held nothing PRYZM could import."})
    acks = await append_batches(
        sync_url, secret, job.project_id, user_id=user_id, user_name=user["display_name"],
        role=role, head=state.seq, batches=batches, seed=seed, progress=progress,
        max_size=max_message_bytes)
    return {"report": report, "batches": len(acks),
            "first_seq": acks[0]["first_seq"] if acks else None,
            "last_seq": acks[-1]["seq"] if acks else None,
            "upload_id": str(upload["id"])}


async def run_export(job, progress: Progress, *, db: Database,
                     objects: ObjectStore) -> dict[str, Any]:
    fmt = str(job.payload.get("format", "")).lower()
    if fmt not in EXPORT_FORMATS:
        raise ExportFailed("unknown_format", f"PRYZM cannot export {fmt!r}.",
                           {"known": sorted(EXPORT_FORMATS)})
    await progress(0.05, "reading the project")
    state = await event_log.replay(db, job.project_id, State())
    options = {k: v for k, v in job.payload.items() if k in ("level_id", "project_name", "author")}
    await progress(0.2, f"writing {fmt}")
    exported = await asyncio.to_thread(export_model, state, EXPORT_FORMATS[fmt], options)
    await progress(0.9, "storing")
    key = f"projects/{job.project_id}/exports/{job.id}.{exported.extension}"
    stored = await objects.put(key, exported.data)
    artefact_id = await artefacts.record(db, project_id=job.project_id, job_id=job.id,
                                         seq=state.seq, kind=f"export_{fmt}", stored=stored,
                                         content_type=exported.content_type)
    return {"artefact_id": artefact_id, "format": fmt, "size": stored.size,
            "sha256": stored.sha256, "seq": state.seq, "filename": f"{file_stem(str(job.payload.get('project_name') or ''))}.{exported.extension}",
            "url": f"/v1/projects/{job.project_id}/artefacts/{artefact_id}",
            "report": exported.report}


async def append_batches(sync_url: str, secret: str, project_id: str, *, user_id: str,
                         user_name: str, role: str, head: int, batches: list[dict[str, Any]],
                         seed: str, progress: Progress,
                         max_size: int = 16 * 1024 * 1024) -> list[dict[str, Any]]:
    """Send each batch as a command on the sync-server's project socket (the same path as
    every client's edit: decided, appended, broadcast) and wait for its ack."""
    if not batches:
        return []
    base = urlsplit(sync_url)
    scheme = "wss" if base.scheme == "https" else "ws"
    headers = {HEADER: internal_token(secret), "x-pryzm-user-id": user_id,
               "x-pryzm-user-name": quote(user_name), "x-pryzm-role": role}
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"pryzm:{seed}")
    acks = []
    try:
        async with connect(f"{scheme}://{base.netloc}/ws/{project_id}",
                           additional_headers=headers, max_size=max_size, open_timeout=20,
                           compression=None) as ws:
            await ws.send(json.dumps({"type": "hello", "last_seq": head}))
            for index, batch in enumerate(batches):
                event_id = str(uuid.uuid5(namespace, f"batch:{index}"))
                await progress(0.8 + 0.19 * index / len(batches),
                               f"appending batch {index + 1} of {len(batches)}")
                await ws.send(json.dumps({"type": "command", "event_id": event_id,
                                          "command": batch}))
                reply = await asyncio.wait_for(_reply(ws, event_id), ACK_TIMEOUT)
                if reply["type"] == "reject":
                    raise ImportFailed(
                        "rejected", f"The project refused batch {index + 1} of "
                        f"{len(batches)}: {reply.get('message')}",
                        {"batch": index, "committed_batches": index, "code": reply.get("code"),
                         "details": reply.get("details")})
                acks.append(reply)
    except (OSError, websockets.WebSocketException) as exc:
        raise ImportFailed("sync_unavailable", f"The sync-server could not be reached or "
                           f"closed the connection ({exc}); {len(acks)} of {len(batches)} "
                           "batches were committed. Retrying the job is safe.") from exc
    except TimeoutError as exc:
        raise ImportFailed("sync_unavailable", "The sync-server did not acknowledge the "
                           "import in time. Retrying the job is safe.") from exc
    return acks


async def _reply(ws, event_id: str) -> dict[str, Any]:
    async for raw in ws:
        message = json.loads(raw)
        if message.get("type") in ("ack", "reject") and message.get("event_id") == event_id:
            return message
        if message.get("type") == "error" and message.get("code") == "unavailable":
            raise ImportFailed("sync_unavailable", message.get("message", "unavailable"))
    raise ImportFailed("sync_unavailable", "The sync-server closed the connection.")


async def _upload(db: Database, project_id: str, upload_id: str) -> dict[str, Any]:
    try:
        upload_id = str(uuid.UUID(upload_id))
    except ValueError as exc:
        raise ImportFailed("unknown_upload", f"There is no upload {upload_id!r}.") from exc
    async with db.connection() as conn:
        row = await (await conn.execute(q("get_upload"), {"id": upload_id,
                                                          "project_id": project_id})).fetchone()
    if row is None:
        raise ImportFailed("unknown_upload", f"There is no upload {upload_id} in this project.")
    return row


async def _download(objects: ObjectStore, key: str, path: Path) -> None:
    try:
        _, chunks = await objects.stream(key)
    except ObjectMissing as exc:
        raise ImportFailed("unknown_upload", "The uploaded file is no longer stored.") from exc
    with path.open("wb") as out:
        async for chunk in chunks:
            out.write(chunk)
