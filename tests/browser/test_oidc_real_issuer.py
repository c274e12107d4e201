"""Issue 6, OIDC end to end in the browser: the stack runs in OIDC mode against a test issuer
on loopback (its own RSA key, discovery, JWKS, authorization and token endpoints). The SPA's
sign-in redirect carries a PKCE code_challenge; the issuer hands out the tokens only for the
verifier whose S256 digest is that challenge; the gateway validates the issuer's RS256 access
token on REST and on the WebSocket, and provisions the user on first sign-in."""

from __future__ import annotations

import base64
import hashlib

import pytest
from playwright.sync_api import expect
from tests.browser.support import open_project
from tests.support.oidc_issuer import LoopbackIssuer
from tests.support.stack import running_stack

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def issuer():
    with LoopbackIssuer() as i:
        i.sign_in_as = {"sub": "olivia-oidc", "name": "Olivia Issuer"}
        yield i


@pytest.fixture(scope="module")
def oidc_stack(issuer):
    with running_stack("pryzm-oidc-browser-", PRYZM_OIDC_ISSUER=issuer.url,
                       PRYZM_OIDC_CLIENT_ID="pryzm-editor") as s:
        yield s


def test_sign_in_through_the_issuer_with_pkce_then_work_live(oidc_stack, issuer, browser,
                                                             page_errors):
    # The public URL (and so the redirect URI) is http://localhost:<web port>.
    origin = f"http://localhost:{oidc_stack.env['PRYZM_WEB_PORT']}"
    ctx = browser.new_context()
    page = ctx.new_page()
    page_errors(page)
    page.goto(origin + "/")
    expect(page.get_by_test_id("login-oidc")).to_be_visible()
    expect(page.get_by_test_id("login-name")).to_have_count(0)  # no display-name shim
    page.get_by_test_id("login-oidc").click()
    expect(page.get_by_test_id("project-list")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("user-name")).to_have_text("Olivia Issuer")

    sent = {k: v[0] for k, v in issuer.authorize_requests[-1].items()}
    assert sent["code_challenge_method"] == "S256"
    assert sent["redirect_uri"] == f"{origin}/auth/callback"
    assert issuer.token_refusals == []
    verifier = issuer.token_requests[-1]["code_verifier"]
    digest = hashlib.sha256(verifier.encode()).digest()
    assert sent["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    # The issuer's token is the session: REST and the WebSocket accept it.
    token = page.evaluate("localStorage.getItem('pryzm.token')")
    assert token.count(".") == 2 and token != verifier
    page.goto(origin + "/")  # (creating a project may open it; come back to the hub)
    page.get_by_test_id("project-name-input").fill("Signed in by OIDC")
    page.get_by_test_id("project-create").click()
    item = page.get_by_test_id("project-item").filter(has_text="Signed in by OIDC")
    expect(item).to_have_count(1)  # the hub lists it once the gateway has created it
    page.reload()
    expect(item).to_have_count(1)  # and it is there for the next visit
    open_project(page, origin, item.get_attribute("data-project-id"))  # WebSocket: online
    ctx.close()


def test_a_code_is_refused_for_any_other_verifier(issuer):
    """The issuer half of the check above can fail: a wrong verifier gets no token."""
    url = issuer._approve({"redirect_uri": "http://localhost/cb", "client_id": "pryzm-editor",
                           "state": "s", "code_challenge": "x" * 43,
                           "code_challenge_method": "S256"})
    code = url.split("code=")[1].split("&")[0]
    status, body = issuer._exchange({"grant_type": "authorization_code", "code": code,
                                     "redirect_uri": "http://localhost/cb",
                                     "client_id": "pryzm-editor", "code_verifier": "y" * 43})
    assert status == 400 and body["error"] == "invalid_grant"
    issuer.token_refusals.clear()
