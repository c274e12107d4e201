"""A project's room: its state at the head of the log, its clients, and the one lock that
orders its commands.

    command -> (dedupe by event_id) -> decide -> append in a transaction -> apply -> ack
            -> broadcast (only after commit, in seq order, to every client of the project)
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import psycopg

from pryzm.logs import get
from pryzm.model import Rejection, State, apply, decide
from pryzm.store import events as event_log
from pryzm.store import snapshots
from pryzm.store.db import Database
from pryzm.sync.client import Client

log = get("room")


@dataclass
class Room:
    project_id: str
    db: Database
    state: State = field(default_factory=State)
    # command_id -> (first seq, last seq): answers retries with the original ack.
    commands: dict[str, tuple[int, int]] = field(default_factory=dict)
    clients: set[Client] = field(default_factory=set)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    loaded: bool = False
    snapshot_seq: int = 0
    _snapshot_task: asyncio.Task | None = None

    async def _load(self) -> None:
        """First load: the newest snapshot, and the index of every command id before it."""
        snapshot = await snapshots.latest(self.db, self.project_id)
        if snapshot is not None:
            self.state, self.snapshot_seq = snapshot, snapshot.seq
            self.commands = await snapshots.command_index(self.db, self.project_id,
                                                          snapshot.seq)
        self.loaded = True

    async def _catch_up(self) -> None:
        """Fold whatever the log holds beyond our state (first load, or another writer)."""
        if not self.loaded:
            await self._load()

        def index(record: event_log.EventRecord) -> None:
            first, _ = self.commands.get(record.command_id, (record.seq, record.seq))
            self.commands[record.command_id] = (first, record.seq)

        await event_log.replay(self.db, self.project_id, self.state, on_record=index)

    async def join(self, client: Client) -> int:
        """Register `client`; returns the head it must catch up to from the log. Events after
        that head reach it through its queue, so it misses nothing and sees nothing twice."""
        async with self.lock:
            await self._catch_up()
            self.clients.add(client)
            return self.state.seq

    def leave(self, client: Client) -> None:
        self.clients.discard(client)
        if client.user_id not in {c.user_id for c in self.clients}:
            self.broadcast({"type": "presence", "user": client.user_json(), "left": True},
                           exclude=client)

    def online(self) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for c in self.clients:
            seen.setdefault(c.user_id, c.user_json())
        return list(seen.values())

    def broadcast(self, message: dict[str, Any], exclude: Client | None = None) -> None:
        for client in list(self.clients):
            if client is not exclude:
                client.send(message)

    async def command(self, client: Client, event_id: str, raw: Any) -> dict[str, Any]:
        """Decide and commit one command; returns the `ack` or `reject` for the sender."""
        async with self.lock:
            if event_id in self.commands:
                first, last = self.commands[event_id]
                return {"type": "ack", "event_id": event_id, "seq": last, "first_seq": first,
                        "duplicate": True}
            if client.role == "viewer":
                return _reject(event_id, Rejection(
                    "forbidden", "Viewers cannot change the model."))
            for _ in range(3):
                result = decide(self.state, raw)
                if isinstance(result, Rejection):
                    return _reject(event_id, result)
                try:
                    records = await event_log.append(
                        self.db, project_id=self.project_id, actor=client.user_id,
                        command_id=event_id, events=result, expected_head=self.state.seq)
                except event_log.HeadMoved:
                    await self._catch_up()
                    if event_id in self.commands:
                        first, last = self.commands[event_id]
                        return {"type": "ack", "event_id": event_id, "seq": last,
                                "first_seq": first, "duplicate": True}
                    continue
                except psycopg.errors.UniqueViolation:
                    # Appended by another sync-server between our check and our insert.
                    await self._catch_up()
                    first, last = self.commands[event_id]
                    return {"type": "ack", "event_id": event_id, "seq": last,
                            "first_seq": first, "duplicate": True}
                break
            else:
                raise RuntimeError("the project's head kept moving; giving up this command")

            for record in records:
                apply(self.state, record.event)
            first, last = records[0].seq, records[-1].seq
            self.commands[event_id] = (first, last)
            self._maybe_snapshot()
            # Broadcast inside the lock: every client's queue receives seqs in order.
            for record in records:
                self.broadcast({"type": "event", **record.to_json()})
            return {"type": "ack", "event_id": event_id, "seq": last, "first_seq": first}


    def _maybe_snapshot(self) -> None:
        if not snapshots.due(self.snapshot_seq, self.state.seq):
            return
        if self._snapshot_task is not None and not self._snapshot_task.done():
            return
        self.snapshot_seq = self.state.seq
        self._snapshot_task = asyncio.create_task(self._snapshot(self.state.copy()))

    async def _snapshot(self, state: State) -> None:
        try:
            await snapshots.save(self.db, self.project_id, state)
        except Exception as exc:  # a missed snapshot costs load time, never data
            log.warning("snapshot not written", project=self.project_id, seq=state.seq,
                        error=str(exc))


def _reject(event_id: str, rejection: Rejection) -> dict[str, Any]:
    return {"type": "reject", "event_id": event_id, **rejection.to_json()}
