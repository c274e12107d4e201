"""OIDC: the gateway accepts a provider's access tokens on REST and on the WebSocket, and
refuses expired, wrong-audience, wrong-issuer and unsigned ones on both."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest
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


def _bad_tokens(issuer) -> dict[str, str]:
    now = int(time.time())
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return {
        "expired": issuer.token(sub="x", expires_in=-3600),
        "wrong audience": issuer.token(sub="x", aud="someone-else"),
        "wrong issuer": issuer.token(sub="x", iss="http://evil.example"),
        "unsigned": jwt.encode({"iss": issuer.url, "sub": "x", "aud": "pryzm-editor",
                                "iat": now, "exp": now + 600}, None, algorithm="none"),
        "foreign key": issuer.token(sub="x", key=other_key),
    }


async def test_bad_tokens_are_refused_on_rest_and_websocket(oidc_stack, issuer):
    owner = _as(oidc_stack, issuer.token(sub="owner"))
    pid = owner.create_project("Guarded")["id"]
    for why, token in _bad_tokens(issuer).items():
        intruder = _as(oidc_stack, token)
        r = intruder.get("/v1/me")
        assert r.status_code == 401, why
        assert r.json()["error"]["code"] in ("invalid_token", "token_expired"), why
        with pytest.raises(Exception) as refused:
            await Socket.open(oidc_stack.ws_url, pid, intruder)
        assert "401" in str(refused.value) or "403" in str(refused.value), why


def test_the_shim_refuses_to_start_in_production(tmp_path):
    s = Stack.create(tmp_path / "prod", PRYZM_ENV="production",
                     PRYZM_SECRET_KEY="s" * 48)
    with pytest.raises(RuntimeError, match="PRYZM_OIDC_ISSUER"):
        s.start(timeout=60)
