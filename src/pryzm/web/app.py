"""Serve the SPA on :3000 the way the self-host nginx does:

    /          the built editor (history fallback to index.html; hashed assets cached long)
    /v1/*      proxied to the api-gateway (streamed both ways)
    /ws/*      WebSocket relayed to the api-gateway
    /healthz   this server
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import httpx
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, StreamingResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from pryzm.config import Settings
from pryzm.relay import relay

_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
               "trailer", "transfer-encoding", "upgrade", "host"}


def _raw_path(connection: Request | WebSocket) -> str:
    """The path as the browser sent it, still percent-encoded: decoding it here would turn
    `..%2F` into a path step the gateway never meant to route."""
    scope = connection.scope
    return scope.get("raw_path", connection.url.path.encode()).decode("latin-1")


def create_app(settings: Settings) -> Starlette:
    dist = settings.editor_dist
    gateway = settings.gateway_url.rstrip("/")
    # Idle connections are dropped well before the gateway's keep-alive ends (5 s), so a
    # request is not sent on a connection the gateway is closing.
    client = httpx.AsyncClient(base_url=gateway, timeout=httpx.Timeout(60.0, connect=5.0),
                               limits=httpx.Limits(keepalive_expiry=2.0))

    async def healthz(request: Request) -> PlainTextResponse:
        if not (dist / "index.html").exists():
            return PlainTextResponse("editor not built", status_code=503)
        return PlainTextResponse("ok")

    async def proxy(request: Request) -> StreamingResponse:
        headers = [(k, v) for k, v in request.headers.raw
                   if k.decode().lower() not in _HOP_BY_HOP]
        headers.append((b"x-forwarded-proto", request.url.scheme.encode()))
        url = httpx.URL(gateway + _raw_path(request), query=request.url.query.encode())
        # A read is tried twice if the connection fails under it; a body cannot be sent twice.
        tries = 2 if request.method in ("GET", "HEAD", "OPTIONS") else 1
        try:
            for left in range(tries - 1, -1, -1):
                upstream = client.build_request(request.method, url, headers=headers,
                                                content=request.stream() if tries == 1 else None)
                try:
                    response = await client.send(upstream, stream=True)
                    break
                except (httpx.RemoteProtocolError, httpx.ConnectError):
                    if not left:
                        raise
        except httpx.HTTPError:
            return JSONResponse({"error": {"code": "gateway_unavailable",
                                           "message": "The API gateway is not answering.",
                                           "details": None}}, status_code=502)
        out_headers = {k: v for k, v in response.headers.items()
                       if k.lower() not in _HOP_BY_HOP}
        return StreamingResponse(response.aiter_raw(), status_code=response.status_code,
                                 headers=out_headers, background=BackgroundTask(response.aclose))

    async def socket(ws: WebSocket) -> None:
        base = urlsplit(gateway)
        scheme = "wss" if base.scheme == "https" else "ws"
        offered = list(ws.scope.get("subprotocols") or [])
        await relay(ws, f"{scheme}://{base.netloc}{_raw_path(ws)}", subprotocols=offered,
                    max_size=settings.max_message_bytes, ping_interval=settings.ping_interval)

    async def spa(request: Request):
        path = request.path_params.get("path", "")
        target = _safe_file(dist, path)
        if target is not None:
            cache = ("public, max-age=31536000, immutable" if path.startswith("assets/")
                     else "no-cache")
            return FileResponse(target, headers={"Cache-Control": cache})
        if path.startswith("assets/"):
            return PlainTextResponse("not found", status_code=404)
        index = dist / "index.html"
        if not index.exists():
            return PlainTextResponse("The editor is not built: run `make run` (it builds "
                                     "apps/editor).", status_code=503)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    return Starlette(routes=[
        Route("/healthz", healthz),
        Route("/v1/{rest:path}", proxy, methods=methods),
        WebSocketRoute("/ws/{rest:path}", socket),
        Route("/{path:path}", spa),
    ])


def _safe_file(root: Path, path: str) -> Path | None:
    if not path:
        return None
    candidate = (root / path).resolve()
    try:
        candidate.relative_to(root.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None
