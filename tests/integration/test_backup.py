"""A backup of a running embedded stack, restored into a fresh home, reproduces every project,
event and artefact."""

from __future__ import annotations

import asyncio
import hashlib
import subprocess
import sys

import psycopg
import pytest
from tests.support.client import Socket, User, wall
from tests.support.stack import Stack

from pryzm.model import Event, State, apply


def _project_states(url: str) -> dict[str, str]:
    states: dict[str, State] = {}
    with psycopg.connect(url) as conn:
        for pid, type_, payload in conn.execute(
                "SELECT project_id::text, type, payload FROM command_events "
                "ORDER BY project_id, seq"):
            apply(states.setdefault(pid, State()), Event(type_, payload))
    return {pid: state.hash() for pid, state in states.items()}


def _artefacts(url: str, home) -> dict[str, tuple[str, str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT id::text, key, sha256 FROM artefacts").fetchall()
    out = {}
    for artefact_id, key, sha in rows:
        data = (home / "objects" / key).read_bytes()
        out[artefact_id] = (sha, hashlib.sha256(data).hexdigest())
    return out


def test_backup_of_a_running_stack_restores_into_a_fresh_home(tmp_path):
    stack = Stack.create(tmp_path / "home")
    stack.start()
    try:
        ada = User.sign_in(stack.url, "Ada")

        async def build() -> None:
            for name in ("North", "South"):
                pid = ada.create_project(name)["id"]
                sock = await Socket.open(stack.ws_url, pid, ada)
                await sock.caught_up()
                for i in range(5):
                    await sock.send_command(wall(ada.first_level(pid), i * 4.0))
                await sock.wait_for(lambda s=sock: any(b["seq"] == 6 for b in s.baked),
                                    timeout=60)
                await sock.close()

        asyncio.run(build())
        before_states = _project_states(stack.database_url())
        before_artefacts = _artefacts(stack.database_url(), stack.home)
        backup = tmp_path / "backup"
        result = subprocess.run([sys.executable, "-m", "pryzm", "backup", str(backup)],
                                env=stack.env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    finally:
        stack.stop()

    fresh = tmp_path / "fresh"
    result = subprocess.run([sys.executable, "-m", "pryzm", "restore", str(backup), "--home",
                             str(fresh)], env=stack.env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    again = Stack.create(fresh)
    again.start()
    try:
        assert _project_states(again.database_url()) == before_states
        restored = _artefacts(again.database_url(), again.home)
        assert restored.keys() == before_artefacts.keys()
        assert all(recorded == actual for recorded, actual in restored.values())
        assert len(before_states) == 2 and len(restored) >= 4
        # The same session token still works: the secret key came along.
        user = User(again.url, ada.token, ada.id, ada.display_name)
        assert sorted(p["name"] for p in user.get("/v1/projects").json()) == ["North", "South"]
    finally:
        again.stop()

    refused = subprocess.run([sys.executable, "-m", "pryzm", "restore", str(backup), "--home",
                              str(fresh)], env=stack.env, capture_output=True, text=True)
    assert refused.returncode == 1 and "not empty" in refused.stderr


@pytest.mark.parametrize("missing", ["backup.json", "pryzm.pgdump"])
def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path, missing):
    folder = tmp_path / "b"
    folder.mkdir()
    for name in ("backup.json", "pryzm.pgdump"):
        if name != missing:
            (folder / name).write_text("{}")
    result = subprocess.run([sys.executable, "-m", "pryzm", "restore", str(folder), "--home",
                             str(tmp_path / "h")], capture_output=True, text=True)
    assert result.returncode == 1 and "not a PRYZM backup" in result.stderr
