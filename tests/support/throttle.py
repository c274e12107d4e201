"""A slow link for tests: a TCP proxy on loopback that passes what the server sends at a fixed
rate (client to server at full speed), with little buffering of its own, so a client behind it
sees what a client on a slow network sees."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time

CHUNK = 16 * 1024


class SlowLink:
    def __init__(self, upstream_port: int, bytes_per_second: int):
        self.upstream_port = upstream_port
        self.rate = bytes_per_second
        self.port = 0
        self.connections = 0
        self.bytes_down = 0  # server to client, on the wire
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> SlowLink:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, limit=CHUNK)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc) -> None:
        assert self._server is not None
        self._server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._server.wait_closed(), 5)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        self.connections += 1
        up_r, up_w = await asyncio.open_connection("127.0.0.1", self.upstream_port, limit=CHUNK)
        sock = up_w.get_extra_info("socket")
        if sock is not None:  # keep the server's data in its own buffers, not ours
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        tasks = [asyncio.create_task(self._pipe(client_r, up_w, None)),
                 asyncio.create_task(self._pipe(up_r, client_w, self.rate, self._count))]
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            task.cancel()
        for writer in (client_w, up_w):
            with contextlib.suppress(Exception):
                writer.close()

    def _count(self, n: int) -> None:
        self.bytes_down += n

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    rate: int | None, count=None) -> None:
        started, sent = time.monotonic(), 0
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            while data := await reader.read(CHUNK):
                writer.write(data)
                await writer.drain()
                if count:
                    count(len(data))
                if rate:
                    sent += len(data)
                    ahead = sent / rate - (time.monotonic() - started)
                    if ahead > 0:
                        await asyncio.sleep(ahead)
