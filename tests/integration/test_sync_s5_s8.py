"""Field cases S5 (a huge history over a slow link) and S8 (a socket that never authenticated
floods commands), against the real stack (../shared/cases/CASES.md)."""

from __future__ import annotations

import asyncio
import base64
import json
import random
import socket
import struct
import threading
import time
import uuid

import psutil
import psycopg
import pytest
import websockets
from psycopg.types.json import Jsonb
from tests.support.client import Socket, new_id, wall
from tests.support.throttle import SlowLink
from websockets.asyncio.client import ClientConnection, connect
from websockets.frames import Frame, Opcode

pytestmark = pytest.mark.anyio

# The editor's rule (apps/editor/src/net/sync.ts): a `ping` every 20 s, and a live socket with
# no frame for 2.5 ping intervals is dead and gets reconnected.
EDITOR_PING_S = 20.0
EDITOR_DEAD_AFTER_S = 2.5 * EDITOR_PING_S
LINK_BYTES_PER_S = 256 * 1024


def _reference(level: str, triangles: int, i: int) -> dict:
    """A reference mesh event payload (what an import appends): ~48 bytes of JSON a
    triangle, of vertices that do not compress (the socket deflates what it sends)."""
    rng = random.Random(i)
    vertices = base64.b64encode(struct.pack(f"<{9 * triangles}f", *(
        rng.uniform(-50, 50) for _ in range(9 * triangles)))).decode()
    faces = base64.b64encode(struct.pack("<3I", 0, 1, 2)).decode()
    return {"id": new_id(), "level_id": level, "origin": [0.0, 0.0, 0.0], "vertices": vertices,
            "faces": faces, "edges": "", "texts": [], "name": f"imported part {i}",
            "source": "test", "source_id": str(i), "material": "reference"}


def _write_history(stack, pid: str, level: str, actor: str) -> tuple[int, int]:
    """Append ~12 MB straight to the log, the way big imports leave it: 6,000 walls, and
    three runs of eight reference meshes of ~450 kB each. Returns (head seq, bytes of event
    payloads)."""
    rows, size = [], 0
    seq = 1
    for i in range(6000):
        seq += 1
        payload = {**wall(level, (i % 100) * 5.0, (i // 100) * 5.0), "base_offset": 0.0,
                   "material": "concrete"}
        del payload["type"]
        rows.append((seq, "place_wall", payload))
        if i % 2000 == 0:
            for j in range(8):
                seq += 1
                rows.append((seq, "place_reference", _reference(level, 9_500, i + j)))
    with psycopg.connect(stack.database_url()) as conn:
        with conn.cursor() as cur:
            params = []
            for s, kind, payload in rows:
                eid = str(uuid.uuid4())
                size += len(json.dumps(payload))
                params.append((pid, s, eid, eid, actor, kind, Jsonb(payload)))
            cur.executemany("INSERT INTO command_events (project_id, seq, event_id, command_id, "
                            "actor, type, payload) VALUES (%s, %s, %s, %s, %s, %s, %s)", params)
        conn.execute("UPDATE projects SET head_seq = %s WHERE id = %s", (seq, pid))
    return seq, size


async def test_s5_a_huge_history_over_a_slow_link_catches_up_on_one_connection(stack, ada, bob):
    pid = ada.create_project("S5")["id"]
    ada.add_member(pid, bob)
    level = ada.first_level(pid)
    head, size = _write_history(stack, pid, level, ada.id)
    assert size > 10_000_000

    events: dict[int, dict] = {}
    frames: list[tuple[float, str, int]] = []  # (arrival, type, bytes)
    async with SlowLink(stack.port("web"), LINK_BYTES_PER_S) as link:
        # Like a browser: it sends no protocol pings of its own and answers the server's.
        async with connect(f"{link.url}/ws/{pid}", subprotocols=["pryzm.v1", f"bearer.{bob.token}"],
                           max_size=64 * 1024 * 1024, ping_interval=None, open_timeout=20,
                           create_connection=_CountsPings) as ws:
            await ws.send(json.dumps({"type": "hello", "last_seq": 0}))
            started = time.monotonic()
            async with asyncio.timeout(240):
                async for raw in ws:
                    message = json.loads(raw)
                    frames.append((time.monotonic(), message["type"], len(raw)))
                    if message["type"] == "events":
                        for e in message["events"]:
                            assert e["seq"] not in events, "an event arrived twice"
                            events[e["seq"]] = e
                        if not message["more"]:
                            break
            catch_up_seconds = time.monotonic() - started
            pinged_during_catch_up = ws.pings
            # Now it is a live session like any other: its keep-alive and its own edit.
            event_id = new_id()
            await ws.send(json.dumps({"type": "ping"}))
            await ws.send(json.dumps({"type": "command", "event_id": event_id,
                                      "command": wall(level, 0.0, -10.0)}))
            replies = []
            async with asyncio.timeout(30):
                async for raw in ws:
                    replies.append(json.loads(raw))
                    if replies[-1].get("event_id") == event_id and replies[-1]["type"] == "ack":
                        break
            assert replies[-1]["seq"] == head + 1
            assert "pong" in [r["type"] for r in replies]
        assert link.connections == 1, "the client had to reconnect"

    assert sorted(events) == list(range(1, head + 1))
    # It really was slow: megabytes took many seconds to cross the link...
    assert link.bytes_down > 8_000_000, link.bytes_down
    assert catch_up_seconds > link.bytes_down / LINK_BYTES_PER_S * 0.8, catch_up_seconds
    # ...in bounded pages, so frames kept arriving: the editor never took the socket for dead,
    # and would not on a link five times slower.
    pages = [f for f in frames if f[1] == "events"]
    assert len(pages) >= 10
    assert max(f[2] for f in pages) < 2 * 1024 * 1024
    arrivals = [started] + [f[0] for f in frames]
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    assert max(gaps) < EDITOR_DEAD_AFTER_S / 5, max(gaps)
    # The servers' keep-alive pings (every 20 s) got through the busy link and were answered
    # in time: a missed one would have closed the socket.
    assert pinged_during_catch_up >= int(catch_up_seconds // 20) >= 1


class _CountsPings(ClientConnection):
    """A client connection that counts the protocol pings it receives (and answers)."""

    pings = 0

    def process_event(self, event) -> None:
        if isinstance(event, Frame) and event.opcode is Opcode.PING:
            self.pings += 1
        super().process_event(event)


def _raw_upgrade(port: int, path: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Upgrade: websocket",
             "Connection: Upgrade", f"Sec-WebSocket-Key: {base64.b64encode(b'0123456789abcdef').decode()}",
             "Sec-WebSocket-Version: 13", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _flood(port: int, path: str, headers: dict[str, str], commands: list[bytes]) -> bytes:
    """Send the upgrade and, without waiting for the answer, every command as a masked text
    frame, while reading whatever the server answers until it hangs up. Returns what it said
    (empty if it reset the connection before its answer could be read)."""
    received = bytearray()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        def read() -> None:
            try:
                while chunk := s.recv(65536):
                    received.extend(chunk)
            except OSError:
                pass  # reset: the server hung up with our flood unread

        reader = threading.Thread(target=read)
        reader.start()
        try:
            s.sendall(_raw_upgrade(port, path, headers))
            for data in commands:
                s.sendall(Frame(Opcode.TEXT, data).serialize(mask=True, extensions=[]))
        except OSError:
            pass  # the server hung up on us mid-flood: what we want
        reader.join(30)
        assert not reader.is_alive(), "the server kept the connection open"
    return bytes(received)


def _commands(level: str, n: int) -> list[bytes]:
    return [json.dumps({"type": "command", "event_id": new_id(),
                        "command": wall(level, i * 5.0)}).encode() for i in range(n)]


async def test_s8_a_socket_that_never_authenticated_floods_and_nothing_happens(stack, ada):
    pid = ada.create_project("S8")["id"]
    level = ada.first_level(pid)
    watcher = await Socket.open(stack.ws_url, pid, ada)
    await watcher.caught_up()
    flood = _commands(level, 10_000)
    services = {name: psutil.Process(stack.pid(name)) for name in ("web", "gateway", "sync")}
    before = {name: p.memory_info().rss for name, p in services.items()}

    ws_path = f"/ws/{pid}"
    attempts = {
        # No token at all, through the editor's origin.
        "no token": (stack.port("web"), ws_path, {"Sec-WebSocket-Protocol": "pryzm.v1"}),
        # A made-up token.
        "forged token": (stack.port("web"), ws_path,
                         {"Sec-WebSocket-Protocol": "pryzm.v1, bearer.not-a-token"}),
        # Straight at the gateway, skipping the editor's origin.
        "gateway": (stack.port("gateway"), ws_path, {"Sec-WebSocket-Protocol": "pryzm.v1"}),
        # Straight at the sync-server, posing as the gateway without its key.
        "sync-server": (stack.port("sync"), ws_path,
                        {"x-pryzm-user-id": ada.id, "x-pryzm-role": "owner"}),
    }
    refusals = {True: 0, False: 0}  # answered with a status / reset before it
    for what, (port, path, headers) in attempts.items():
        answer = await asyncio.to_thread(_flood, port, path, headers, flood)
        status = answer.split(b"\r\n", 1)[0].split()
        assert b"101" not in status and b'"ack"' not in answer, (what, answer[:300])
        if status:  # (unless the hang-up's reset beat the answer to us)
            assert status[1] in (b"401", b"403"), (what, status)
        refusals[bool(status)] += 1

    assert refusals[True] >= 1, refusals

    # A signed-in member's socket that floods commands before its hello: the first one
    # closes it; none is applied.
    async with connect(f"{stack.ws_url}/ws/{pid}", max_size=2**24,
                       subprotocols=["pryzm.v1", f"bearer.{ada.token}"]) as ws:
        with pytest.raises(websockets.ConnectionClosed):
            for data in flood:
                await ws.send(data.decode())
            async with asyncio.timeout(20):
                async for raw in ws:
                    assert json.loads(raw)["type"] == "error"
        assert ws.close_code == 4400

    # Nothing was applied or broadcast; the member who watched saw nothing at all.
    await asyncio.sleep(1.0)
    assert watcher.seqs() == [1]
    assert [m["type"] for m in watcher.received if m["type"] in ("event", "events")] == ["events"]
    assert ada.get(f"/v1/projects/{pid}/events").json()["events"][-1]["seq"] == 1
    assert not watcher.closed.is_set()
    # Memory stayed bounded: no service held on to the ~2 MB x 5 floods it was sent.
    for name, p in services.items():
        assert p.is_running(), name
        grown = p.memory_info().rss - before[name]
        assert grown < 40 * 1024 * 1024, (name, grown)
    # And the project works as before.
    event_id = await watcher.send_command(wall(level, 0, 50.0))
    await watcher.wait_for(lambda: event_id in watcher.acks)
    assert watcher.acks[event_id]["seq"] == 2
    await watcher.close()
