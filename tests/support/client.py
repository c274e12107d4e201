"""A protocol client for tests: REST through the editor origin, WebSocket with resume."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import websockets
from websockets.asyncio.client import ClientConnection, connect

from pryzm.model import State, apply
from pryzm.model.results import Event
from pryzm.sceneir import patch_manifest


def new_id() -> str:
    return str(uuid.uuid4())


def model_state(get: Callable[[str], httpx.Response], project_id: str) -> State:
    """The project's model as the server's own domain core folds its log, read page by page
    through `GET /v1/projects/{id}/events`."""
    state, after = State(), 0
    while True:
        page = get(f"/v1/projects/{project_id}/events?after={after}&limit=5000").json()
        for record in page["events"]:
            apply(state, Event.parse(record["event"]))
        after = page["next_after"]
        if not page["more"]:
            return state


@dataclass
class User:
    base_url: str
    token: str
    id: str
    display_name: str

    @classmethod
    def sign_in(cls, base_url: str, name: str) -> User:
        r = httpx.post(f"{base_url}/v1/auth/session", json={"display_name": name}, timeout=10)
        r.raise_for_status()
        body = r.json()
        return cls(base_url, body["token"], body["user"]["id"], body["user"]["display_name"])

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **kw) -> httpx.Response:
        return httpx.get(f"{self.base_url}{path}", headers=self.headers, timeout=30, **kw)

    def get_model_glb(self, manifest: dict[str, Any], timeout: float = 30.0) -> httpx.Response:
        """The model GLB of the newest bake: it follows the manifest by a moment."""
        deadline = time.monotonic() + timeout
        while True:
            r = self.get(manifest["glb_url"])
            pending = r.status_code == 404 and r.json()["error"]["code"] == "model_pending"
            if not pending or time.monotonic() > deadline:
                assert r.status_code == 200, r.text
                return r
            time.sleep(0.2)

    def post(self, path: str, json_body: Any = None) -> httpx.Response:
        return httpx.post(f"{self.base_url}{path}", json=json_body, headers=self.headers,
                          timeout=30)

    def create_project(self, name: str = "Test project") -> dict[str, Any]:
        r = self.post("/v1/projects", {"name": name})
        assert r.status_code == 201, r.text
        return r.json()

    def add_member(self, project_id: str, user: User, role: str = "editor") -> None:
        r = self.post(f"/v1/projects/{project_id}/members", {"user_id": user.id, "role": role})
        assert r.status_code == 201, r.text

    def state(self, project_id: str) -> State:
        return model_state(self.get, project_id)

    def first_level(self, project_id: str) -> str:
        events = self.get(f"/v1/projects/{project_id}/events").json()["events"]
        return next(e["event"]["id"] for e in events if e["event"]["type"] == "create_level")


@dataclass
class Socket:
    """One WebSocket to a project; records everything it receives. It keeps the project's
    bake manifest the way the editor does: each `baked` delta patches the manifest before it,
    and a delta from a bake it did not see makes it load the whole manifest over REST. Each
    recorded `baked` frame carries the resulting `manifest`."""

    ws: ClientConnection
    http_url: str = ""
    project_id: str = ""
    token: str = ""
    manifest: dict[str, Any] | None = None
    received: list[dict[str, Any]] = field(default_factory=list)
    acks: dict[str, dict[str, Any]] = field(default_factory=dict)
    rejects: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: dict[int, dict[str, Any]] = field(default_factory=dict)
    repeated: list[int] = field(default_factory=list)  # seqs received more than once
    baked: list[dict[str, Any]] = field(default_factory=list)
    welcome: dict[str, Any] | None = None
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    _reader: asyncio.Task | None = None

    @classmethod
    async def open(cls, ws_url: str, project_id: str, user: User, last_seq: int = 0) -> Socket:
        ws = await connect(f"{ws_url}/ws/{project_id}",
                           subprotocols=["pryzm.v1", f"bearer.{user.token}"],
                           max_size=64 * 1024 * 1024, open_timeout=20)
        sock = cls(ws, ws_url.replace("ws", "http", 1), project_id, user.token)
        await ws.send(json.dumps({"type": "hello", "last_seq": last_seq}))
        sock._reader = asyncio.create_task(sock._read())
        return sock

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                message = json.loads(raw)
                self.received.append(message)
                kind = message["type"]
                if kind == "welcome":
                    self.welcome = message
                elif kind in ("events", "event"):
                    for e in message["events"] if kind == "events" else [message]:
                        if e["seq"] in self.events:
                            self.repeated.append(e["seq"])
                        self.events[e["seq"]] = e
                elif kind == "ack":
                    self.acks[message["event_id"]] = message
                elif kind == "reject":
                    self.rejects[message["event_id"]] = message
                elif kind == "baked":
                    message["manifest"] = await self._patched(message["delta"])
                    self.baked.append(message)
                self.changed.set()
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed.set()
            self.changed.set()

    async def _patched(self, delta: dict[str, Any]) -> dict[str, Any] | None:
        try:
            self.manifest = patch_manifest(self.manifest, delta)
        except ValueError:
            async with httpx.AsyncClient(base_url=self.http_url, timeout=30) as client:
                whole = (await client.get(f"/v1/projects/{self.project_id}/bakes/latest",
                                          headers={"Authorization": f"Bearer {self.token}"}))
            whole.raise_for_status()
            self.manifest = whole.json()
            if self.manifest["seq"] == delta["base_seq"]:
                self.manifest = patch_manifest(self.manifest, delta)
        return self.manifest if self.manifest["seq"] == delta["seq"] else None

    async def send_command(self, command: dict[str, Any], event_id: str | None = None) -> str:
        event_id = event_id or new_id()
        await self.ws.send(json.dumps({"type": "command", "event_id": event_id,
                                       "command": command}))
        return event_id

    async def wait_for(self, predicate, timeout: float = 30.0, what: str = "condition") -> None:
        async def loop() -> None:
            while not predicate():
                self.changed.clear()
                if self.closed.is_set() and not predicate():
                    raise ConnectionError(f"socket closed while waiting for {what} "
                                          f"(code {self.ws.close_code})")
                await self.changed.wait()

        try:
            await asyncio.wait_for(loop(), timeout)
        except TimeoutError as exc:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}") from exc

    async def caught_up(self, timeout: float = 30.0) -> None:
        await self.wait_for(lambda: self.welcome is not None and any(
            m["type"] == "events" and not m["more"] for m in self.received),
            timeout, "catch-up")

    def seqs(self) -> list[int]:
        return sorted(self.events)

    def event_order(self) -> list[str]:
        """Event ids by seq."""
        return [self.events[s]["event_id"] for s in sorted(self.events)]

    async def close(self) -> None:
        await self.ws.close()
        if self._reader:
            await self._reader


def wall(level_id: str, x: float, y: float = 0.0, length: float = 4.0, **extra) -> dict:
    return {"type": "place_wall", "id": new_id(), "level_id": level_id, "start": [x, y],
            "end": [x + length, y], "thickness": 0.2, "height": 3.0, **extra}


class ResilientClient:
    """What the editor does: keeps unacknowledged commands, reconnects with its last seq when
    the socket drops, and resends them with their original event ids."""

    def __init__(self, ws_url: str, project_id: str, user: User):
        self.ws_url, self.project_id, self.user = ws_url, project_id, user
        self.events: dict[int, dict[str, Any]] = {}
        self.pending: dict[str, dict[str, Any]] = {}
        self.acked: dict[str, dict[str, Any]] = {}
        self.reconnects = 0
        self.sock: Socket | None = None

    @property
    def last_seq(self) -> int:
        seq = 0
        while seq + 1 in self.events:
            seq += 1
        return seq

    async def connect(self, timeout: float = 60.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            try:
                sock = await Socket.open(self.ws_url, self.project_id, self.user, self.last_seq)
                await sock.caught_up(timeout=20)
                break
            except (OSError, websockets.InvalidHandshake, websockets.ConnectionClosed,
                    ConnectionError, AssertionError):
                if asyncio.get_running_loop().time() > deadline:
                    raise
                await asyncio.sleep(0.3)
        self.sock = sock
        for event_id, command in list(self.pending.items()):
            await sock.send_command(command, event_id)

    def _absorb(self) -> None:
        if self.sock is None:
            return
        self.events.update(self.sock.events)
        for event_id, ack in self.sock.acks.items():
            self.acked[event_id] = ack
            self.pending.pop(event_id, None)

    async def send(self, command: dict[str, Any]) -> str:
        event_id = new_id()
        self.pending[event_id] = command
        await self._ensure()
        try:
            await self.sock.send_command(command, event_id)
        except websockets.ConnectionClosed:
            await self._reconnect()
        return event_id

    async def _ensure(self) -> None:
        self._absorb()
        if self.sock is None or self.sock.closed.is_set():
            await self._reconnect()

    async def _reconnect(self) -> None:
        self._absorb()
        self.reconnects += 1
        await self.connect()

    async def settle(self, timeout: float = 60.0) -> None:
        """Until every command is acknowledged, reconnecting as often as needed."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            await self._ensure()
            self._absorb()
            if not self.pending:
                return
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{len(self.pending)} commands never acknowledged")
            self.sock.changed.clear()
            try:
                await asyncio.wait_for(self.sock.changed.wait(), 1.0)
            except TimeoutError:
                pass

    async def wait_seq(self, seq: int, timeout: float = 60.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while self.last_seq < seq:
            await self._ensure()
            self._absorb()
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"stuck at seq {self.last_seq}, waiting for {seq}")
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        if self.sock:
            await self.sock.close()
