"""PostgreSQL access: a connection pool that rides out outages, and named SQL queries.

Driver errors are translated here: callers see `DatabaseUnavailable`, never psycopg's own
operational errors.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from functools import cache
from importlib import resources

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from pryzm.errors import DatabaseUnavailable
from pryzm.logs import get

log = get("db")

_SQL = resources.files("pryzm.store") / "sql"


@cache
def queries() -> dict[str, str]:
    """Every `-- name: x` block of sql/queries/*.sql, by name."""
    out: dict[str, str] = {}
    for entry in sorted((_SQL / "queries").iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".sql"):
            continue
        name = None
        for line in entry.read_text().splitlines():
            if line.startswith("-- name:"):
                name = line.split(":", 1)[1].strip()
                out[name] = ""
            elif name is not None:
                out[name] += line + "\n"
    return {k: v.strip() for k, v in out.items()}


def q(name: str) -> str:
    return queries()[name]


class Database:
    """An async pool opened without waiting, so a service starts (and reports unhealthy)
    while PostgreSQL is down, and recovers on its own when it comes back."""

    def __init__(self, url: str, *, min_size: int = 1, max_size: int = 10, timeout: float = 5.0):
        self.url = url
        self.timeout = timeout
        self.pool = AsyncConnectionPool(
            url, min_size=min_size, max_size=max_size, open=False, timeout=timeout,
            kwargs={"row_factory": dict_row, "autocommit": True},
            # Keep trying in the background; hand out only connections that still answer,
            # so a PostgreSQL restart costs one failed health check, not a stream of errors.
            reconnect_timeout=3600,
            check=AsyncConnectionPool.check_connection,
        )

    async def open(self) -> None:
        await self.pool.open(wait=False)

    async def close(self) -> None:
        await self.pool.close()

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[psycopg.AsyncConnection]:
        try:
            async with self.pool.connection() as conn:
                yield conn
        except (psycopg.OperationalError, psycopg.errors.AdminShutdown,
                psycopg.InterfaceError) as exc:
            raise DatabaseUnavailable(f"PostgreSQL is unavailable: {exc}") from exc
        except TimeoutError as exc:
            raise DatabaseUnavailable("PostgreSQL did not answer in time") from exc
        except Exception as exc:
            if type(exc).__name__ == "PoolTimeout":
                raise DatabaseUnavailable("no PostgreSQL connection available") from exc
            raise

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[psycopg.AsyncConnection]:
        async with self.connection() as conn, conn.transaction():
            yield conn

    async def ping(self) -> None:
        async with self.connection() as conn:
            await conn.execute("SELECT 1")


async def connect_direct(url: str, timeout: float = 5.0) -> psycopg.AsyncConnection:
    """One connection outside the pool (LISTEN, migrations)."""
    try:
        return await psycopg.AsyncConnection.connect(
            url, autocommit=True, row_factory=dict_row, connect_timeout=max(1, int(timeout)))
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailable(f"PostgreSQL is unavailable: {exc}") from exc


async def wait_for_database(url: str, *, what: str, timeout: float | None = None) -> None:
    """Block until PostgreSQL answers, logging while it does not (case H7)."""
    delay, waited = 0.5, 0.0
    while True:
        try:
            conn = await connect_direct(url)
            await conn.close()
            return
        except DatabaseUnavailable as exc:
            if timeout is not None and waited >= timeout:
                raise
            log.warning("waiting for postgres", service=what, error=str(exc).splitlines()[0])
            await asyncio.sleep(delay)
            waited += delay
            delay = min(delay * 2, 5.0)
