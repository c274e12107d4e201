"""Case S9 at the browser level: a client 1,000 seqs behind sends commands. They are validated
against the current state and appended as new seqs: they never overwrite newer state
wholesale. A stale command about something deleted meanwhile is rejected and the user is
told in words."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.browser.support import (
    Net,
    click_model_point,
    command,
    elements,
    new_id,
    open_project,
    person,
    server_events,
    server_hash,
    settled,
)

pytestmark = pytest.mark.browser


def test_s9_a_client_1000_seqs_behind_appends_without_overwriting(shared_stack, browser, page_errors):
    net = Net()
    ada = person(browser, shared_stack.url, "Ada", net)
    bob = person(browser, shared_stack.url, "Bob")
    a, b = ada.page, bob.page
    page_errors(a, b)
    pid = ada.create_project("S9 stale client")
    ada.add(pid, bob)
    level = ada.level(pid)
    open_project(a, shared_stack.url, pid)
    open_project(b, shared_stack.url, pid)
    w1, w2 = new_id(), new_id()
    command(a, {"type": "place_wall", "id": w1, "level_id": level, "start": [0, 0], "end": [5, 0]})
    command(a, {"type": "place_wall", "id": w2, "level_id": level, "start": [0, 3], "end": [5, 3]})
    settled(a)
    a.get_by_test_id("fit").click()
    stale_seq = a.evaluate("window.__pryzm.headSeq()")

    net.go_offline(a)
    # Bob moves the model on by 1,000 seqs (one batch of 998 columns, a thickness change on
    # wall 1, and wall 2 deleted), while Ada's editor is cut off.
    columns = [{"type": "place_column", "id": new_id(), "level_id": level, "position": [20 + i % 40, i // 40]}
               for i in range(998)]
    assert command(b, {"type": "batch", "commands": columns})["type"] == "ack"
    command(b, {"type": "update_wall", "id": w1, "thickness": 0.35})
    command(b, {"type": "delete_elements", "ids": [w2]})
    settled(b)
    head = b.evaluate("window.__pryzm.headSeq()")
    assert head == stale_seq + 1000

    # Ada, 1,000 seqs behind, changes wall 1's height and wall 2's thickness in the panel.
    panel = a.get_by_test_id("properties-panel")
    click_model_point(a, 2.5, 0)
    expect(panel).to_have_attribute("data-selection", w1)
    height = a.get_by_test_id("prop-height")
    height.fill("2.5")
    height.press("Enter")
    click_model_point(a, 2.5, 3)
    expect(panel).to_have_attribute("data-selection", w2)
    thickness = a.get_by_test_id("prop-thickness")
    thickness.fill("0.3")
    thickness.press("Enter")
    assert a.evaluate("window.__pryzm.pendingCount()") == 2

    net.go_online(a)
    settled(a)
    b.wait_for_function(f"window.__pryzm.headSeq() === {head + 1}")
    # Wall 1 keeps Bob's newer thickness and takes Ada's height; wall 2 stays deleted.
    for page in (a, b):
        walls = elements(page, "wall")
        assert [(w["id"], w["thickness"], w["height"]) for w in walls] == [(w1, 0.35, 2.5)]
        assert page.evaluate("window.__pryzm.elementCount('column')") == 998
    events = server_events(ada, pid)
    assert events[-1]["seq"] == head + 1
    assert events[-1]["event"] == {"type": "update_wall", "id": w1, "height": 2.5}
    expect(a.get_by_test_id("status-message")).to_contain_text("Wall not changed: the element does not exist")
    assert a.evaluate("window.__pryzm.stateHash()") == b.evaluate("window.__pryzm.stateHash()") == server_hash(ada, pid)
    ada.context.close()
    bob.context.close()
