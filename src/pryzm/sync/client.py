"""One connected socket: who it is, and its outbound queue.

Every message for a client goes through its queue, so a slow socket never blocks a room; a
client that falls too far behind is closed and resumes from its last seq on reconnect.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

MAX_QUEUED = 20_000

_ids = itertools.count(1)


class Overflow(Exception):
    pass


@dataclass(eq=False)
class Client:
    user_id: str
    display_name: str
    role: str
    id: int = field(default_factory=lambda: next(_ids))
    queue: asyncio.Queue = field(default_factory=asyncio.Queue)
    overflowed: bool = False

    def send(self, message: dict[str, Any]) -> None:
        if self.overflowed:
            return
        if self.queue.qsize() >= MAX_QUEUED:
            self.overflowed = True
            self.queue.put_nowait({"type": "_overflow"})
            return
        self.queue.put_nowait(message)

    def user_json(self) -> dict[str, str]:
        return {"id": self.user_id, "display_name": self.display_name}
