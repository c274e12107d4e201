"""A backup of a running embedded stack, restored into a fresh home, reproduces every project,
event and artefact."""

from __future__ import annotations

import asyncio
import hashlib
import subprocess
import sys
import threading
import time

import psycopg
import pytest
from tests.support.client import Socket, User, wall
from tests.support.stack import Stack

from pryzm.model import Event, State, apply
from pryzm.store import artefacts


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


def _pryzm(env: dict[str, str], *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "pryzm", *args], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def _restored(backup, home, env: dict[str, str]) -> Stack:
    """`pryzm restore` of `backup` into `home`, then the stack started on it."""
    _pryzm(env, "restore", str(backup), "--home", str(home))
    stack = Stack.create(home)
    stack.start()
    return stack


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
        _pryzm(stack.env, "backup", str(backup))
    finally:
        stack.stop()

    fresh = tmp_path / "fresh"
    again = _restored(backup, fresh, stack.env)
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


def _bakes(url: str, pid: str) -> list[int]:
    """The seqs whose bake the project keeps, once its bake jobs are all finished (a job
    writes the whole manifest and prunes after announcing `baked`)."""
    deadline = time.monotonic() + 60
    with psycopg.connect(url, autocommit=True) as conn:
        while conn.execute("SELECT count(*) FROM jobs WHERE project_id = %s AND kind = 'bake' "
                           "AND status IN ('queued', 'running')", (pid,)).fetchone()[0]:
            assert time.monotonic() < deadline, "bake jobs still unfinished after 60 s"
            time.sleep(0.1)
        return [r[0] for r in conn.execute(
            "SELECT seq FROM artefacts WHERE project_id = %s AND kind = 'manifest' "
            "ORDER BY seq", (pid,))]


def test_a_backup_taken_while_bakes_prune_restores_every_artefact(tmp_path):
    """Bakes delete old bake outputs (rows, then objects) while a backup dumps the rows and
    then copies the objects: no row of the dump may lose its object. Pruning waits while a
    backup runs; a backup taken during steady editing restores with every artefact whole."""
    stack = Stack.create(tmp_path / "home", PRYZM_BAKES_KEPT="2")
    stack.start()
    url = stack.database_url()
    try:
        ada = User.sign_in(stack.url, "Ada")
        pid = ada.create_project("Busy")["id"]
        level = ada.first_level(pid)

        async def edit(walls: int) -> int:
            sock = await Socket.open(stack.ws_url, pid, ada)
            await sock.caught_up()
            for _ in range(walls):
                event_id = await sock.send_command(wall(level, len(sock.events) * 4.0))
                await sock.wait_for(lambda e=event_id: e in sock.acks)
                head = sock.acks[event_id]["seq"]
                await sock.wait_for(lambda h=head: any(b["seq"] == h for b in sock.baked),
                                    timeout=60)
            await sock.close()
            return head

        asyncio.run(edit(3))
        assert len(_bakes(url, pid)) == 2  # pruning works

        with artefacts.objects_frozen(url):  # as a backup holds it, from dump to copy
            head = asyncio.run(edit(3))
            kept = _bakes(url, pid)
            assert len(kept) == 5 and kept[-1] == head  # bakes go on; nothing is pruned
            _artefacts(url, stack.home)  # every row still has its object
        head = asyncio.run(edit(1))
        assert _bakes(url, pid) == [head - 1, head]  # the next bake prunes

        stop = threading.Event()
        edits = threading.Thread(target=lambda: [asyncio.run(edit(1)) for _ in iter(
            stop.is_set, True)], daemon=True)
        edits.start()
        try:
            for i in range(3):
                backup = tmp_path / f"backup{i}"
                _pryzm(stack.env, "backup", str(backup))
        finally:
            stop.set()
            edits.join(timeout=120)
    finally:
        stack.stop()

    fresh = tmp_path / "fresh"
    again = _restored(backup, fresh, stack.env)
    try:
        restored = _artefacts(again.database_url(), again.home)  # every object is there
        assert restored and all(recorded == actual for recorded, actual in restored.values())
        latest = User(again.url, ada.token, ada.id, ada.display_name).get(
            f"/v1/projects/{pid}/bakes/latest")
        assert latest.status_code == 200 and latest.json()["elements"]
    finally:
        again.stop()


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
