"""The stack survives crashes and restarts without losing an acknowledged command."""

from __future__ import annotations

import asyncio
import time

import httpx
import psutil
import psycopg
import pytest
from tests.support.client import ResilientClient, Socket, User, wall
from tests.support.stack import SERVICES, Stack

from pryzm.embedded import EmbeddedPostgres

pytestmark = pytest.mark.anyio


@pytest.fixture
def own_stack(tmp_path):
    s = Stack.create(tmp_path / "home")
    s.start()
    yield s
    s.stop()


async def test_kill_9_of_the_sync_server_loses_no_acknowledged_command(own_stack):
    stack = own_stack
    ada, bob = User.sign_in(stack.url, "Ada"), User.sign_in(stack.url, "Bob")
    pid = ada.create_project("Crash")["id"]
    ada.add_member(pid, bob)
    level = ada.first_level(pid)
    clients = [ResilientClient(stack.ws_url, pid, u) for u in (ada, bob)]
    for c in clients:
        await c.connect()

    async def edit(client: ResilientClient, offset: float) -> None:
        for i in range(60):
            await client.send(wall(level, offset + i * 3.0, length=2.0))
            await asyncio.sleep(0.02)

    async def crash() -> int:
        await asyncio.sleep(0.5)
        return stack.kill9("sync")

    killed, *_ = await asyncio.gather(crash(), edit(clients[0], 0), edit(clients[1], 1000))
    assert not _alive(killed)
    for c in clients:
        await c.settle(timeout=90)

    with psycopg.connect(stack.database_url()) as conn:
        rows = conn.execute("SELECT seq, event_id::text FROM command_events "
                            "WHERE project_id = %s ORDER BY seq", (pid,)).fetchall()
    logged = [r[1] for r in rows]
    acked = [e for c in clients for e in c.acked]
    assert len(acked) == 120
    assert all(logged.count(e) == 1 for e in acked), "an acked command is missing or doubled"
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert len(rows) == 121
    # The clients resumed from their last seq and hold the same, complete log.
    for c in clients:
        await c.wait_seq(len(rows))
        assert [c.events[s]["event_id"] for s in sorted(c.events)] == logged
    assert sum(c.reconnects for c in clients) >= 2
    assert stack.pid("sync") != killed
    for c in clients:
        await c.close()


def test_ctrl_c_stops_everything_and_a_second_run_finds_the_data(tmp_path):
    stack = Stack.create(tmp_path / "home")
    stack.start()
    ada = User.sign_in(stack.url, "Ada")
    pid = ada.create_project("Kept")["id"]
    pids = [stack.pid(s) for s in SERVICES]
    postgres = int((stack.home / "pgdata" / "postmaster.pid").read_text().split()[0])

    assert stack.stop() == 0
    time.sleep(0.5)
    for p in [*pids, postgres]:
        assert not _alive(p), f"process {p} outlived Ctrl-C"
    assert "stopping" in stack.output()

    again = Stack.create(stack.home)
    again.start()
    try:
        projects = ada.__class__(again.url, ada.token, ada.id, ada.display_name)
        listed = projects.get("/v1/projects").json()
        assert [p["id"] for p in listed] == [pid]
        assert projects.get(f"/v1/projects/{pid}/events").json()["events"][0]["seq"] == 1
    finally:
        assert again.stop() == 0


def test_every_health_route_reports_its_real_dependencies(own_stack):
    stack = own_stack
    gateway = httpx.get(f"{stack.url}/v1/health").json()
    sync = httpx.get(f"http://127.0.0.1:{stack.port('sync')}/health").json()
    bake = httpx.get(f"http://127.0.0.1:{stack.port('bake')}/health").json()
    assert gateway["checks"]["postgres"]["ok"] and gateway["checks"]["object_store"]["ok"]
    assert sync["checks"]["postgres"]["ok"] and sync["listener"] == "connected"
    assert bake["checks"]["postgres"]["ok"] and bake["checks"]["object_store"]["ok"]
    assert bake["queue_depth"] == 0

    # Take PostgreSQL away: every service says so (503), then recovers on its own.
    database = EmbeddedPostgres(stack.home)
    database.stop()
    try:
        for url in (f"{stack.url}/v1/health", f"http://127.0.0.1:{stack.port('sync')}/health",
                    f"http://127.0.0.1:{stack.port('bake')}/health"):
            r = httpx.get(url, timeout=15)
            assert r.status_code == 503, url
            assert r.json()["checks"]["postgres"]["ok"] is False
    finally:
        database.start()
    stack.wait_healthy(60)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


async def test_a_snapshot_keeps_state_and_retries_intact_across_a_restart(own_stack):
    stack = own_stack
    ada = User.sign_in(stack.url, "Ada")
    pid = ada.create_project("Long history")["id"]
    level = ada.first_level(pid)
    sock = await Socket.open(stack.ws_url, pid, ada)
    await sock.caught_up()
    sent = [await sock.send_command(wall(level, (i % 50) * 3.0, (i // 50) * 3.0))
            for i in range(1050)]
    await sock.wait_for(lambda: all(e in sock.acks for e in sent), timeout=120)
    await sock.close()
    with psycopg.connect(stack.database_url()) as conn:
        snapshot = conn.execute("SELECT seq FROM snapshots WHERE project_id = %s",
                                (pid,)).fetchall()
    assert [r[0] for r in snapshot] == [1000]

    stack.kill9("sync")
    client = ResilientClient(stack.ws_url, pid, ada)
    await client.connect()  # the restarted sync-server loads snapshot + 50 events
    await client.wait_seq(1051)
    # A retry of a command from before the snapshot still gets its original ack...
    first = client.sock
    await first.send_command(wall(level, 0), event_id=sent[0])
    await first.wait_for(lambda: sent[0] in first.acks)
    assert first.acks[sent[0]]["seq"] == 2
    # ...and new commands are decided against the full state (the old walls are there).
    moved = await first.send_command({"type": "update_wall", "id": client.events[3]["event"]["id"],
                                      "thickness": 0.3})
    await first.wait_for(lambda: moved in first.acks)
    assert first.acks[moved]["seq"] == 1052
    await client.close()


def test_metrics_are_served_on_service_ports_only(own_stack):
    stack = own_stack
    sync = httpx.get(f"http://127.0.0.1:{stack.port('sync')}/metrics").text
    bake = httpx.get(f"http://127.0.0.1:{stack.port('bake')}/metrics").text
    assert "pryzm_commands_total" in sync and "pryzm_ws_connections" in sync
    assert "pryzm_jobs_total" in bake
    assert httpx.get(f"{stack.url}/metrics").headers["content-type"].startswith("text/html")
