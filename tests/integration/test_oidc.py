"""OIDC: the gateway accepts a provider's access tokens on REST and on the WebSocket, and
refuses expired, wrong-audience, wrong-issuer and unsigned ones on both: 401 with the reason's
code, on the WebSocket's handshake too, told apart from a valid token of a user who is not a
member of the project (403 `not_a_member`)."""

from __future__ import annotations

import json
import time

import httpx
import jwt
import pytest
import websockets
from cryptography.hazmat.primitives.asymmetric import rsa
from tests.support.client import Socket, User, wall
from tests.support.oidc_issuer import LoopbackIssuer
from tests.support.stack import Stack

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def issuer():
    with LoopbackIssuer() as i:
        yield i


@pytest.fixture(scope="module")
def oidc_stack(tmp_path_factory, issuer):
    s = Stack.create(tmp_path_factory.mktemp("oidc"), PRYZM_OIDC_ISSUER=issuer.url,
                     PRYZM_OIDC_CLIENT_ID="pryzm-editor")
    s.start()
    yield s
    s.stop()


def _as(stack, token: str) -> User:
    return User(stack.url, token, "", "")


def test_the_editor_learns_how_to_sign_in(oidc_stack, issuer):
    config = httpx.get(f"{oidc_stack.url}/v1/auth/config").json()
    assert config["mode"] == "oidc"
    assert config["authorization_endpoint"] == f"{issuer.url}/authorize"
    assert config["client_id"] == "pryzm-editor"
    port = oidc_stack.env["PRYZM_WEB_PORT"]
    assert config["redirect_uri"] == f"http://localhost:{port}/auth/callback"


async def test_a_valid_token_works_on_rest_and_websocket_and_provisions_the_user(
        oidc_stack, issuer):
    olivia = _as(oidc_stack, issuer.token(sub="olivia", name="Olivia"))
    me = olivia.get("/v1/me")
    assert me.status_code == 200 and me.json()["display_name"] == "Olivia"
    again = _as(oidc_stack, issuer.token(sub="olivia", name="Olivia")).get("/v1/me").json()
    assert again["id"] == me.json()["id"], "one user per (issuer, subject)"

    pid = olivia.create_project("OIDC")["id"]
    sock = await Socket.open(oidc_stack.ws_url, pid, olivia)
    await sock.caught_up()
    event_id = await sock.send_command(wall(olivia.first_level(pid), 0))
    await sock.wait_for(lambda: event_id in sock.acks)
    assert sock.events[2]["actor"] == me.json()["id"]
    await sock.close()


def _bad_tokens(issuer) -> dict[str, tuple[str, str]]:
    """why -> (token, the error code it is refused with)."""
    now = int(time.time())
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return {
        "expired": (issuer.token(sub="x", expires_in=-3600), "token_expired"),
        "wrong audience": (issuer.token(sub="x", aud="someone-else"), "invalid_token"),
        "wrong issuer": (issuer.token(sub="x", iss="http://evil.example"), "invalid_token"),
        "unsigned": (jwt.encode({"iss": issuer.url, "sub": "x", "aud": "pryzm-editor",
                                 "iat": now, "exp": now + 600}, None, algorithm="none"),
                     "invalid_token"),
        "foreign key": (issuer.token(sub="x", key=other_key), "invalid_token"),
    }


def _gateway_ws(stack) -> str:
    """The gateway's own WebSocket address, as the self-host nginx forwards `/ws/` to it
    (nginx hands a refused handshake's status and body on unchanged, and so does the
    embedded editor server at `stack.ws_url`)."""
    return f"ws://127.0.0.1:{stack.port('gateway')}"


async def _refused_handshake(ws_url: str, project_id: str, user: User) -> tuple[int, dict]:
    """The HTTP status and JSON body a refused WebSocket handshake is answered with."""
    with pytest.raises(websockets.InvalidStatus) as refused:
        await Socket.open(ws_url, project_id, user)
    response = refused.value.response
    return response.status_code, json.loads(bytes(response.body))


async def test_bad_tokens_are_refused_on_rest_and_websocket(oidc_stack, issuer):
    owner = _as(oidc_stack, issuer.token(sub="owner"))
    pid = owner.create_project("Guarded")["id"]
    for why, (token, code) in _bad_tokens(issuer).items():
        intruder = _as(oidc_stack, token)
        r = intruder.get("/v1/me")
        assert r.status_code == 401, why
        assert r.json()["error"]["code"] == code, why
        for address in (_gateway_ws(oidc_stack), oidc_stack.ws_url):  # and the editor's
            status, body = await _refused_handshake(address, pid, intruder)
            assert (status, body["error"]["code"]) == (401, code), (why, address)


async def test_a_valid_token_of_a_non_member_is_told_apart_from_a_bad_token(oidc_stack,
                                                                            issuer):
    owner = _as(oidc_stack, issuer.token(sub="owner"))
    pid = owner.create_project("Members only")["id"]
    stranger = _as(oidc_stack, issuer.token(sub="stranger", name="Stranger"))
    assert stranger.get("/v1/me").status_code == 200  # signed in, just not a member

    for address in (_gateway_ws(oidc_stack), oidc_stack.ws_url):
        status, body = await _refused_handshake(address, pid, stranger)
        assert (status, body["error"]["code"]) == (403, "not_a_member"), address
    r = stranger.get(f"/v1/projects/{pid}")
    assert (r.status_code, r.json()["error"]["code"]) == (403, "not_a_member")

    # The same address takes a member's socket.
    sock = await Socket.open(_gateway_ws(oidc_stack), pid, owner)
    await sock.caught_up()
    assert sock.welcome is not None
    await sock.close()


def test_the_shim_refuses_to_start_in_production(tmp_path):
    s = Stack.create(tmp_path / "prod", PRYZM_ENV="production",
                     PRYZM_SECRET_KEY="s" * 48)
    with pytest.raises(RuntimeError, match="PRYZM_OIDC_ISSUER"):
        s.start(timeout=60)
