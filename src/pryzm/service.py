"""What every service shares: start-up (wait for PostgreSQL, migrate), health reports."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from pryzm.config import Settings
from pryzm.errors import MigrationError, PryzmError
from pryzm.logs import get
from pryzm.store.db import wait_for_database
from pryzm.store.migrations import migrate

log = get("service")


class Health:
    """A health report: each dependency `ok` or an error; 200 only when all are ok."""

    def __init__(self, service: str):
        self.service = service
        self.checks: dict[str, dict[str, Any]] = {}
        self.info: dict[str, Any] = {}

    async def check(self, name: str, probe: Awaitable[Any], timeout: float = 3.0) -> Any:
        """Run one probe, bounded in time: a hung dependency is reported, not waited on."""
        try:
            value = await asyncio.wait_for(probe, timeout)
        except TimeoutError:
            self.checks[name] = {"ok": False, "error": f"no answer within {timeout:g}s"}
            return None
        except Exception as exc:  # a health check reports every failure, whatever its kind
            self.checks[name] = {"ok": False, "error": str(exc).splitlines()[0][:300]}
            return None
        self.checks[name] = {"ok": True}
        if isinstance(value, dict):
            self.checks[name].update(value)
        return value

    @property
    def ok(self) -> bool:
        return all(c["ok"] for c in self.checks.values())

    @property
    def status_code(self) -> int:
        return 200 if self.ok else 503

    def to_json(self) -> dict[str, Any]:
        return {"service": self.service, "status": "ok" if self.ok else "unhealthy",
                "checks": self.checks, **self.info}


def lifespan_for(settings: Settings, service: str, start: Callable[[], Awaitable[None]],
                 stop: Callable[[], Awaitable[None]]):
    """Wait for PostgreSQL (however long it takes: case H7), apply migrations (a failure
    names the migration and stops the service: case H5), then start the service."""

    @contextlib.asynccontextmanager
    async def lifespan(app) -> AsyncIterator[None]:
        settings.require_secret()
        await wait_for_database(settings.database_url, what=service)
        try:
            applied = await migrate(settings.database_url)
        except MigrationError as exc:
            log.error("migration failed; not starting", service=service, migration=exc.name,
                      error=str(exc))
            raise
        if applied:
            log.info("schema migrated", service=service, applied=applied)
        await start()
        log.info("service started", service=service)
        try:
            yield
        finally:
            await stop()

    return lifespan


__all__ = ["Health", "PryzmError", "lifespan_for"]


INTERNAL_ERROR = json.dumps({"error": {
    "code": "internal_error",
    "message": "The server failed to answer this request; it has been logged."}}).encode()


class CatchAll:
    """ASGI middleware: an exception no handler took becomes a JSON 500 in the one error
    shape, logged here, and is not re-raised, so the server keeps the client's connection
    (a re-raised error makes uvicorn drop it, and a proxy reusing it answers 502)."""

    def __init__(self, app: Callable[..., Awaitable[None]]):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception:
            log.exception("request failed", method=scope.get("method"), path=scope.get("path"))
            if started:
                return  # (the response is half sent; the connection ends with it)
            await send({"type": "http.response.start", "status": 500,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(INTERNAL_ERROR)).encode())]})
            await send({"type": "http.response.body", "body": INTERNAL_ERROR})
