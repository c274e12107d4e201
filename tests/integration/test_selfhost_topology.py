"""The self-host topology (nginx with the shipped editor.conf, the services, PostgreSQL, S3)
and the field cases H1, H2, H3, H4, H6, H7 and S11."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time

import httpx
import psycopg
import pytest
import websockets
from tests.support.client import ResilientClient, Socket, User, wall
from tests.support.flows import two_client_flow
from tests.support.topology import Topology

pytestmark = pytest.mark.anyio

LIMIT = 8 * 1024 * 1024
MB = 1024 * 1024


@pytest.fixture(scope="module")
def topo(tmp_path_factory):
    t = Topology(tmp_path_factory.mktemp("selfhost"), upload_limit=LIMIT)
    t.start()
    yield t
    t.stop()


@pytest.fixture
def ada(topo) -> User:
    return User.sign_in(topo.url, "Ada")


@pytest.fixture
def bob(topo) -> User:
    return User.sign_in(topo.url, "Bob")


async def test_the_two_client_flow_passes_through_nginx(topo, ada, bob):
    await two_client_flow(topo, ada, bob)


async def test_h1_the_websocket_upgrades_through_nginx_and_a_command_round_trips(topo, ada):
    pid = ada.create_project("H1")["id"]
    async with websockets.connect(f"{topo.ws_url}/ws/{pid}",
                                  subprotocols=["pryzm.v1", f"bearer.{ada.token}"]) as ws:
        assert ws.response.status_code == 101
        assert ws.subprotocol == "pryzm.v1"
    sock = await Socket.open(topo.ws_url, pid, ada)
    await sock.caught_up()
    event_id = await sock.send_command(wall(ada.first_level(pid), 0))
    await sock.wait_for(lambda: event_id in sock.acks and 2 in sock.events)
    await sock.close()


def _upload(base: str, user: User, pid: str, data: bytes, name: str) -> httpx.Response:
    return httpx.post(f"{base}/v1/projects/{pid}/uploads", params={"filename": name},
                      content=data, headers=user.headers, timeout=60)


def _ifc_bytes(size: int) -> bytes:
    head = b"ISO-10303-21;\nHEADER;\nENDSEC;\nDATA;\n"
    return head + b"/* padding */\n" * ((size - len(head)) // 14) + b"\n" * ((size - len(head)) % 14)


def test_h2_nginx_gateway_and_storage_agree_on_one_upload_limit(topo, ada):
    pid = ada.create_project("H2")["id"]
    ok = _upload(topo.url, ada, pid, _ifc_bytes(LIMIT - MB), "house.ifc")
    assert ok.status_code == 201, ok.text
    body = ok.json()
    assert body["size"] == LIMIT - MB and body["format"] == "ifc" and len(body["sha256"]) == 64

    too_big = _ifc_bytes(LIMIT + MB)
    via_nginx = _upload(topo.url, ada, pid, too_big, "big.ifc")
    direct = _upload(f"http://127.0.0.1:{topo.ports['gateway']}", ada, pid, too_big, "big.ifc")
    for r in (via_nginx, direct):
        assert r.status_code == 413
        assert r.headers["content-type"].startswith("application/json")
        assert r.json()["error"]["code"] == "upload_too_large"

    png = _upload(topo.url, ada, pid, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "texture.png")
    assert png.status_code == 201 and png.json()["format"] == "png"
    junk = _upload(topo.url, ada, pid, b"MZ\x90\x00 definitely not a model", "house.ifc")
    assert junk.status_code == 415 and junk.json()["error"]["code"] == "unsupported_format"


async def test_h3_a_fresh_bucket_takes_the_first_upload_and_bake_and_health_sees_it_vanish(
        tmp_path):
    topo = Topology(tmp_path / "h3", upload_limit=LIMIT).start()  # moto starts empty
    try:
        user = User.sign_in(topo.url, "Ada")
        pid = user.create_project("H3")["id"]
        assert _upload(topo.url, user, pid, _ifc_bytes(1000), "a.ifc").status_code == 201
        sock = await Socket.open(topo.ws_url, pid, user)
        await sock.caught_up()
        await sock.send_command(wall(user.first_level(pid), 0))
        await sock.wait_for(lambda: any(b["seq"] == 2 for b in sock.baked), timeout=60)
        manifest = sock.baked[-1]["manifest"]
        user.get_model_glb(manifest)
        await sock.close()

        httpx.post(f"{topo.s3_url}/moto-api/reset")  # the bucket disappears
        for name in ("gateway", "bake"):
            report = topo.health(name)
            assert report.status_code == 503
            assert report.json()["checks"]["object_store"]["ok"] is False
            assert "missing" in report.json()["checks"]["object_store"]["error"]
    finally:
        topo.stop()


async def test_h4_urls_handed_to_browsers_are_same_origin(topo, ada):
    pid = ada.create_project("H4")["id"]
    sock = await Socket.open(topo.ws_url, pid, ada)
    await sock.caught_up()
    await sock.send_command(wall(ada.first_level(pid), 0))
    await sock.wait_for(lambda: any(b["seq"] == 2 for b in sock.baked), timeout=60)
    texts = [json.dumps(m) for m in sock.received]
    texts += [ada.get(p).text for p in (f"/v1/projects/{pid}", f"/v1/projects/{pid}/events",
                                        f"/v1/projects/{pid}/bakes/latest", "/v1/projects")]
    internal = ["api-gateway", "sync-server", "bake-worker", "minio",
                *(f":{topo.ports[n]}" for n in ("gateway", "sync", "bake", "s3"))]
    for text in texts:
        assert not [name for name in internal if name in text], text[:300]
    manifest = next(b for b in sock.baked if b["seq"] == 2)["manifest"]
    for url in (manifest["glb_url"], manifest["mesh_url"]):
        assert url.startswith("/v1/projects/")
    mesh = manifest["mesh_url"].replace("{hash}", manifest["elements"][0]["mesh"])
    assert ada.get(mesh).status_code == 200
    await sock.close()


def _health(url: str, timeout: float = 2.0) -> int:
    return subprocess.run([sys.executable, "-m", "pryzm", "health", url, "--timeout",
                           str(timeout)], capture_output=True, timeout=60).returncode


def test_h6_health_checks_exit_exactly_0_or_1_and_catch_a_hung_service(topo):
    gateway = f"http://127.0.0.1:{topo.ports['gateway']}/v1/health"
    assert _health(gateway) == 0
    assert _health(f"http://127.0.0.1:{topo.ports['sync']}/health") == 0
    assert _health(f"http://127.0.0.1:{topo.ports['bake']}/health") == 0
    assert _health(f"{topo.url}/healthz") == 0
    assert _health("http://127.0.0.1:9/health") == 1        # nothing listens
    assert _health(f"{topo.url}/v1/no-such-route") == 1     # answers, but not 200
    routes = {"gateway": gateway, "sync": f"http://127.0.0.1:{topo.ports['sync']}/health",
              "bake": f"http://127.0.0.1:{topo.ports['bake']}/health"}
    for name, route in routes.items():                       # each one hung in turn
        process = topo.processes[name]
        os.kill(process.pid, signal.SIGSTOP)
        try:
            assert _health(route, timeout=1.0) == 1, name
        finally:
            os.kill(process.pid, signal.SIGCONT)
        assert _health(route) == 0, name


async def test_h7_a_postgres_outage_mid_run_loses_no_acknowledged_command(topo, ada, bob):
    pid = ada.create_project("H7")["id"]
    ada.add_member(pid, bob)
    level = ada.first_level(pid)
    clients = [ResilientClient(topo.ws_url, pid, u) for u in (ada, bob)]
    for c in clients:
        await c.connect()
    for i in range(10):
        await clients[i % 2].send(wall(level, i * 3.0))
    for c in clients:
        await c.settle()

    topo.database.stop()
    outage_started = time.monotonic()
    for name in ("gateway", "sync", "bake"):
        assert topo.health(name).status_code == 503

    async def edit_during_outage(client: ResilientClient, offset: float) -> None:
        # Sent while the database is down: refused as "unavailable" (never acked), kept
        # pending by the client and resent after it reconnects.
        for i in range(5):
            await client.send(wall(level, offset + i * 3.0))

    await asyncio.gather(*(edit_during_outage(c, 500 + 100 * n) for n, c in enumerate(clients)))
    await asyncio.sleep(max(0.0, 30 - (time.monotonic() - outage_started)))
    topo.database.start()
    topo.wait_healthy(120)
    for c in clients:
        await c.settle(timeout=120)

    with psycopg.connect(topo.database_url()) as conn:
        logged = [r[0] for r in conn.execute(
            "SELECT event_id::text FROM command_events WHERE project_id = %s ORDER BY seq",
            (pid,))]
    acked = [e for c in clients for e in c.acked]
    assert len(acked) == 20
    assert all(logged.count(e) == 1 for e in acked)
    assert len(logged) == 21
    for c in clients:
        await c.close()


def test_h7_services_wait_for_postgres_at_start(tmp_path):
    topo = Topology(tmp_path / "h7-start")
    topo.start(database=False)  # PostgreSQL is not there yet
    try:
        time.sleep(30)
        for name in ("gateway", "sync", "bake"):
            assert topo.processes[name].poll() is None, f"{name} gave up:\n{topo.output()}"
        topo.database.start()
        topo.wait_healthy(120)
        assert "waiting for postgres" in topo.output()
    finally:
        topo.stop()


async def test_s11_idle_clients_behind_default_nginx_still_see_edits(tmp_path):
    topo = Topology(tmp_path / "s11", default_timeouts=True).start()
    try:
        ada, bob = User.sign_in(topo.url, "Ada"), User.sign_in(topo.url, "Bob")
        pid = ada.create_project("S11")["id"]
        ada.add_member(pid, bob)
        a = await Socket.open(topo.ws_url, pid, ada)
        b = await Socket.open(topo.ws_url, pid, bob)
        await asyncio.gather(a.caught_up(), b.caught_up())
        await asyncio.sleep(90)  # longer than nginx's default 60 s proxy_read_timeout
        assert not a.closed.is_set() and not b.closed.is_set()
        await a.send_command(wall(ada.first_level(pid), 0))
        await b.wait_for(lambda: 2 in b.events, timeout=2.0, what="the edit within 2 s")
        await asyncio.gather(a.close(), b.close())
    finally:
        topo.stop()
