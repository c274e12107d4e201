"""Issue 4: draw a closed room of four chained walls with the wall tool (snap cues and live
dimensions while drawing), undo and redo the last wall with the keyboard, then fill the space
the walls close with a room in one click of the room tool."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.browser.support import click_model_point, elements, open_project, person, settled

pytestmark = pytest.mark.browser


def test_four_chained_walls_close_a_room_and_undo_redo_each(shared_stack, browser, page_errors):
    ada = person(browser, shared_stack.url, "Ada")
    page = ada.page
    page_errors(page)
    pid = ada.create_project("Room of four walls")
    open_project(page, shared_stack.url, pid)
    expect(page.get_by_test_id("plan-empty")).to_be_visible()
    # The shortcut overlay opens with ? and closes with Esc.
    page.keyboard.press("?")
    expect(page.get_by_test_id("help-overlay")).to_be_visible()
    expect(page.get_by_test_id("help-overlay")).to_contain_text("Redo")
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("help-overlay")).to_be_hidden()

    page.keyboard.press("w")
    expect(page.get_by_test_id("tool-wall")).to_have_attribute("aria-pressed", "true")
    click_model_point(page, 0.02, -0.03)
    # While drawing: the snap cue and the live length of the rubber band.
    pt = page.evaluate("window.__pryzm.planToScreen(5.01, 0.04)")
    page.mouse.move(pt["x"], pt["y"])
    expect(page.get_by_test_id("live-dimension")).to_have_text("5.00 m · 0°")
    expect(page.get_by_test_id("snap-marker")).to_have_attribute("data-kind", "ortho")
    for x, y in [(5.0, 0.0), (5.0, 4.0), (0.0, 4.0)]:
        click_model_point(page, x, y)
    # The fourth click lands on the chain's first point: it closes the loop and ends the chain.
    pt = page.evaluate("window.__pryzm.planToScreen(0.05, 0.05)")
    page.mouse.move(pt["x"], pt["y"])
    expect(page.get_by_test_id("snap-marker")).to_have_attribute("data-kind", "endpoint")
    page.mouse.click(pt["x"], pt["y"])
    page.wait_for_function("window.__pryzm.wallCount() === 4")
    settled(page)
    expect(page.get_by_test_id("plan-empty")).to_be_hidden()

    walls = {tuple(map(tuple, (w["start"], w["end"]))) for w in elements(page, "wall")}
    assert walls == {((0, 0), (5, 0)), ((5, 0), (5, 4)), ((5, 4), (0, 4)), ((0, 4), (0, 0))}
    # Each end is another wall's start: a closed loop.
    starts = sorted(w["start"] for w in elements(page, "wall"))
    ends = sorted(w["end"] for w in elements(page, "wall"))
    assert starts == ends

    # Undo removes the last wall (as a new command), redo puts it back.
    page.get_by_test_id("plan-canvas").focus()
    page.keyboard.press("Control+z")
    page.wait_for_function("window.__pryzm.wallCount() === 3")
    expect(page.get_by_test_id("status-message")).to_contain_text('Undid "draw wall"')
    settled(page)
    page.keyboard.press("Control+Shift+Z")
    page.wait_for_function("window.__pryzm.wallCount() === 4")
    settled(page)
    assert page.evaluate("window.__pryzm.undoDepth()") == {"undo": 4, "redo": 0}
    # 1 level + 4 walls + undo + redo: every step is a command in the log.
    assert page.evaluate("window.__pryzm.headSeq()") == 7

    # The room tool finds the space the walls close: hover shows its area, a click fills it.
    page.keyboard.press("r")
    pt = page.evaluate("window.__pryzm.planToScreen(2.2, 1.7)")
    page.mouse.move(pt["x"], pt["y"])
    expect(page.get_by_test_id("status-hint")).to_contain_text("filling this space")
    page.mouse.click(pt["x"], pt["y"])
    page.wait_for_function("window.__pryzm.elementCount('room') === 1")
    settled(page)
    (room,) = elements(page, "room")
    assert {tuple(p) for p in room["boundary"]} == {(0.1, 0.1), (4.9, 0.1), (4.9, 3.9), (0.1, 3.9)}
    assert room["name"] == "Room" and room["number"] == "1"
    page.keyboard.press("Control+z")
    page.wait_for_function("window.__pryzm.elementCount('room') === 0")
    ada.context.close()
