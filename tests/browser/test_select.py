"""Issue 4's select tool in the browser: a box dragged left to right takes what is wholly
inside it, Shift+click adds and removes, and dragging the selection moves it (one
move_elements the server commits, one undo step)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.browser.support import (
    click_model_point,
    command,
    drag_model,
    elements,
    new_id,
    new_project,
    settled,
)

pytestmark = pytest.mark.browser


def _walls(page) -> dict[str, tuple]:
    return {w["id"]: (tuple(w["start"]), tuple(w["end"])) for w in elements(page, "wall")}


def test_box_select_shift_click_and_drag_to_move(shared_stack, browser, page_errors):
    ada, page, pid, level = new_project(browser, shared_stack.url, page_errors, "Select and move")
    a, b, c = new_id(), new_id(), new_id()
    for wall_id, y in ((a, 0.0), (b, 2.0), (c, 6.0)):
        command(page, {"type": "place_wall", "id": wall_id, "level_id": level,
                       "start": [0, y], "end": [4, y]})
    page.get_by_test_id("fit").click()
    before = _walls(page)

    # Left to right around the first two walls: those two, not the third.
    drag_model(page, (-0.2, -0.3), (4.2, 2.4))
    page.wait_for_function("window.__pryzm.selection().length === 2")
    assert set(page.evaluate("window.__pryzm.selection()")) == {a, b}
    # Shift+click adds the third, and takes the second away again.
    click_model_point(page, 2.0, 6.0, modifiers=["Shift"])
    click_model_point(page, 2.0, 2.0, modifiers=["Shift"])
    assert set(page.evaluate("window.__pryzm.selection()")) == {a, c}

    # Dragging one of them moves both by the same (grid-snapped) delta; the other stays.
    drag_model(page, (1.0, 0.0), (2.5, 1.0))
    page.wait_for_function(
        f"window.__pryzm.elements('wall').find(w => w.id === {a!r}).start[0] !== 0")
    settled(page)
    after = _walls(page)
    (dx, dy) = (after[a][0][0] - before[a][0][0], after[a][0][1] - before[a][0][1])
    assert (round(dx, 3), round(dy, 3)) == (1.5, 1.0)
    assert after[c] == tuple(tuple(round(v + d, 6) for v, d in zip(p, (dx, dy))) for p in before[c])
    assert after[b] == before[b]

    page.get_by_test_id("undo").click()
    page.wait_for_function(
        f"window.__pryzm.elements('wall').find(w => w.id === {a!r}).start[0] === 0")
    settled(page)
    assert _walls(page) == before
    expect(page.get_by_test_id("status-message")).to_contain_text("Undid")
    ada.context.close()
