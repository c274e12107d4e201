"""Relay one WebSocket to an upstream WebSocket, both directions, until either side closes.

Used by the gateway (client -> sync-server) and by the embedded editor server (browser ->
gateway), the way nginx relays `/ws/` in the self-host stack. Downstream it moves at the
client's pace: it holds at most RELAY_QUEUE messages from upstream (each up to a catch-up
page), and TCP back-pressure does the rest, so a slow client costs a few megabytes here.
With `text_only` (the gateway), binary frames are answered with an error, not forwarded.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import websockets
from starlette.responses import Response
from starlette.websockets import WebSocket, WebSocketDisconnect
from websockets.asyncio.client import connect

from pryzm.logs import get

log = get("relay")

# Returns None to forward the text, or a reply to send back instead of forwarding it.
Inspector = Callable[[str], Awaitable[str | None]]

RELAY_QUEUE = 4
BINARY_REFUSED = ('{"type":"error","code":"invalid_message","message":"PRYZM messages are JSON '
                  'in text frames; a binary frame was dropped."}')


async def relay(ws: WebSocket, upstream_url: str, *, headers: dict[str, str] | None = None,
                subprotocols: list[str] | None = None, accept_subprotocol: str | None = None,
                max_size: int = 16 * 1024 * 1024, inspect: Inspector | None = None,
                open_timeout: float = 10.0, ping_interval: float = 20.0,
                text_only: bool = False) -> None:
    try:
        upstream = await connect(
            upstream_url, additional_headers=headers or {}, max_size=max_size,
            subprotocols=subprotocols or None, open_timeout=open_timeout,
            ping_interval=ping_interval, ping_timeout=ping_interval, compression=None,
            max_queue=RELAY_QUEUE)
    except (OSError, TimeoutError, websockets.InvalidHandshake) as exc:
        response = getattr(exc, "response", None)
        status = getattr(response, "status_code", None)
        if status in (401, 403):  # refused upstream: refuse the same way, with its reason
            await ws.send_denial_response(Response(
                bytes(response.body or b""), status_code=status,
                media_type=response.headers.get("Content-Type", "application/json")))
            return
        await ws.accept(subprotocol=accept_subprotocol)
        await ws.send_json({"type": "error", "code": "unavailable",
                            "message": "The sync service is unavailable; reconnecting."})
        await ws.close(code=1013, reason="upstream unavailable")
        return

    await ws.accept(subprotocol=accept_subprotocol or upstream.subprotocol)
    close_code, close_reason = 1000, ""

    async def downstream() -> None:
        nonlocal close_code, close_reason
        try:
            async for message in upstream:
                if isinstance(message, bytes):
                    await ws.send_bytes(message)
                else:
                    await ws.send_text(message)
        except websockets.ConnectionClosed:
            pass
        except (WebSocketDisconnect, RuntimeError, OSError):  # the client went away mid-send
            close_code, close_reason = 1001, "client gone"
            return
        if upstream.close_code is not None:
            close_code = upstream.close_code if upstream.close_code != 1006 else 1012
            close_reason = upstream.close_reason or ""
        else:
            close_code, close_reason = 1012, "upstream closed"

    async def upstream_pump() -> None:
        try:
            while True:
                message = await ws.receive()
                if message["type"] == "websocket.disconnect":
                    return
                text = message.get("text")
                if text is None:
                    data = message.get("bytes")
                    if data is not None and text_only:
                        await ws.send_text(BINARY_REFUSED)
                    elif data is not None:
                        await upstream.send(data)
                    continue
                if inspect is not None:
                    reply = await inspect(text)
                    if reply is not None:
                        await ws.send_text(reply)
                        continue
                await upstream.send(text)
        except (WebSocketDisconnect, websockets.ConnectionClosed, RuntimeError):
            return

    tasks = [asyncio.create_task(downstream()), asyncio.create_task(upstream_pump())]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in done:  # retrieved here, so a fault is not reported as never retrieved
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            log.warning("relay ended by a fault", error=f"{type(exc).__name__}: {exc}")
    for task in pending:
        task.cancel()
    for task in pending:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
    with contextlib.suppress(Exception):
        await upstream.close()
    if tasks[0] in done:  # the upstream ended: tell the client why
        with contextlib.suppress(Exception):
            await ws.close(code=_safe_code(close_code), reason=close_reason[:120])


def _safe_code(code: int) -> int:
    # 1005/1006/1015 are reserved for reporting and cannot be sent.
    return 1012 if code in (1005, 1006, 1015) else code
