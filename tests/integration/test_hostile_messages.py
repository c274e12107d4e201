"""Hostile and careless input through the running stack: every bad message or request gets a
clear error with a stable code, nothing is appended, the socket (or the connection) stays
usable and the services stay healthy."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets
from tests.support.client import Socket, User, new_id, wall
from websockets.asyncio.client import connect

pytestmark = pytest.mark.anyio


async def _reply(sock: Socket, before: int, timeout: float = 10.0) -> dict:
    """The first frame after the `before` frames already received (skipping presence)."""
    def arrived() -> bool:
        return any(m["type"] != "presence" for m in sock.received[before:])

    await sock.wait_for(arrived, timeout, "a reply")
    return next(m for m in sock.received[before:] if m["type"] != "presence")


def _head(user: User, pid: str) -> int:
    return user.get(f"/v1/projects/{pid}").json()["head_seq"]


async def test_bad_messages_get_errors_and_the_socket_stays_open(stack, ada):
    pid = ada.create_project("Hostile messages")["id"]
    level = ada.first_level(pid)
    sock = await Socket.open(stack.ws_url, pid, ada)
    await sock.caught_up()
    head = _head(ada, pid)

    async def send_raw(data: str | bytes) -> dict:
        before = len(sock.received)
        await sock.ws.send(data)
        return await _reply(sock, before)

    def command(body) -> str:
        return json.dumps({"type": "command", "event_id": new_id(), **body})

    cases = {
        "no command": (command({}), "reject", "invalid_command"),
        "command is a list": (command({"command": []}), "reject", "invalid_command"),
        "NUL in a name": (command({"command": {"type": "create_level", "id": new_id(),
                                               "name": "a\x00b"}}), "reject", "invalid_command"),
        "thickness as text": (command({"command": wall(level, 0, thickness="0.3")}),
                              "reject", "invalid_command"),
        "thickness as true": (command({"command": wall(level, 0, thickness=True)}),
                              "reject", "invalid_command"),
        "blank level name": (command({"command": {"type": "create_level", "id": new_id(),
                                                  "name": "   "}}), "reject", "invalid_command"),
        "a 65-bit property": (command({"command": {"type": "set_properties", "id": level,
                                                   "psets": {"P": {"n": 2**64}}}}),
                              "reject", "invalid_command"),
        "JSON 5,000 deep": ('{"type":"command","x":' + "[" * 5000 + "]" * 5000 + "}",
                          "error", "invalid_message"),
        "not JSON": ("{nope", "error", "invalid_message"),
        "a binary frame": (b"\x00\x01\x02binary", "error", "invalid_message"),
        "a big binary frame": (bytes(2_000_000), "error", "invalid_message"),
        "JSON 50,000 deep and too large": (
            '{"type":"command","event_id":"' + new_id() + '","x":' + "[" * 750_000
            + "]" * 750_000 + "}", "reject", "command_too_large"),
    }
    for what, (data, kind, code) in cases.items():
        reply = await send_raw(data)
        assert (reply["type"], reply.get("code")) == (kind, code), (what, reply)
        assert not sock.closed.is_set(), what

    wall_far = wall(level, 0)
    first = await sock.send_command(wall_far)
    await sock.wait_for(lambda: first in sock.acks)
    moved = await sock.send_command({"type": "move_elements", "ids": [wall_far["id"]],
                                     "delta": [5e7, 5e7]})
    await sock.wait_for(lambda: moved in sock.rejects)
    assert sock.rejects[moved]["code"] == "too_far"

    # Only the one good wall was appended; the services are healthy; work goes on.
    assert _head(ada, pid) == head + 1
    assert ada.get("/v1/health").status_code == 200
    assert httpx.get(f"http://127.0.0.1:{stack.port('sync')}/health").status_code == 200
    ok = await sock.send_command(wall(level, 10))
    await sock.wait_for(lambda: ok in sock.acks)
    await sock.close()


async def test_a_bad_first_message_is_answered_before_the_socket_closes(stack, ada):
    pid = ada.create_project("Bad hello")["id"]
    for first in ("{nope", b"\x00binary", json.dumps({"type": "command"})):
        async with connect(f"{stack.ws_url}/ws/{pid}",
                           subprotocols=["pryzm.v1", f"bearer.{ada.token}"]) as ws:
            await ws.send(first)
            reply = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert (reply["type"], reply["code"]) == ("error", "invalid_message"), first
            # (A binary frame is refused by the gateway itself; the sync-server then closes
            # the socket when its hello does not come, within 15 s.)
            with pytest.raises(websockets.ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 20)
            assert ws.close_code == 4400


def test_bad_rest_input_gets_the_error_shape_and_leaves_nothing_behind(stack, ada):
    pid = ada.create_project("Hostile REST")["id"]
    uploads = stack.home / "objects" / "projects" / pid / "uploads"
    cases = [
        ("POST", "/v1/auth/session", {"display_name": "Mal\x00"}),
        ("POST", "/v1/auth/session", {"display_name": "   "}),
        ("POST", "/v1/projects", {"name": "a\x00b"}),
        ("POST", "/v1/projects", {"name": "   "}),
        ("PATCH", f"/v1/projects/{pid}", {"name": "a\x00"}),
        ("PATCH", f"/v1/projects/{pid}", {"archived": "yes"}),
        ("POST", f"/v1/projects/{pid}/exports", {"format": "ifc4", "level_id": 7}),
    ]
    with httpx.Client(base_url=stack.url, headers=ada.headers, timeout=30) as http:
        for method, path, body in cases:
            r = http.request(method, path, json=body)
            assert r.status_code == 422, (path, body, r.status_code, r.text)
            assert r.json()["error"]["code"] == "invalid_request", (path, body)
        r = http.get("/v1/users", params={"q": "\x00"})
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
        ifc = b"ISO-10303-21;\nHEADER;ENDSEC;DATA;ENDSEC;END-ISO-10303-21;\n"
        r = http.post(f"/v1/projects/{pid}/uploads", params={"filename": "a\x00.ifc"},
                      content=ifc)
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
        assert not uploads.exists() or not any(uploads.iterdir())
        # A path that decodes to another route is not routed there by the editor's server.
        r = http.get(f"/v1/projects/{pid}/geom/..%2F..%2F{pid}")
        assert r.status_code == 404 and "head_seq" not in r.text
        # Every one of those left the project as it was, and the connection in use.
        assert [r.status_code for r in (http.get(f"/v1/projects/{pid}") for _ in range(20))] \
            == [200] * 20
    project = ada.get(f"/v1/projects/{pid}").json()
    assert project["name"] == "Hostile REST" and not project["archived"]


async def test_presence_is_relayed_only_when_well_formed(stack, ada, bob):
    """Presence is relayed to every client of the project: a malformed one (a cursor that is
    not two finite numbers, a selection that is not a list of ids, NaN) gets an error and
    reaches nobody; a well-formed one reaches the others as sent."""
    pid = ada.create_project("Presence")["id"]
    ada.add_member(pid, bob)
    a = await Socket.open(stack.ws_url, pid, ada)
    b = await Socket.open(stack.ws_url, pid, bob)
    await asyncio.gather(a.caught_up(), b.caught_up())
    seen = lambda: [m for m in b.received if m["type"] == "presence" and "cursor" in m]  # noqa: E731
    for bad in ('{"type":"presence","cursor":["a",{"x":1}],"selection":"xxxx","level_id":123}',
                '{"type":"presence","cursor":[NaN,Infinity],"selection":[],"level_id":null}',
                '{"type":"presence","cursor":[1,2],"selection":[1,2],"level_id":null}',
                '{"type":"presence","cursor":[1,2,3],"selection":[],"level_id":null}'):
        before = len(a.received)
        await a.ws.send(bad)
        reply = await _reply(a, before)
        assert (reply["type"], reply["code"]) == ("error", "invalid_message"), bad
    level = ada.first_level(pid)
    await a.ws.send(json.dumps({"type": "presence", "cursor": [1.5, -2.0],
                                "selection": [level], "level_id": level}))
    await b.wait_for(lambda: len(seen()) == 1, what="the well-formed presence")
    (relayed,) = seen()
    assert (relayed["cursor"], relayed["selection"], relayed["level_id"]) == (
        [1.5, -2.0], [level], level)
    assert relayed["user"]["id"] == ada.id
    await a.close()
    await b.close()
