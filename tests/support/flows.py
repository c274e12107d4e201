"""User flows shared by tests of different topologies."""

from __future__ import annotations

import asyncio
import io

import psycopg
import pytest
import trimesh

from tests.support.client import Socket, User, wall


async def _send_walls(sock: Socket, level: str, xs: list[float]) -> list[str]:
    ids = []
    for x in xs:
        ids.append(await sock.send_command(wall(level, x, length=2.0)))
    return ids


async def two_client_flow(stack, ada: User, bob: User) -> None:
    """Issue 2's acceptance flow, for any running topology (`pryzm up`, or nginx in front)."""
    project = ada.create_project("Two clients")
    pid = project["id"]
    ada.add_member(pid, bob)
    level = ada.first_level(pid)

    a = await Socket.open(stack.ws_url, pid, ada)
    b = await Socket.open(stack.ws_url, pid, bob)
    await asyncio.gather(a.caught_up(), b.caught_up())

    # 200 walls, 100 from each client, sent at once.
    ids_a, ids_b = await asyncio.gather(
        _send_walls(a, level, [i * 3.0 for i in range(100)]),
        _send_walls(b, level, [i * 3.0 for i in range(100, 200)]))
    sent = ids_a + ids_b
    await a.wait_for(lambda: all(i in a.acks for i in ids_a), what="acks of a")
    await b.wait_for(lambda: all(i in b.acks for i in ids_b), what="acks of b")
    for sock in (a, b):
        await sock.wait_for(lambda s=sock: len(s.events) == 201, what="201 events")
        assert sock.seqs() == list(range(1, 202))
    # One order, shared by everybody, holding exactly the commands sent (plus the level).
    assert a.event_order() == b.event_order()
    assert set(a.event_order()[1:]) == set(sent)
    assert not a.rejects and not b.rejects
    assert a.repeated == b.repeated == []  # each event delivered once to each socket

    with psycopg.connect(stack.database_url()) as conn:
        rows = conn.execute("SELECT seq, event_id::text FROM command_events "
                            "WHERE project_id = %s ORDER BY seq", (pid,)).fetchall()
    assert [r[0] for r in rows] == list(range(1, 202))
    assert [r[1] for r in rows] == a.event_order()

    # A resend of 20 event ids yields the original acks and no new rows.
    originals = {i: a.acks.pop(i) for i in ids_a[:20]}
    for event_id in originals:
        await a.send_command(wall(level, 999.0), event_id=event_id)
    await a.wait_for(lambda: all(i in a.acks for i in originals), what="re-acks")
    for event_id, ack in originals.items():
        assert a.acks[event_id]["seq"] == ack["seq"]
    with psycopg.connect(stack.database_url()) as conn:
        count = conn.execute("SELECT count(*) FROM command_events WHERE project_id = %s",
                             (pid,)).fetchone()[0]
    assert count == 201

    # A client reconnecting with last_seq=50 receives 51..201.
    c = await Socket.open(stack.ws_url, pid, bob, last_seq=50)
    await c.caught_up()
    assert c.welcome["head_seq"] == 201
    assert c.seqs() == list(range(51, 202)) and c.repeated == []
    assert c.event_order() == a.event_order()[50:]

    # The bake of the newest seq arrives; its GLB holds one mesh per wall, boxes in place.
    await a.wait_for(lambda: any(m["seq"] == 201 for m in a.baked), timeout=60,
                     what="bake of seq 201")
    manifest = next(m for m in a.baked if m["seq"] == 201)["manifest"]
    walls = {e["id"]: e for e in manifest["elements"]}
    assert len(walls) == 200
    glb = ada.get_model_glb(manifest)
    scene = trimesh.load(io.BytesIO(glb.content), file_type="glb")
    origin = manifest["origin"]
    placed = {e["event"]["id"]: e["event"] for e in a.events.values()
              if e["event"]["type"] == "place_wall"}
    assert set(scene.graph.nodes_geometry) == set(placed)
    for node in scene.graph.nodes_geometry:
        transform, geometry_name = scene.graph[node]
        mesh = scene.geometry[geometry_name]
        (x0, y0, z0), (x1, y1, z1) = mesh.bounds
        w = placed[node]
        # glTF is y up: model (x, y, z) is stored as (x, z, -y) relative to the origin.
        assert x0 + origin[0] == pytest.approx(w["start"][0], abs=1e-4)
        assert x1 + origin[0] == pytest.approx(w["end"][0], abs=1e-4)
        assert (y0, y1) == pytest.approx((0.0, 3.0), abs=1e-4)
        assert (-z1, -z0) == pytest.approx((-0.1, 0.1), abs=1e-4)
        assert walls[node]["bbox"]["min"][0] == pytest.approx(w["start"][0])

    for sock in (a, b, c):
        await sock.close()
