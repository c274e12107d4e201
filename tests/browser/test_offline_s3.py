"""Case S3 at the browser level: while offline, a user creates a wall and deletes it again
(and draws one more); the editor shows an offline banner, keeps the commands, resumes by
itself and sends them afterwards. The deleted wall must not reappear on any client."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.browser.support import (
    Net,
    click_model_point,
    elements,
    open_project,
    person,
    server_events,
    server_hash,
    settled,
)

pytestmark = pytest.mark.browser


def test_s3_a_wall_created_and_deleted_offline_does_not_reappear(shared_stack, browser, page_errors):
    net = Net()
    ada = person(browser, shared_stack.url, "Ada", net)
    bob = person(browser, shared_stack.url, "Bob")
    a, b = ada.page, bob.page
    page_errors(a, b)
    pid = ada.create_project("S3 offline")
    ada.add(pid, bob)
    open_project(a, shared_stack.url, pid)
    open_project(b, shared_stack.url, pid)

    net.go_offline(a)
    # Offline: draw wall X, select it and delete it; then draw wall Y.
    a.keyboard.press("w")
    click_model_point(a, 0, 0)
    click_model_point(a, 4, 0)
    a.keyboard.press("Escape")
    a.wait_for_function("window.__pryzm.elements().length === 0 && window.__pryzm.pendingCount() === 1")
    a.keyboard.press("v")
    click_model_point(a, 2, 0)
    assert len(a.evaluate("window.__pryzm.selection()")) == 1
    a.keyboard.press("Delete")
    a.keyboard.press("w")
    click_model_point(a, 0, 3)
    click_model_point(a, 4, 3)
    a.keyboard.press("Escape")
    assert a.evaluate("window.__pryzm.pendingCount()") == 3
    expect(a.get_by_test_id("offline-banner")).to_contain_text("3 changes will be sent")
    # Nothing reached Bob.
    assert b.evaluate("window.__pryzm.headSeq()") == 1

    net.go_online(a)
    settled(a)
    b.wait_for_function("window.__pryzm.headSeq() === 4")
    for page in (a, b):
        walls = elements(page, "wall")
        assert [(w["start"], w["end"]) for w in walls] == [([0, 3], [4, 3])]
    # The log holds the offline commands in the order they were made: X placed, X deleted, Y.
    kinds = [e["event"]["type"] for e in server_events(ada, pid)]
    assert kinds == ["create_level", "place_wall", "delete_elements", "place_wall"]
    # A client that loads the project now (a reload) does not see X either.
    b.reload()
    expect(b.get_by_test_id("conn-status")).to_contain_text("online", timeout=20_000)
    b.wait_for_function("window.__pryzm.headSeq() === 4")
    assert b.evaluate("window.__pryzm.wallCount()") == 1
    assert a.evaluate("window.__pryzm.stateHash()") == b.evaluate("window.__pryzm.stateHash()") == server_hash(ada, pid)
    ada.context.close()
    bob.context.close()


def test_work_done_offline_survives_a_reload_and_is_sent_once(shared_stack, browser, page_errors):
    net = Net()
    ada = person(browser, shared_stack.url, "Ada", net)
    a = ada.page
    page_errors(a)
    pid = ada.create_project("Offline reload")
    open_project(a, shared_stack.url, pid)

    net.go_offline(a)
    a.keyboard.press("w")
    for p in [(0, 0), (5, 0), (5, 4)]:  # two chained walls
        click_model_point(a, *p)
    a.keyboard.press("Escape")
    a.wait_for_function("window.__pryzm.pendingCount() === 2")

    a.reload()  # still offline: the page loads, the socket does not
    a.wait_for_function("window.__pryzm.connection() === 'offline'", timeout=20_000)
    # (The model itself is not cached in the browser: it shows once the server is back.)
    a.wait_for_function("window.__pryzm.pendingCount() === 2")
    expect(a.get_by_test_id("offline-banner")).to_contain_text("2 changes will be sent")

    net.go_online(a)
    settled(a)
    a.wait_for_function("window.__pryzm.wallCount() === 2")
    kinds = [e["event"]["type"] for e in server_events(ada, pid)]
    assert kinds == ["create_level", "place_wall", "place_wall"]
    # Nothing is left to send: another reload sends nothing again.
    a.reload()
    expect(a.get_by_test_id("conn-status")).to_contain_text("online", timeout=20_000)
    settled(a)
    assert len(server_events(ada, pid)) == 3
    assert a.evaluate("window.__pryzm.stateHash()") == server_hash(ada, pid)
    ada.context.close()
