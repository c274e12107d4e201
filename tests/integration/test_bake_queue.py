"""The bake queue through the real stack: a burst of commands is baked by few jobs that reach
the newest seq, and a bake survives its worker being down or killed mid-run (ADR 0001)."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from typing import Any

import psutil
import psycopg
import pytest
from psycopg.rows import dict_row
from tests.support.client import Socket, User, new_id, wall
from tests.support.stack import Stack

pytestmark = pytest.mark.anyio


def _bake_jobs(stack: Stack, project_id: str) -> list[dict[str, Any]]:
    with psycopg.connect(stack.database_url(), row_factory=dict_row) as conn:
        return conn.execute(
            "SELECT id, status, target_seq, attempts, worker, result FROM jobs "
            "WHERE project_id = %s AND kind = 'bake' ORDER BY id", (project_id,)).fetchall()


async def _jobs_until(stack: Stack, project_id: str, predicate, what: str,
                      timeout: float = 120.0) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        rows = _bake_jobs(stack, project_id)
        if predicate(rows):
            return rows
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}: {rows}")
        await asyncio.sleep(0.02)


def _all_done(rows: list[dict[str, Any]]) -> bool:
    return bool(rows) and all(r["status"] == "done" for r in rows)


async def _project(stack: Stack, user: User, name: str) -> tuple[str, str, Socket]:
    project_id = user.create_project(name)["id"]
    sock = await Socket.open(stack.ws_url, project_id, user)
    await sock.caught_up()
    return project_id, user.first_level(project_id), sock


async def _send_all(sock: Socket, commands: list[dict[str, Any]]) -> int:
    """Send without waiting for acks, then wait for every ack; the newest seq."""
    sent = [await sock.send_command(c) for c in commands]
    await sock.wait_for(lambda: all(e in sock.acks for e in sent), timeout=120,
                        what=f"{len(sent)} acks")
    assert not sock.rejects, sock.rejects
    return max(sock.acks[e]["seq"] for e in sent)


async def _baked(sock: Socket, seq: int) -> dict[str, Any]:
    await sock.wait_for(lambda: any(b["seq"] == seq and b["manifest"] for b in sock.baked),
                        timeout=120, what=f"baked for seq {seq}")
    return next(b for b in sock.baked if b["seq"] == seq and b["manifest"])


def _walls_in(manifest: dict[str, Any]) -> set[str]:
    return {e["id"] for e in manifest["elements"] if e["type"] == "wall"}


def _walls_with_doors(level: str, batches: int, y0: float = 0.0) -> list[dict[str, Any]]:
    """`batches` batch commands of 200 walls with a door each, in rows 5 m apart."""
    out = []
    for b in range(batches):
        commands = []
        for i in range(200):
            w = wall(level, (i % 40) * 5.0, y0 + b * 25.0 + (i // 40) * 5.0)
            commands += [w, {"type": "place_opening", "id": new_id(), "host_id": w["id"],
                             "kind": "door", "offset": 1.0}]
        out.append({"type": "batch", "commands": commands})
    return out


def _stop_bake_worker(stack: Stack) -> int:
    """Freeze the bake-worker (SIGSTOP): it holds its connections but runs nothing."""
    pid = stack.pid("bake")
    os.kill(pid, signal.SIGSTOP)
    deadline = time.monotonic() + 30
    while psutil.Process(pid).status() != psutil.STATUS_STOPPED:
        assert time.monotonic() < deadline, "the bake-worker did not stop"
        time.sleep(0.01)
    return pid


def _wait_restarted(stack: Stack, killed: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if stack.pid("bake") != killed:
                break
        except (FileNotFoundError, ValueError):
            pass  # the supervisor is rewriting the pid file
        assert time.monotonic() < deadline, "the supervisor did not restart the bake-worker"
        time.sleep(0.1)
    stack.wait_healthy(90)


async def _one_wall_baked(stack, ada, name: str):
    """A project with one wall, baked, its bake jobs done: (project, level, socket, seq)."""
    project_id, level, sock = await _project(stack, ada, name)
    first = await _send_all(sock, [wall(level, 0.0)])
    await _baked(sock, first)
    await _jobs_until(stack, project_id, _all_done, "the first bake done")
    return project_id, level, sock, first


async def test_a_burst_of_commands_is_baked_by_few_jobs_reaching_the_newest_seq(stack, ada):
    project_id, level, sock = await _project(stack, ada, "Burst")
    # A project of some size (1,200 walls with a door each), baked once.
    built = await _send_all(sock, _walls_with_doors(level, 6))
    await _baked(sock, built)
    before = {r["id"] for r in await _jobs_until(stack, project_id, _all_done,
                                                 "the first bakes done")}

    walls = [wall(level, 250.0 + (i % 10) * 5.0, (i // 10) * 5.0) for i in range(100)]
    head = await _send_all(sock, walls)
    baked = await _baked(sock, head)
    assert len(_walls_in(baked["manifest"])) == 1300
    rows = [r for r in await _jobs_until(stack, project_id, _all_done, "every bake done")
            if r["id"] not in before]
    # One queued bake per project: the commits that land while a bake runs share the next.
    assert len(rows) <= 50, f"{len(rows)} bake jobs for 100 commands"
    assert max(r["target_seq"] for r in rows) == head
    assert rows[-1]["result"]["seq"] == head
    await sock.close()


async def test_a_bake_queued_while_the_bake_worker_is_down_runs_when_it_is_back(stack, ada):
    project_id, level, sock, first = await _one_wall_baked(stack, ada, "Worker down")

    frozen = _stop_bake_worker(stack)
    try:
        walls = [wall(level, 5.0 + i * 5.0) for i in range(20)]
        head = await _send_all(sock, walls)
        # The commits queued one bake, covering the newest seq, and nothing ran it.
        rows = _bake_jobs(stack, project_id)
        waiting = [r for r in rows if r["status"] != "done"]
        assert [(r["status"], r["target_seq"]) for r in waiting] == [("queued", head)]
        assert not any(b["seq"] > first for b in sock.baked)
    finally:
        os.kill(frozen, signal.SIGKILL)  # a stopped process dies at once
    _wait_restarted(stack, frozen)

    baked = await _baked(sock, head)
    assert len(_walls_in(baked["manifest"])) == 21
    rows = await _jobs_until(stack, project_id, _all_done, "the queued bake done")
    (job,) = [r for r in rows if r["id"] == waiting[0]["id"]]
    assert job["attempts"] == 1 and job["result"]["seq"] == head
    await sock.close()


async def test_a_bake_killed_mid_run_is_run_again(stack, ada):
    project_id, level, sock, _ = await _one_wall_baked(stack, ada, "Killed mid-bake")

    # While the worker is frozen, 1,200 walls with a door each queue one bake of all of
    # them: long enough to catch it running.
    frozen = _stop_bake_worker(stack)
    try:
        head = await _send_all(sock, _walls_with_doors(level, 6, y0=5.0))
        (queued,) = [r for r in _bake_jobs(stack, project_id) if r["status"] == "queued"]
        assert queued["target_seq"] == head
    finally:
        os.kill(frozen, signal.SIGCONT)

    # Freeze it again the moment it claims the bake, check the bake is unfinished, kill it.
    running = await _jobs_until(
        stack, project_id, lambda rows: any(r["id"] == queued["id"] and r["status"] != "queued"
                                            for r in rows), "the bake claimed")
    os.kill(frozen, signal.SIGSTOP)
    try:
        (job,) = [r for r in _bake_jobs(stack, project_id) if r["id"] == queued["id"]]
        assert job["status"] == "running", (
            f"the bake finished before it could be interrupted: {job}; {running}")
    finally:
        os.kill(frozen, signal.SIGKILL)
    _wait_restarted(stack, frozen)
    restarted = stack.pid("bake")

    # Its heartbeat goes stale, it is requeued and the new worker runs it to the newest seq.
    rows = await _jobs_until(stack, project_id, _all_done, "the interrupted bake done",
                             timeout=180)
    (job,) = [r for r in rows if r["id"] == queued["id"]]
    assert job["attempts"] == 2
    assert job["worker"].endswith(f":{restarted}")
    assert job["result"]["seq"] == head
    baked = await _baked(sock, head)
    assert len(_walls_in(baked["manifest"])) == 1201
    await sock.close()
