"""Field cases S1, S2, S4, S6, S7 and S10 (../shared/cases/CASES.md) against the real stack
(S5 and S8 are in test_sync_s5_s8.py)."""

from __future__ import annotations

import asyncio
import json
import uuid

import psycopg
import pytest
from psycopg.types.json import Jsonb
from tests.support.client import Socket, new_id, wall

pytestmark = pytest.mark.anyio


def _rows(stack, pid: str) -> list[tuple[int, str]]:
    with psycopg.connect(stack.database_url()) as conn:
        return conn.execute("SELECT seq, event_id::text FROM command_events "
                            "WHERE project_id = %s ORDER BY seq", (pid,)).fetchall()


async def test_s1_a_client_joining_during_a_slow_commit_receives_both_seqs(stack, ada, bob):
    pid = ada.create_project("S1")["id"]
    ada.add_member(pid, bob)
    level = ada.first_level(pid)

    with psycopg.connect(stack.database_url()) as blocker:
        # Hold the project's row lock: the append (which bumps head_seq) waits ~1 s.
        blocker.execute("BEGIN")
        blocker.execute("SELECT 1 FROM projects WHERE id = %s FOR UPDATE", (pid,))
        a = await Socket.open(stack.ws_url, pid, ada)
        await a.caught_up()
        sent = [await a.send_command(wall(level, 0)), await a.send_command(wall(level, 5))]
        await asyncio.sleep(0.3)
        await a.close()  # the sender is gone before its commits land
        b_open = asyncio.create_task(Socket.open(stack.ws_url, pid, bob))
        await asyncio.sleep(0.7)
        blocker.execute("COMMIT")
    b = await b_open
    await b.wait_for(lambda: len(b.events) == 3, what="both seqs")
    assert b.seqs() == [1, 2, 3]
    assert b.event_order()[1:] == sent
    assert [r[1] for r in _rows(stack, pid)][1:] == sent
    await b.close()


async def test_s2_commands_queued_offline_arrive_once_each_in_one_order(stack, ada, bob):
    pid = ada.create_project("S2")["id"]
    ada.add_member(pid, bob)
    level = ada.first_level(pid)
    a = await Socket.open(stack.ws_url, pid, ada)
    b = await Socket.open(stack.ws_url, pid, bob)
    await asyncio.gather(a.caught_up(), b.caught_up())
    last_seq = max(a.seqs())
    await a.close()  # offline

    queued = [(new_id(), wall(level, i * 5.0)) for i in range(5)]
    other = await b.send_command(wall(level, 100.0))  # the world moves on meanwhile
    await b.wait_for(lambda: other in b.acks)

    a2 = await Socket.open(stack.ws_url, pid, ada, last_seq=last_seq)
    await a2.caught_up()
    for event_id, command in queued:
        await a2.send_command(command, event_id)
    # A flaky client resends the same queue: still once each.
    for event_id, command in queued:
        await a2.send_command(command, event_id)
    await a2.wait_for(lambda: all(e in a2.acks for e, _ in queued), what="acks")
    await b.wait_for(lambda: len(b.events) == 7, what="seven events")
    await asyncio.sleep(0.3)
    assert len(b.events) == 7
    queued_ids = [e for e, _ in queued]
    assert [e for e in b.event_order() if e in queued_ids] == queued_ids
    assert b.event_order()[last_seq:] == a2.event_order()
    assert [r[1] for r in _rows(stack, pid)] == b.event_order()
    await asyncio.gather(a2.close(), b.close())


async def test_s4_a_second_socket_of_the_same_user_keeps_receiving(stack, ada, bob):
    pid = ada.create_project("S4")["id"]
    ada.add_member(pid, bob)
    level = ada.first_level(pid)
    one = await Socket.open(stack.ws_url, pid, ada)
    two = await Socket.open(stack.ws_url, pid, ada)
    b = await Socket.open(stack.ws_url, pid, bob)
    await asyncio.gather(one.caught_up(), two.caught_up(), b.caught_up())
    await one.close()  # socket 1 closes late, after socket 2 is open
    sent = [await b.send_command(wall(level, i * 5.0)) for i in range(3)]
    await two.wait_for(lambda: len(two.events) == 4, what="broadcasts on socket 2")
    assert two.event_order()[1:] == sent
    # Ada is still online through socket 2: nobody was told she left.
    assert not any(m["type"] == "presence" and m.get("left") for m in b.received)
    await asyncio.gather(two.close(), b.close())


async def test_s6_an_oversized_command_gets_an_explicit_error_and_nothing_changes(
        stack, ada, bob):
    pid = ada.create_project("S6")["id"]
    ada.add_member(pid, bob)
    level = ada.first_level(pid)
    a = await Socket.open(stack.ws_url, pid, ada)
    b = await Socket.open(stack.ws_url, pid, bob)
    await asyncio.gather(a.caught_up(), b.caught_up())

    huge = wall(level, 0, material="x" * (2 * 1024 * 1024))
    event_id = await a.send_command(huge)
    await a.wait_for(lambda: event_id in a.rejects, what="reject")
    assert a.rejects[event_id]["code"] == "command_too_large"
    assert "limit" in a.rejects[event_id]["message"]
    # The socket stays usable; nothing was applied or broadcast.
    ok = await a.send_command(wall(level, 10))
    await a.wait_for(lambda: ok in a.acks, what="a normal command after")
    await b.wait_for(lambda: len(b.events) == 2)
    assert b.event_order() == [r[1] for r in _rows(stack, pid)]
    assert event_id not in b.event_order()
    assert not a.closed.is_set()
    await asyncio.gather(a.close(), b.close())


def _insert_history(stack, pid: str, level: str, count: int, actor: str) -> None:
    rows = []
    for i in range(count):
        command = wall(level, (i % 100) * 5.0, (i // 100) * 5.0)
        del command["type"]
        eid = str(uuid.uuid4())
        rows.append((pid, i + 2, eid, eid, actor, "place_wall",
                     Jsonb({**command, "base_offset": 0.0, "material": "concrete"})))
    with psycopg.connect(stack.database_url()) as conn:
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO command_events (project_id, seq, event_id, "
                            "command_id, actor, type, payload) VALUES "
                            "(%s, %s, %s, %s, %s, %s, %s)", rows)
        conn.execute("UPDATE projects SET head_seq = %s WHERE id = %s", (count + 1, pid))


async def test_s7_clients_joining_while_the_project_loads_never_see_an_empty_model(
        stack, ada, bob):
    pid = ada.create_project("S7")["id"]
    ada.add_member(pid, bob)
    level = ada.first_level(pid)
    _insert_history(stack, pid, level, 6000, ada.id)  # the sync-server has not loaded it

    socks = await asyncio.gather(*(Socket.open(stack.ws_url, pid, u)
                                   for u in (ada, bob, ada, bob)))
    await asyncio.gather(*(s.caught_up(timeout=60) for s in socks))
    for s in socks:
        assert s.welcome["head_seq"] == 6001
        assert s.seqs() == list(range(1, 6002))
        pages = [m for m in s.received if m["type"] == "events"]
        assert len(pages) > 1, "catch-up of 6,000 events is paginated"
        assert all(m["more"] for m in pages[:-1]) and not pages[-1]["more"]
    # ...and the state they load is the real one: a new command decides against all 6,001.
    event_id = await socks[0].send_command(wall(level, 0, 1000.0))
    await socks[1].wait_for(lambda: 6002 in socks[1].events)
    await socks[0].wait_for(lambda: event_id in socks[0].acks)
    assert socks[0].acks[event_id]["seq"] == 6002
    await asyncio.gather(*(s.close() for s in socks))


async def test_s10_one_event_id_on_two_sockets_gets_one_seq(stack, ada):
    pid = ada.create_project("S10")["id"]
    level = ada.first_level(pid)
    one = await Socket.open(stack.ws_url, pid, ada)
    two = await Socket.open(stack.ws_url, pid, ada)
    await asyncio.gather(one.caught_up(), two.caught_up())
    command, event_id = wall(level, 0), new_id()
    await asyncio.gather(one.send_command(command, event_id),
                         two.send_command(command, event_id))
    await one.wait_for(lambda: event_id in one.acks)
    await two.wait_for(lambda: event_id in two.acks)
    assert one.acks[event_id]["seq"] == two.acks[event_id]["seq"] == 2
    assert [r[1] for r in _rows(stack, pid)].count(event_id) == 1
    assert len(_rows(stack, pid)) == 2
    await asyncio.gather(one.close(), two.close())


async def test_invalid_commands_are_rejected_with_stable_codes(stack, ada):
    pid = ada.create_project("Rejects")["id"]
    level = ada.first_level(pid)
    a = await Socket.open(stack.ws_url, pid, ada)
    await a.caught_up()
    cases = {
        "zero_length": {**wall(level, 0), "end": [0, 0]},
        "unknown_level": wall(new_id(), 0),
        "invalid_command": {**wall(level, 0), "thickness": -1},
        "unknown_command": {"type": "launch_rocket"},
        "unknown_element": {"type": "update_wall", "id": new_id(), "thickness": 0.3},
    }
    ids = {code: await a.send_command(cmd) for code, cmd in cases.items()}
    nan_id = new_id()
    await a.ws.send('{"type": "command", "event_id": "%s", "command": {"type": "place_wall", '
                    '"id": "%s", "level_id": "%s", "start": [0, 0], "end": [NaN, 1]}}'
                    % (nan_id, new_id(), level))
    await a.wait_for(lambda: all(i in a.rejects for i in [*ids.values(), nan_id]))
    for code, event_id in ids.items():
        assert a.rejects[event_id]["code"] == code, a.rejects[event_id]
        assert a.rejects[event_id]["message"]
    assert a.rejects[nan_id]["code"] == "invalid_command"
    await a.ws.send("this is not json")
    await a.ws.send(json.dumps({"type": "command", "command": wall(level, 0)}))
    await a.wait_for(lambda: sum(m["type"] in ("error", "reject") and
                                 m.get("code") == "invalid_message" for m in a.received) == 2)
    assert len(_rows(stack, pid)) == 1
    await a.close()


async def test_a_viewer_can_read_but_not_change(stack, ada, bob):
    pid = ada.create_project("Viewer")["id"]
    ada.add_member(pid, bob, role="viewer")
    v = await Socket.open(stack.ws_url, pid, bob)
    await v.caught_up()
    assert v.welcome["role"] == "viewer"
    event_id = await v.send_command(wall(ada.first_level(pid), 0))
    await v.wait_for(lambda: event_id in v.rejects)
    assert v.rejects[event_id]["code"] == "forbidden"
    assert len(_rows(stack, pid)) == 1
    await v.close()


async def test_catch_up_pages_are_bounded_in_bytes_as_well_as_events(stack, ada):
    import base64
    import struct

    pid = ada.create_project("Big imports")["id"]
    level = ada.first_level(pid)
    triangle = [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
    vertices = base64.b64encode(struct.pack("<%df" % (9 * 66_000), *(triangle * 66_000))).decode()
    faces = base64.b64encode(struct.pack("<3I", 0, 1, 2)).decode()
    with psycopg.connect(stack.database_url()) as conn:
        for i in range(4):  # four events of ~3.2 MB: a 500-event page would be ~13 MB
            eid = str(uuid.uuid4())
            payload = {"id": str(uuid.uuid4()), "level_id": level, "origin": [0.0, 0.0, 0.0],
                       "vertices": vertices, "faces": faces, "edges": "", "texts": [],
                       "name": f"mesh {i}", "source": "test", "source_id": "",
                       "material": "reference"}
            conn.execute("INSERT INTO command_events (project_id, seq, event_id, command_id, "
                         "actor, type, payload) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                         (pid, i + 2, eid, eid, ada.id, "place_reference", Jsonb(payload)))
        conn.execute("UPDATE projects SET head_seq = 5 WHERE id = %s", (pid,))

    sock = await Socket.open(stack.ws_url, pid, ada)
    await sock.caught_up(timeout=60)
    pages = [m for m in sock.received if m["type"] == "events"]
    assert sock.seqs() == [1, 2, 3, 4, 5]
    assert len(pages) >= 3
    assert all(len(json.dumps(p)) < 4.5 * 1024 * 1024 for p in pages)
    await sock.close()


async def test_a_live_event_equals_the_same_event_read_back_from_the_log(stack, ada):
    """Replicas agree whether they were online or caught up: an event broadcast at once is the
    one the log gives back, even for -0.0 (which PostgreSQL's jsonb cannot hold) — an import
    made such a reference origin, and editors that watched it live hashed differently."""
    pid = ada.create_project("Negative zero")["id"]
    level = ada.first_level(pid)
    live = await Socket.open(stack.ws_url, pid, ada)
    await live.caught_up()
    command = wall(level, -0.0, -0.0)
    event_id = await live.send_command(command)
    await live.wait_for(lambda: event_id in live.acks and 2 in live.events, what="the wall")
    sent = live.events[2]["event"]
    assert sent["start"] == [0.0, 0.0] and "-0.0" not in json.dumps(sent)
    later = await Socket.open(stack.ws_url, pid, ada)
    await later.caught_up()
    assert json.dumps(later.events[2]["event"], sort_keys=True) == json.dumps(sent, sort_keys=True)
    logged = ada.get(f"/v1/projects/{pid}/events?after=1").json()["events"][0]["event"]
    assert json.dumps(logged, sort_keys=True) == json.dumps(sent, sort_keys=True)
    await live.close()
    await later.close()
