"""Issue 2's acceptance flow: two clients, 200 concurrent walls, resends, resume, bake."""

from __future__ import annotations

import pytest
from tests.support.client import Socket, User, new_id, wall
from tests.support.flows import two_client_flow

pytestmark = pytest.mark.anyio


async def test_two_clients_converge_on_one_order_and_a_bake(stack, ada: User, bob: User):
    await two_client_flow(stack, ada, bob)


async def test_a_non_member_is_refused_everywhere(stack, ada: User):
    project = ada.create_project("Private")
    pid = project["id"]
    eve = User.sign_in(stack.url, "Eve")

    for path in (f"/v1/projects/{pid}", f"/v1/projects/{pid}/events",
                 f"/v1/projects/{pid}/bakes/latest", f"/v1/projects/{pid}/members"):
        r = eve.get(path)
        assert r.status_code == 403, path
        assert r.json()["error"]["code"] == "not_a_member"
    assert pid not in {p["id"] for p in eve.get("/v1/projects").json()}

    with pytest.raises(Exception) as refused:
        await Socket.open(stack.ws_url, pid, eve)
    assert "403" in str(refused.value) or "4403" in str(refused.value)

    # Ada's edits reach nobody else: Eve has no socket, and her REST view stays closed.
    a = await Socket.open(stack.ws_url, pid, ada)
    await a.caught_up()
    event_id = await a.send_command(wall(ada.first_level(pid), 0))
    await a.wait_for(lambda: event_id in a.acks)
    assert eve.get(f"/v1/projects/{pid}/events").status_code == 403
    await a.close()


async def test_an_unauthenticated_socket_is_refused(stack, ada: User):
    pid = ada.create_project("Locked")["id"]
    forged = User(stack.url, "not-a-token", new_id(), "Mallory")
    with pytest.raises(Exception) as refused:
        await Socket.open(stack.ws_url, pid, forged)
    assert "401" in str(refused.value) or "403" in str(refused.value)
    assert ada.get(f"/v1/projects/{pid}/events").json()["events"][-1]["seq"] == 1
