"""Backup and restore of an embedded PRYZM home (`pryzm backup`, `pryzm restore`).

A backup folder holds `pryzm.pgdump` (pg_dump, custom format: one consistent snapshot),
`objects/` (a copy of the object store taken after the dump: every object a dumped row names
was written before that row, and nothing a row names is deleted from the dump's start to the
copy's end (`artefacts.objects_frozen`; bakes postpone pruning meanwhile), so the copy is a
superset), `secret.key`, and `backup.json`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

from pryzm import __version__
from pryzm.config import Settings
from pryzm.embedded import EmbeddedPostgres, _package
from pryzm.errors import ConfigError
from pryzm.store import artefacts


def _tool(name: str) -> str:
    return str(Path(_package().__file__).parent / "pginstall" / "bin" / name)


def _run(args: list[str]) -> None:
    try:
        subprocess.run(args, check=True, capture_output=True, text=True, timeout=3600)
    except subprocess.CalledProcessError as exc:
        raise ConfigError(f"{Path(args[0]).name} failed: {exc.stderr.strip()[-500:]}") from exc


def _copy_if_there(src: str, dst: str) -> None:
    """An object written while the copy runs may be a staging file renamed away under it;
    what is gone was not named by the dump."""
    try:
        shutil.copy2(src, dst)
    except FileNotFoundError:
        pass


def backup(settings: Settings, target: Path) -> dict:
    if settings.database_url:
        url, database = settings.database_url, None
    else:
        database = EmbeddedPostgres(settings.home)
        was_running = (settings.home / "pgdata" / "postmaster.pid").exists()
        url = database.start()
        if was_running:
            database = None  # it belongs to a running stack: leave it running
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise ConfigError(f"{target} is not empty; back up into a new folder")
    objects = settings.store_path
    assert objects is not None
    try:
        with artefacts.objects_frozen(url):  # no object the dump names goes before the copy
            _run([_tool("pg_dump"), "--format=custom", "--no-owner",
                  f"--file={target / 'pryzm.pgdump'}", f"--dbname={url}"])
            if objects.exists():
                shutil.copytree(objects, target / "objects", copy_function=_copy_if_there)
    finally:
        if database is not None:
            database.stop()
    secret = settings.home / "secret.key"
    if secret.exists():
        shutil.copy2(secret, target / "secret.key")
    info = {"format": "pryzm.backup/1", "pryzm_version": __version__,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    (target / "backup.json").write_text(json.dumps(info, indent=2) + "\n")
    return info


def restore(source: Path, home: Path) -> None:
    if not (source / "backup.json").exists() or not (source / "pryzm.pgdump").exists():
        raise ConfigError(f"{source} is not a PRYZM backup (no backup.json / pryzm.pgdump)")
    if (home / "pgdata" / "postmaster.pid").exists():
        raise ConfigError(f"PRYZM is running on {home}: stop it (Ctrl-C) before restoring")
    if home.exists() and any(home.iterdir()):
        raise ConfigError(f"{home} is not empty; restore into a new PRYZM_HOME")
    home.mkdir(parents=True, exist_ok=True)
    database = EmbeddedPostgres(home)
    url = database.start()
    try:
        _run([_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={url}",
              str(source / "pryzm.pgdump")])
    finally:
        database.stop()
    if (source / "objects").exists():
        shutil.copytree(source / "objects", home / "objects")
    if (source / "secret.key").exists():
        shutil.copy2(source / "secret.key", home / "secret.key")
        (home / "secret.key").chmod(0o600)
