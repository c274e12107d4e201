"""`pryzm-selfhost/install.sh backup` against a real PostgreSQL (the embedded one) through a
stand-in `docker` on PATH that runs each `docker compose exec` where the container would:
psql and pg_dump against that database, tar over a folder standing in for MinIO's data. No
Docker engine is needed. What it shows: the backup holds the backup lock (the one bakes must
share to delete objects) from before the dump until the object copy is done, and writes the
dump, the objects and .env."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import textwrap
import time
from pathlib import Path

import psycopg

from pryzm.embedded import EmbeddedPostgres, _package
from pryzm.store.artefacts import BACKUP_LOCK

SELFHOST = Path(__file__).resolve().parents[2] / "pryzm-selfhost"

DOCKER = textwrap.dedent("""\
    #!/usr/bin/env bash
    # Stand-in for `docker compose ... exec -T SERVICE CMD...` (see the test's docstring).
    set -euo pipefail
    while [ "$1" != exec ]; do shift; done
    shift; [ "$1" = -T ] && shift
    service=$1; shift
    case "$service/$1" in
      postgres/psql) shift; exec "$PG_BIN/psql" -d "$PG_URL" "${@:5}" ;;
      postgres/pg_dump) exec "$PG_BIN/pg_dump" -d "$PG_URL" --format=custom ;;
      minio/sh) touch "$COPY_STARTED"; sleep 2; exec tar -C "$MINIO_DATA" -cf - . ;;
      *) echo "unexpected: $service $*" >&2; exit 2 ;;
    esac
""")


def _lock_free(url: str) -> bool:
    with psycopg.connect(url, autocommit=True) as conn:
        got = conn.execute("SELECT pg_try_advisory_lock_shared(%s)", (BACKUP_LOCK,)).fetchone()[0]
        if got:
            conn.execute("SELECT pg_advisory_unlock_shared(%s)", (BACKUP_LOCK,))
        return got


def test_install_backup_holds_the_backup_lock_from_dump_to_copy(tmp_path):
    database = EmbeddedPostgres(tmp_path / "home")
    url = database.start()
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE TABLE marker (note text)")
            conn.execute("INSERT INTO marker VALUES ('in the dump')")
        selfhost = tmp_path / "selfhost"
        shutil.copytree(SELFHOST, selfhost)
        (selfhost / ".env").write_text("PUBLIC_URL=http://pryzm.example\n")
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        (bin_dir / "docker").write_text(DOCKER)
        (bin_dir / "docker").chmod(0o755)
        minio = tmp_path / "minio-data"
        (minio / "pryzm" / "geom").mkdir(parents=True)
        (minio / "pryzm" / "geom" / "abc.glb").write_bytes(b"glTF mesh")
        started = tmp_path / "copy-started"
        env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}",
               "PG_BIN": str(Path(_package().__file__).parent / "pginstall" / "bin"),
               "PG_URL": url, "MINIO_DATA": str(minio), "COPY_STARTED": str(started)}
        target = tmp_path / "backup"
        assert _lock_free(url)
        run = subprocess.Popen(["bash", str(selfhost / "install.sh"), "backup", str(target)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
        deadline = time.monotonic() + 60
        while not started.exists():
            assert run.poll() is None, run.communicate()
            assert time.monotonic() < deadline, "the object copy never started"
            time.sleep(0.05)
        assert not _lock_free(url)  # while the objects are copied, no prune may delete any
        out, err = run.communicate(timeout=60)
        assert run.returncode == 0, err
        assert "Backup written to" in out
        assert _lock_free(url)  # and it is let go afterwards

        listing = subprocess.run(
            [f"{env['PG_BIN']}/pg_restore", "--list", str(target / "pryzm.pgdump")],
            capture_output=True, text=True, check=True).stdout
        assert "TABLE DATA public marker" in listing
        with tarfile.open(target / "objects.tar") as tar:
            assert tar.extractfile("./pryzm/geom/abc.glb").read() == b"glTF mesh"
        assert (target / "env").read_text() == "PUBLIC_URL=http://pryzm.example\n"
    finally:
        database.stop()
