"""Numbered SQL migrations, applied once, whichever service starts first.

Each `sql/migrations/NNNN_name.sql` runs in its own transaction and is recorded in
`schema_migrations`; an advisory lock makes concurrent starters wait for each other.
"""

from __future__ import annotations

from importlib import resources

import psycopg

from pryzm.errors import MigrationError
from pryzm.logs import get
from pryzm.store.db import connect_direct

log = get("migrations")

_LOCK_KEY = 0x5052_595A_4D  # "PRYZM"


def available() -> list[tuple[str, str]]:
    folder = resources.files("pryzm.store") / "sql" / "migrations"
    files = sorted(p for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(p.name.removesuffix(".sql"), p.read_text()) for p in files]


async def migrate(url: str) -> list[str]:
    """Apply pending migrations; return the names applied by this call."""
    conn = await connect_direct(url)
    applied_now: list[str] = []
    try:
        await conn.execute("SELECT pg_advisory_lock(%s)", (_LOCK_KEY,))
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        rows = await conn.execute("SELECT name FROM schema_migrations")
        done = {r["name"] for r in await rows.fetchall()}
        for name, sql in available():
            if name in done:
                continue
            try:
                async with conn.transaction():
                    await conn.execute(sql)
                    await conn.execute("INSERT INTO schema_migrations (name) VALUES (%s)",
                                       (name,))
            except psycopg.Error as exc:
                raise MigrationError(name, str(exc).strip()) from exc
            log.info("migration applied", name=name)
            applied_now.append(name)
    finally:
        try:
            await conn.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_KEY,))
        except psycopg.Error:
            pass
        await conn.close()
    return applied_now
