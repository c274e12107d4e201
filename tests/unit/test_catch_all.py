"""An unexpected exception in a request becomes a JSON 500 in the one error shape, and the
server keeps the client's connection (so a proxy reusing it does not answer 502)."""

from __future__ import annotations

import threading
import time

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import JSONResponse
from starlette.routing import Route
from tests.support.stack import free_port

from pryzm.service import CatchAll


def test_an_unexpected_error_is_a_json_500_on_a_connection_that_stays_open():
    clients: list[tuple[str, int]] = []

    async def boom(request):
        clients.append(request.client)
        raise RuntimeError("a fault of ours")

    async def ok(request):
        clients.append(request.client)
        return JSONResponse({"ok": True})

    # Installed as the gateway installs it (app.add_middleware: inside Starlette's own
    # ServerErrorMiddleware, which would answer in plain text and re-raise).
    app = Starlette(routes=[Route("/boom", boom), Route("/ok", ok)],
                    middleware=[Middleware(CatchAll)])
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="critical", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            r = http.get("/boom")
            assert r.status_code == 500
            assert r.json() == {"error": {"code": "internal_error", "message":
                                          "The server failed to answer this request; it has "
                                          "been logged."}}
            assert http.get("/ok").json() == {"ok": True}
        assert clients[0] == clients[1], "the second request needed a new connection"
    finally:
        server.should_exit = True
        thread.join(10)
