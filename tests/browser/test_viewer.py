"""Issue 4: a viewer sees the model but every editing tool is disabled, the properties panel
is read-only, and a command forced through the socket anyway is refused by the server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.browser.support import click_model_point, command, new_id, open_project, person, settled

pytestmark = pytest.mark.browser

EDIT_TOOLS = ["wall", "door", "window", "slab", "column", "room", "delete"]


def test_a_viewer_cannot_change_the_model(shared_stack, browser, page_errors):
    ada = person(browser, shared_stack.url, "Ada")
    vic = person(browser, shared_stack.url, "Vic")
    page_errors(ada.page, vic.page)
    pid = ada.create_project("Look, don't touch")
    ada.add(pid, vic, "viewer")
    level = ada.level(pid)
    wall_id = new_id()
    open_project(ada.page, shared_stack.url, pid)
    command(ada.page, {"type": "place_wall", "id": wall_id, "level_id": level, "start": [0, 0], "end": [4, 0]})

    page = vic.page
    open_project(page, shared_stack.url, pid)
    page.wait_for_function("window.__pryzm.wallCount() === 1")
    assert page.evaluate("window.__pryzm.role()") == "viewer"
    for tool in EDIT_TOOLS:
        expect(page.get_by_test_id(f"tool-{tool}")).to_be_disabled()
    expect(page.get_by_test_id("tool-select")).to_be_enabled()
    expect(page.get_by_test_id("undo")).to_be_disabled()
    expect(page.get_by_test_id("level-add")).to_be_disabled()
    page.keyboard.press("w")  # the shortcut does not switch to a disabled tool
    expect(page.get_by_test_id("tool-select")).to_have_attribute("aria-pressed", "true")

    # Selecting works; the panel shows the wall read-only; Delete does nothing.
    page.get_by_test_id("fit").click()
    click_model_point(page, 2.0, 0.0)
    expect(page.get_by_test_id("properties-panel")).to_have_attribute("data-kind", "wall")
    expect(page.get_by_test_id("prop-thickness")).to_have_attribute("readonly", "")
    expect(page.get_by_test_id("prop-material")).to_be_disabled()
    page.keyboard.press("Delete")
    assert page.evaluate("window.__pryzm.pendingCount()") == 0

    # Forced through the WebSocket anyway: the server refuses it, nothing is appended.
    head = page.evaluate("window.__pryzm.headSeq()")
    outcome = command(page, {"type": "delete_elements", "ids": [wall_id]})
    assert outcome["type"] == "reject" and outcome["code"] == "forbidden"
    outcome = command(page, {"type": "place_wall", "id": new_id(), "level_id": level,
                             "start": [0, 5], "end": [4, 5]})
    assert outcome["code"] == "forbidden"
    expect(page.get_by_test_id("status-message")).to_contain_text("view-only access")
    settled(page)
    settled(ada.page)
    assert page.evaluate("window.__pryzm.headSeq()") == head
    assert page.evaluate("window.__pryzm.wallCount()") == 1
    assert ada.page.evaluate("window.__pryzm.headSeq()") == head
    ada.context.close()
    vic.context.close()
