"""Issue 2: a wall drawn with the mouse in one browser appears in another's plan and, once
baked, in its 3D view; after a reload both still show it."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect
from tests.browser.support import click_model_point, open_project, sign_in, token_of, wall_count
from tests.support.stack import Stack

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    s = Stack.create(tmp_path_factory.mktemp("pryzm-browser"))
    s.start()
    yield s
    s.stop()


def test_a_wall_drawn_in_one_browser_appears_baked_in_another(stack, browser, artifacts):
    ctx_a, ctx_b = browser.new_context(), browser.new_context()
    a, b = ctx_a.new_page(), ctx_b.new_page()
    errors: list[str] = []
    for page in (a, b):
        page.on("pageerror", lambda exc: errors.append(str(exc)))

    sign_in(a, stack.url, "Ada")
    sign_in(b, stack.url, "Bob")
    a.get_by_test_id("project-name-input").fill("Shared house")
    a.get_by_test_id("project-create").click()
    expect(a.get_by_test_id("project-item").first).to_contain_text("Shared house")

    headers = {"Authorization": f"Bearer {token_of(a)}"}
    project = httpx.get(f"{stack.url}/v1/projects", headers=headers).json()[0]
    bob_id = httpx.get(f"{stack.url}/v1/me",
                       headers={"Authorization": f"Bearer {token_of(b)}"}).json()["id"]
    httpx.post(f"{stack.url}/v1/projects/{project['id']}/members", headers=headers,
               json={"user_id": bob_id, "role": "editor"}).raise_for_status()

    open_project(a, stack.url, project["id"])
    open_project(b, stack.url, project["id"])

    a.get_by_test_id("tool-wall").click()
    click_model_point(a, 0.0, 0.0)
    click_model_point(a, 6.0, 0.0)
    a.keyboard.press("Escape")

    # The second browser's plan shows it as soon as the event arrives...
    b.wait_for_function("window.__pryzm.wallCount() === 1", timeout=20_000)
    wall = b.evaluate("window.__pryzm.walls()[0]")
    assert wall["start"] == pytest.approx([0.0, 0.0], abs=0.11)
    assert wall["end"] == pytest.approx([6.0, 0.0], abs=0.11)
    # ...and its 3D view once the bake is in.
    b.wait_for_function("window.__pryzm.meshCount() === 1", timeout=60_000)
    expect(b.get_by_test_id("bake-status")).to_contain_text("baked")
    b.screenshot(path=str(artifacts / "two-browsers-second-view.png"))

    for page in (a, b):
        page.reload()
        expect(page.get_by_test_id("conn-status")).to_contain_text("online", timeout=20_000)
        page.wait_for_function("window.__pryzm.wallCount() === 1", timeout=20_000)
        page.wait_for_function("window.__pryzm.meshCount() === 1", timeout=60_000)
        assert wall_count(page) == 1
    assert errors == []
    ctx_a.close()
    ctx_b.close()
