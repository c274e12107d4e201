"""LISTEN on PostgreSQL channels with a connection of its own, reconnecting forever."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg

from pryzm.errors import DatabaseUnavailable
from pryzm.logs import get
from pryzm.store.db import connect_direct

log = get("listener")

CHANNELS = ("pryzm_baked", "pryzm_job")


class Listener:
    def __init__(self, url: str, handler: Callable[[str, dict[str, Any]], Awaitable[None]],
                 channels: tuple[str, ...] = CHANNELS):
        self.url = url
        self.handler = handler
        self.channels = channels
        self.connected = False
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        delay = 0.5
        while True:
            try:
                conn = await connect_direct(self.url)
                try:
                    for channel in self.channels:
                        await conn.execute(f"LISTEN {channel}")
                    self.connected, delay = True, 0.5
                    async for note in conn.notifies():
                        try:
                            payload = json.loads(note.payload)
                            await self.handler(note.channel, payload)
                        except Exception as exc:  # one bad notification must not stop the loop
                            log.warning("notification not handled", channel=note.channel,
                                        error=str(exc))
                finally:
                    self.connected = False
                    with contextlib.suppress(Exception):
                        await conn.close()
            except (DatabaseUnavailable, psycopg.Error) as exc:
                log.warning("listener reconnecting", error=str(exc).splitlines()[0])
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
