"""Issue 3 through the running stack: a room of four walls with a door and a window, a slab
and a room; quantities as computed by hand; a moved wall re-bakes only what it touches; old
bakes are pruned."""

from __future__ import annotations

import asyncio

import psycopg
import pytest
from tests.support.client import Socket, User, new_id, wall

pytestmark = pytest.mark.anyio


async def _bake_at(sock: Socket, seq: int) -> dict:
    await sock.wait_for(lambda: any(b["seq"] == seq for b in sock.baked), timeout=60,
                        what=f"bake of seq {seq}")
    return next(b for b in sock.baked if b["seq"] == seq)["manifest"]


async def test_a_drawn_room_bakes_with_hand_computed_quantities(stack, ada: User):
    pid = ada.create_project("Room")["id"]
    level = ada.first_level(pid)
    sock = await Socket.open(stack.ws_url, pid, ada)
    await sock.caught_up()

    corners = [(0.0, 0.0), (6.0, 0.0), (6.0, 4.0), (0.0, 4.0)]
    walls = [new_id() for _ in corners]
    door, window, slab, room = new_id(), new_id(), new_id(), new_id()
    commands = [{"type": "place_wall", "id": walls[i], "level_id": level,
                 "start": list(corners[i]), "end": list(corners[(i + 1) % 4]),
                 "thickness": 0.2, "height": 3.0} for i in range(4)]
    commands += [
        {"type": "place_opening", "id": door, "host_id": walls[0], "kind": "door",
         "offset": 2.0, "width": 0.9, "height": 2.1},
        {"type": "place_opening", "id": window, "host_id": walls[1], "kind": "window",
         "offset": 1.4, "width": 1.2, "height": 1.2, "sill_height": 0.9},
        {"type": "place_slab", "id": slab, "level_id": level, "thickness": 0.2,
         "boundary": [list(c) for c in corners]},
        {"type": "place_room", "id": room, "level_id": level, "name": "Living", "number": "1",
         "boundary": [[0.1, 0.1], [5.9, 0.1], [5.9, 3.9], [0.1, 3.9]]},
    ]
    ids = [await sock.send_command(c) for c in commands]
    await sock.wait_for(lambda: all(i in sock.acks for i in ids) or bool(sock.rejects))
    assert not sock.rejects, sock.rejects
    manifest = await _bake_at(sock, 9)
    q = {e["id"]: e["quantities"] for e in manifest["elements"]}
    types = {e["id"]: e["type"] for e in manifest["elements"]}
    assert [types[w] for w in walls] == ["wall"] * 4
    assert (types[door], types[window], types[slab], types[room]) == (
        "door", "window", "slab", "room")

    # By hand: centred 0.2 m walls, 3 m high, mitred at the corners (a mitre adds outside
    # what it takes inside, so each wall's solid is length x thickness x height).
    door_void, window_void = 0.9 * 2.1 * 0.2, 1.2 * 1.2 * 0.2
    assert q[walls[0]]["length"] == pytest.approx(6.0)
    assert q[walls[0]]["net_side_area"] == pytest.approx(18.0 - 0.9 * 2.1)
    assert q[walls[0]]["net_volume"] == pytest.approx(6 * 0.2 * 3 - door_void, abs=1e-6)
    assert q[walls[1]]["net_volume"] == pytest.approx(4 * 0.2 * 3 - window_void, abs=1e-6)
    assert q[walls[2]]["net_volume"] == pytest.approx(6 * 0.2 * 3, abs=1e-6)
    assert q[walls[3]]["net_volume"] == pytest.approx(4 * 0.2 * 3, abs=1e-6)
    assert q[slab]["area"] == pytest.approx(24.0)
    assert q[slab]["volume"] == pytest.approx(4.8)
    assert q[room]["area"] == pytest.approx(5.8 * 3.8)
    assert q[room]["perimeter"] == pytest.approx(2 * (5.8 + 3.8))
    assert q[room]["volume"] == pytest.approx(5.8 * 3.8 * 3.0)
    assert all(not e["warnings"] for e in manifest["elements"])

    # Move the east wall (it hosts the window): only it, its two corner neighbours and its
    # window get new meshes.
    before = {e["id"]: e["mesh"] for e in manifest["elements"]}
    moved = await sock.send_command({"type": "move_elements", "ids": [walls[1]],
                                     "delta": [0.5, 0.0]})
    await sock.wait_for(lambda: moved in sock.acks or moved in sock.rejects)
    assert moved in sock.acks, sock.rejects.get(moved)
    after = {e["id"]: e["mesh"] for e in (await _bake_at(sock, 10))["elements"]}
    changed = {eid for eid in after if after[eid] != before[eid]}
    assert changed == {walls[1], walls[0], walls[2], window}
    fetched = ada.get(f"/v1/projects/{pid}/geom/{after[walls[1]]}")
    assert fetched.status_code == 200 and fetched.content[:4] == b"glTF"
    # The `baked` frame carries only that: a delta from the bake before.
    delta = next(b for b in sock.baked if b["seq"] == 10)["delta"]
    assert delta["base_seq"] == 9 and delta["removed"] == []
    assert {e["id"] for e in delta["changed"]} == changed
    await sock.close()


async def test_baked_deltas_patch_into_the_manifest_the_server_serves(stack, ada: User):
    """A client that shows a bake patches the next delta onto it; one that opened the project
    later loads the whole manifest once; `bakes/latest` is current even while the newest
    bake's whole manifest is not written yet (ADR 0054)."""
    pid = ada.create_project("Deltas")["id"]
    level = ada.first_level(pid)
    early = await Socket.open(stack.ws_url, pid, ada)
    await early.caught_up()
    first, second = wall(level, 0.0), wall(level, 5.0)
    for command in (first, second):
        event_id = await early.send_command(command)
        await early.wait_for(lambda e=event_id: e in early.acks)
    await _bake_at(early, 3)
    late = await Socket.open(stack.ws_url, pid, ada, last_seq=3)
    await late.caught_up()
    gone = await early.send_command({"type": "delete_elements", "ids": [first["id"]]})
    await early.wait_for(lambda: gone in early.acks)
    patched = await _bake_at(early, 4)
    delta = next(b for b in early.baked if b["seq"] == 4)["delta"]
    assert delta["removed"] == [first["id"]] and delta["changed"] == []
    assert [e["id"] for e in patched["elements"]] == [second["id"]]
    assert await _bake_at(late, 4) == patched  # via `bakes/latest`, then patched or not
    assert ada.get(f"/v1/projects/{pid}/bakes/latest").json() == patched

    # Between `baked` and its whole manifest, the gateway patches the delta onto its base.
    for _ in range(100):  # (it is written a moment after `baked`: wait for it, then drop it)
        with psycopg.connect(stack.database_url()) as conn:
            dropped = conn.execute("DELETE FROM artefacts WHERE project_id = %s AND "
                                   "kind = 'manifest' AND seq = 4", (pid,)).rowcount
        if dropped:
            break
        await asyncio.sleep(0.1)
    assert dropped == 1
    assert ada.get(f"/v1/projects/{pid}/bakes/latest").json() == patched
    await early.close()
    await late.close()


async def test_a_project_keeps_its_newest_bakes_and_deletes_older_ones(stack, ada: User):
    """Every edit bakes a manifest (and a model GLB): the store keeps a project's newest
    PRYZM_BAKES_KEPT (10) bakes and deletes the rest, rows and objects alike."""
    pid = ada.create_project("Many bakes")["id"]
    level = ada.first_level(pid)
    sock = await Socket.open(stack.ws_url, pid, ada)
    await sock.caught_up()
    for i in range(14):  # one at a time: each edit its own bake
        event_id = await sock.send_command(wall(level, i * 5.0))
        await sock.wait_for(lambda: event_id in sock.acks)
        await _bake_at(sock, sock.acks[event_id]["seq"])
    head = 15

    def rows() -> dict[str, list[tuple[int, str]]]:
        with psycopg.connect(stack.database_url()) as conn:
            found = conn.execute("SELECT kind, seq, key FROM artefacts WHERE project_id = %s "
                                 "ORDER BY seq", (pid,)).fetchall()
        out: dict[str, list[tuple[int, str]]] = {}
        for kind, seq, key in found:
            out.setdefault(kind, []).append((seq, key))
        return out

    async def pruned() -> dict[str, list[tuple[int, str]]]:
        # The newest bake's model GLB and pruning come a moment after its `baked`.
        for _ in range(100):
            now = rows()
            if [s for s, _ in now.get("manifest", [])] == list(range(head - 9, head + 1)) \
                    and head in [s for s, _ in now.get("model_glb", [])]:
                return now
            await asyncio.sleep(0.1)
        raise AssertionError(rows())

    kept = await pruned()
    assert all(s > head - 10 for s, _ in kept["model_glb"])
    assert [s for s, _ in kept["manifest_delta"]] == list(range(head - 9, head + 1))
    objects = stack.home / "objects"
    bakes = {p.name for p in (objects / "projects" / pid / "bakes").iterdir()}
    assert bakes == {key.rsplit("/", 1)[-1] for entries in kept.values() for _, key in entries}
    assert ada.get(f"/v1/projects/{pid}/bakes/latest").json()["seq"] == head
    # Meshes are shared and stay: the newest manifest's all download.
    latest = ada.get(f"/v1/projects/{pid}/bakes/latest").json()
    for element in latest["elements"]:
        assert ada.get(f"/v1/projects/{pid}/geom/{element['mesh']}").status_code == 200
    await sock.close()
