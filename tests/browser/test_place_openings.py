"""Issue 4: place a door and a window by hovering a wall (live preview, clearance checked
before sending), then undo and redo each."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.browser.support import (
    click_model_point,
    command,
    elements,
    new_id,
    new_project,
    settled,
)

pytestmark = pytest.mark.browser


def test_place_a_door_and_a_window_then_undo_and_redo_each(shared_stack, browser, page_errors):
    ada, page, pid, level = new_project(browser, shared_stack.url, page_errors, "Openings")
    wall_id = new_id()
    assert command(page, {"type": "place_wall", "id": wall_id, "level_id": level,
                          "start": [0, 0], "end": [6, 0]})["type"] == "ack"
    page.get_by_test_id("fit").click()

    # Door: hover shows the preview and the distances to the wall's ends; a click places it.
    page.keyboard.press("d")
    pt = page.evaluate("window.__pryzm.planToScreen(2.0, -0.05)")
    page.mouse.move(pt["x"], pt["y"])
    expect(page.get_by_test_id("live-dimension")).to_have_count(2)
    expect(page.get_by_test_id("live-dimension").first).to_have_text("1.55 m")
    page.mouse.click(pt["x"], pt["y"])
    page.wait_for_function("window.__pryzm.elementCount('door') === 1")

    # Window: a spot overlapping the door is refused before anything is sent, in words.
    page.keyboard.press("n")
    click_model_point(page, 2.3, 0.0)
    expect(page.get_by_test_id("status-message")).to_contain_text("overlaps another opening")
    assert page.evaluate("window.__pryzm.pendingCount()") == 0
    click_model_point(page, 4.5, 0.05)
    page.wait_for_function("window.__pryzm.elementCount('window') === 1")
    settled(page)

    door = elements(page, "door")[0]
    window = elements(page, "window")[0]
    assert door["host_id"] == window["host_id"] == wall_id
    assert door["offset"] == pytest.approx(1.55)
    assert door["flip"] is False  # the pointer was on the right of the wall: its leaf face
    assert window["offset"] == pytest.approx(3.9)
    assert window["sill_height"] == pytest.approx(0.9)

    # Undo the window, then the door; redo both, in order.
    canvas = page.get_by_test_id("plan-canvas")
    canvas.focus()
    page.keyboard.press("Control+z")
    page.wait_for_function("window.__pryzm.elementCount('window') === 0")
    page.keyboard.press("Control+z")
    page.wait_for_function("window.__pryzm.elementCount('door') === 0")
    settled(page)
    page.get_by_test_id("redo").click()
    page.wait_for_function("window.__pryzm.elementCount('door') === 1")
    page.get_by_test_id("redo").click()
    page.wait_for_function("window.__pryzm.elementCount('window') === 1")
    settled(page)
    assert elements(page, "door")[0] == door
    assert elements(page, "window")[0] == window
    expect(page.get_by_test_id("redo")).to_be_disabled()
    ada.context.close()
