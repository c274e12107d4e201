"""Issue 4: two users edit one project at the same time; each sees the other's cursor and
selection with their name; both end with the same model state hash, equal to the hash the
server's domain core computes from the log."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.browser.support import (
    click_model_point,
    open_project,
    person,
    server_hash,
    settled,
)

pytestmark = pytest.mark.browser


def test_two_users_edit_at_once_and_end_with_identical_state_hashes(shared_stack, browser, page_errors):
    ada = person(browser, shared_stack.url, "Ada")
    bob = person(browser, shared_stack.url, "Bob")
    a, b = ada.page, bob.page
    page_errors(a, b)
    pid = ada.create_project("Shared edit")
    ada.add(pid, bob, "editor")
    level = ada.level(pid)
    open_project(a, shared_stack.url, pid)
    open_project(b, shared_stack.url, pid)
    for page in (a, b):
        expect(page.get_by_test_id("online-user")).to_have_count(2)

    # Interleaved drawing: Ada and Bob click walls into the same plan, turn by turn.
    a.keyboard.press("w")
    b.keyboard.press("w")
    ada_pts = [(-5, 3), (0, 3), (0, 6)]
    bob_pts = [(-5, -3), (0, -3), (0, -6)]
    for pa, pb in zip(ada_pts, bob_pts):
        click_model_point(a, *pa)
        click_model_point(b, *pb)
    a.keyboard.press("Escape")
    b.keyboard.press("Escape")

    # Both change the same wall at the same moment (neither waits for the other's answer).
    a.wait_for_function("window.__pryzm.wallCount() === 4")
    target = a.evaluate("window.__pryzm.walls()[0].id")
    burst = """([id, level, t, x]) => {
        window.__pryzm.command({type: 'update_wall', id, thickness: t});
        for (let i = 0; i < 5; i++)
            window.__pryzm.command({type: 'place_column', id: crypto.randomUUID(), level_id: level, position: [x, i]});
    }"""
    a.evaluate(burst, [target, level, 0.3, 20])
    b.evaluate(burst, [target, level, 0.4, 22])
    for page in (a, b):
        settled(page)
        page.wait_for_function("window.__pryzm.headSeq() === 1 + 4 + 2 + 10")

    # Presence: Bob sees Ada's cursor and selection, labelled with her name.
    a.keyboard.press("v")
    click_model_point(a, -2, 3)
    pt = a.evaluate("window.__pryzm.planToScreen(2, 1)")
    a.mouse.move(pt["x"], pt["y"])
    cursor = b.locator("[data-testid=remote-cursor]")
    expect(cursor).to_have_count(1)
    expect(cursor).to_contain_text("Ada")
    assert b.evaluate("window.__pryzm.onlineUsers()") == ["Bob", "Ada"]

    ha = a.evaluate("window.__pryzm.stateHash()")
    hb = b.evaluate("window.__pryzm.stateHash()")
    assert ha == hb == server_hash(ada, pid)
    ada.context.close()
    expect(b.get_by_test_id("online-user")).to_have_count(1)
    bob.context.close()
