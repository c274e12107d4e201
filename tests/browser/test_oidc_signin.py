"""Issue 6, the SPA side of OIDC sign-in: with `GET /v1/auth/config` in oidc mode, the sign-in
button redirects to the identity provider with an authorization code + PKCE request
(code_challenge = BASE64URL(SHA256(code_verifier)), S256, state, nonce); the callback checks
state, exchanges the code with the verifier and the access token becomes the session token.
The identity provider is played by request routing; the token it hands out is a real session
token, so the signed-in SPA works against the real stack."""

from __future__ import annotations

import base64
import hashlib
import json
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

IDP = "http://idp.test"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_oidc_sign_in_with_pkce(shared_stack, browser, page_errors):
    base = shared_stack.url
    session = httpx.post(f"{base}/v1/auth/session", json={"display_name": "Olive"}).json()
    config = {"mode": "oidc", "issuer": IDP, "client_id": "pryzm-spa",
              "authorization_endpoint": f"{IDP}/authorize", "token_endpoint": f"{IDP}/token",
              "redirect_uri": f"{base}/auth/callback", "scope": "openid profile", "audience": "pryzm"}
    seen: dict[str, dict] = {}
    ctx = browser.new_context()
    page = ctx.new_page()
    page_errors(page)

    page.route("**/v1/auth/config", lambda route: route.fulfill(json=config))

    def authorize(route):
        query = {k: v[0] for k, v in parse_qs(urlsplit(route.request.url).query).items()}
        seen["authorize"] = query
        route.fulfill(status=302, headers={
            "Location": f"{config['redirect_uri']}?code=the-code&state={query['state']}"})

    def token(route):
        form = {k: v[0] for k, v in parse_qs(route.request.post_data or "").items()}
        seen["token"] = form
        id_token = ".".join([b64url(b'{"alg":"none"}'),
                             b64url(json.dumps({"nonce": seen["authorize"]["nonce"]}).encode()), ""])
        route.fulfill(json={"access_token": session["token"], "id_token": id_token,
                            "token_type": "Bearer"},
                      headers={"Access-Control-Allow-Origin": base})

    page.route(f"{IDP}/authorize**", authorize)
    page.route(f"{IDP}/token", token)

    page.goto(base + "/")
    page.get_by_test_id("login-oidc").click()
    expect(page.get_by_test_id("project-list")).to_be_visible(timeout=15_000)
    expect(page.get_by_test_id("user-name")).to_have_text("Olive")
    assert page.evaluate("localStorage.getItem('pryzm.token')") == session["token"]
    assert urlsplit(page.url).path == "/"

    q = seen["authorize"]
    assert q["response_type"] == "code" and q["client_id"] == "pryzm-spa"
    assert q["redirect_uri"] == config["redirect_uri"] and q["scope"] == "openid profile"
    assert q["code_challenge_method"] == "S256" and q["audience"] == "pryzm"
    assert q["state"] and q["nonce"] and q["state"] != q["nonce"]
    form = seen["token"]
    verifier = form["code_verifier"]
    assert 43 <= len(verifier) <= 128
    assert q["code_challenge"] == b64url(hashlib.sha256(verifier.encode()).digest())
    assert form == {"grant_type": "authorization_code", "code": "the-code",
                    "redirect_uri": config["redirect_uri"], "client_id": "pryzm-spa",
                    "code_verifier": verifier}

    # A callback that does not belong to a sign-in started here is refused (state check).
    page.evaluate("localStorage.clear()")
    page.goto(f"{base}/auth/callback?code=stolen&state=forged")
    expect(page.get_by_test_id("login-error")).to_contain_text("No sign-in was started")
    assert page.evaluate("localStorage.getItem('pryzm.token')") is None
    ctx.close()
