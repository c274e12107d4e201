"""The sync-server's ASGI app: `/ws/{project_id}` (internal, behind the gateway) and `/health`."""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
from typing import Any
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from pryzm import metrics
from pryzm.config import Settings
from pryzm.errors import DatabaseUnavailable
from pryzm.internal import HEADER, is_internal
from pryzm.logs import get
from pryzm.service import Health, lifespan_for
from pryzm.store import events as event_log
from pryzm.store.db import Database
from pryzm.store.objects import ObjectStore
from pryzm.sync.client import Client
from pryzm.sync.listener import Listener
from pryzm.sync.room import Room

log = get("sync")

HELLO_TIMEOUT = 15.0
ROOM_IDLE_SECONDS = 300.0
CATCHUP_PAGE_BYTES = 1024 * 1024


class SyncServer:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.db = Database(settings.database_url, timeout=settings.db_connect_timeout)
        self.objects = ObjectStore.from_settings(settings)
        self.rooms: dict[str, Room] = {}
        self.listener = Listener(settings.database_url, self._on_notify)

    def room(self, project_id: str) -> Room:
        room = self.rooms.get(project_id)
        if room is None:
            room = self.rooms[project_id] = Room(project_id, self.db)
        return room

    def _evict(self, project_id: str) -> None:
        """Forget an idle room (its state reloads from snapshot + log when someone returns)."""
        room = self.rooms.get(project_id)
        if room is not None and not room.clients and not room.lock.locked():
            del self.rooms[project_id]

    async def start(self) -> None:
        await self.db.open()
        self.listener.start()

    async def stop(self) -> None:
        await self.listener.stop()
        await self.db.close()

    async def _on_notify(self, channel: str, payload: dict[str, Any]) -> None:
        room = self.rooms.get(payload.get("project_id", ""))
        if room is None or not room.clients:
            return
        if channel == "pryzm_baked":
            try:
                delta = json.loads(await self.objects.get(payload["delta_key"]))
            except Exception as exc:  # a missing delta must not stop the listener
                log.warning("baked delta unreadable", error=str(exc), **payload)
                return
            room.broadcast({"type": "baked", "seq": payload["seq"], "delta": delta})
        elif channel == "pryzm_job":
            room.broadcast({"type": "job", **{k: v for k, v in payload.items()
                                              if k != "project_id"}})

    async def health(self) -> Health:
        health = Health("sync-server")
        await health.check("postgres", self.db.ping())
        health.info["rooms"] = len(self.rooms)
        health.info["clients"] = sum(len(r.clients) for r in self.rooms.values())
        health.info["listener"] = "connected" if self.listener.connected else "reconnecting"
        return health

    async def serve_socket(self, ws: WebSocket) -> None:
        if not is_internal(self.settings.require_secret(), ws.headers.get(HEADER)):
            await ws.close(code=4403, reason="internal callers only")
            return
        project_id = ws.path_params["project_id"]
        client = Client(ws.headers["x-pryzm-user-id"],
                        unquote(ws.headers.get("x-pryzm-user-name", "")),
                        ws.headers.get("x-pryzm-role", "viewer"))
        await ws.accept()
        try:
            first = await asyncio.wait_for(ws.receive(), HELLO_TIMEOUT)
        except (TimeoutError, WebSocketDisconnect, RuntimeError):
            await _close(ws, 4400, "expected hello")
            return
        if first["type"] == "websocket.disconnect":
            return
        hello = _parse(first)
        if not isinstance(hello, dict) or hello.get("type") != "hello":
            await ws.send_json({"type": "error", "code": "invalid_message",
                                "message": "The first message must be hello{last_seq}."})
            await _close(ws, 4400, "expected hello")
            return
        last_seq = hello.get("last_seq", 0)
        if not isinstance(last_seq, int) or last_seq < 0:
            last_seq = 0

        room = self.room(project_id)
        try:
            head = await room.join(client)
        except DatabaseUnavailable:
            await ws.send_json({"type": "error", "code": "unavailable",
                                "message": "The database is unavailable; reconnect shortly."})
            await _close(ws, 1013, "try again later")
            return
        metrics.CONNECTIONS.inc()
        metrics.ROOMS.set(len(self.rooms))
        writer = asyncio.create_task(self._write(ws, room, client, last_seq, head))
        room.broadcast({"type": "presence", "user": client.user_json(), "joined": True},
                       exclude=client)
        try:
            await self._read(ws, room, client)
        finally:
            metrics.CONNECTIONS.dec()
            room.leave(client)
            if not room.clients:
                asyncio.get_running_loop().call_later(ROOM_IDLE_SECONDS, self._evict, project_id)
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await writer

    async def _write(self, ws: WebSocket, room: Room, client: Client, last_seq: int,
                     head: int) -> None:
        try:
            reset = last_seq > head
            if reset:  # ahead of the log (e.g. restored backup): rebuild from zero
                last_seq = 0
            await ws.send_json({"type": "welcome", "head_seq": head, "reset": reset,
                                "user": client.user_json(), "role": client.role,
                                "online": room.online(),
                                "max_command_bytes": self.settings.max_command_bytes})
            sent = await self._catch_up(ws, room, last_seq, head)
            while True:
                message = await client.queue.get()
                if message["type"] == "_overflow":
                    await _close(ws, 4408, "too far behind; resume from your last seq")
                    return
                if message["type"] == "event" and message["seq"] <= sent:
                    continue
                if message["type"] == "event":
                    sent = message["seq"]
                await ws.send_json(message)
        except DatabaseUnavailable:
            await _close(ws, 1013, "database unavailable; try again later")
        except (WebSocketDisconnect, RuntimeError):
            pass

    async def _catch_up(self, ws: WebSocket, room: Room, after: int, head: int) -> int:
        """Send the log from `after` to `head` as `events` pages of at most
        `catchup_page_size` events and CATCHUP_PAGE_BYTES bytes (big imports carry meshes).
        The last page, possibly empty, has `more: false`. Returns the last seq sent."""
        sent = after
        while True:
            included = []
            if sent < head:
                records = await event_log.events_after(
                    room.db, room.project_id, sent, min(self.settings.catchup_page_size,
                                                        head - sent))
                included = [r for r in records if r.seq <= head]
            pages: list[list[str]] = [[]]
            size = 0
            for record in included:
                text = json.dumps(record.to_json(), separators=(",", ":"))
                if pages[-1] and size + len(text) > CATCHUP_PAGE_BYTES:
                    pages.append([])
                    size = 0
                pages[-1].append(text)
                size += len(text)
            sent = included[-1].seq if included else head  # nothing more in the log
            for i, page in enumerate(pages):
                more = i < len(pages) - 1 or sent < head
                await ws.send_text(f'{{"type":"events","more":{"true" if more else "false"},'
                                   f'"events":[{",".join(page)}]}}')
            if sent >= head:
                return sent

    async def _read(self, ws: WebSocket, room: Room, client: Client) -> None:
        while True:
            try:
                frame = await ws.receive()
            except (WebSocketDisconnect, RuntimeError):
                return
            if frame["type"] == "websocket.disconnect":
                return
            message = _parse(frame)
            if message is None:
                client.send({"type": "error", "code": "invalid_message",
                             "message": "Messages must be JSON objects in text frames."})
                continue
            kind = message.get("type") if isinstance(message, dict) else None
            if kind == "command":
                await self._command(ws, room, client, message)
            elif kind == "presence":
                presence = _presence(message)
                if presence is None:
                    client.send({"type": "error", "code": "invalid_message", "message":
                                 "A presence has `cursor` [x, y] (finite numbers) or null, "
                                 f"`selection` a list of at most {MAX_SELECTION} ids, and "
                                 "`level_id` an id or null."})
                    continue
                room.broadcast({"type": "presence", "user": client.user_json(), **presence},
                               exclude=client)
            elif kind == "ping":
                client.send({"type": "pong"})
            else:
                client.send({"type": "error", "code": "invalid_message",
                             "message": f"Unknown message type {kind!r}."})

    async def _command(self, ws: WebSocket, room: Room, client: Client,
                       message: dict[str, Any]) -> None:
        event_id = message.get("event_id")
        if not _is_uuid(event_id):
            client.send({"type": "reject", "event_id": event_id, "code": "invalid_message",
                         "message": "A command needs an event_id (a UUID)."})
            return
        try:
            with metrics.APPEND_SECONDS.time():
                reply = await room.command(client, str(event_id), message.get("command"))
        except DatabaseUnavailable:
            metrics.COMMANDS.labels("unavailable").inc()
            client.send({"type": "error", "code": "unavailable", "event_id": event_id,
                         "message": "The database is unavailable; the command was not "
                                    "applied and will be resent after reconnecting."})
            await _close(ws, 1013, "database unavailable; try again later")
            return
        except Exception:  # a fault of ours: say so, keep the socket and the room going
            log.exception("command failed", project=room.project_id, event_id=event_id)
            metrics.COMMANDS.labels("internal_error").inc()
            client.send({"type": "reject", "event_id": event_id, "code": "internal_error",
                         "message": "The server failed to apply this command; nothing was "
                                    "applied. It has been logged."})
            return
        metrics.COMMANDS.labels("duplicate" if reply.get("duplicate") else reply["type"]).inc()
        client.send(reply)


MAX_SELECTION = 10_000  # ids in one presence's selection


def _presence(message: dict[str, Any]) -> dict[str, Any] | None:
    """The presence fields others receive, or None when they are not well formed (they are
    relayed to every client of the project, so they must be what the protocol says)."""
    cursor, selection, level = (message.get("cursor"), message.get("selection"),
                                message.get("level_id"))
    if cursor is not None and not (
            isinstance(cursor, list) and len(cursor) == 2
            and all(type(v) in (int, float) and math.isfinite(v) for v in cursor)):
        return None
    if selection is not None and not (
            isinstance(selection, list) and len(selection) <= MAX_SELECTION
            and all(isinstance(i, str) and len(i) <= 64 for i in selection)):
        return None
    if level is not None and not (isinstance(level, str) and len(level) <= 64):
        return None
    return {"cursor": cursor, "selection": selection, "level_id": level}


def _parse(frame: dict[str, Any]) -> Any:
    """The JSON value of a text frame; None for a binary frame, bad JSON, or JSON nested
    too deep to parse."""
    text = frame.get("text")
    if text is None:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _is_uuid(value: Any) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
        return isinstance(value, str)
    except ValueError:
        return False


async def _close(ws: WebSocket, code: int, reason: str) -> None:
    with contextlib.suppress(Exception):
        await ws.close(code=code, reason=reason)


def create_app(settings: Settings) -> Starlette:
    server = SyncServer(settings)

    async def health(request: Request) -> JSONResponse:
        report = await server.health()
        return JSONResponse(report.to_json(), status_code=report.status_code)

    app = Starlette(
        routes=[Route("/health", health), Route("/metrics", metrics.metrics),
                WebSocketRoute("/ws/{project_id}", server.serve_socket)],
        lifespan=lifespan_for(settings, "sync-server", server.start, server.stop),
    )
    app.state.server = server
    return app
