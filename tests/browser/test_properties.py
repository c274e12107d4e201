"""Issue 4: edit a wall's thickness in the properties panel (update_wall), undo and redo it;
a change the server refuses is explained next to the field; property sets are edited there
too (set_properties). Rooms, columns and slabs are edited there as well (update_room,
update_column, update_slab), with undo."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.browser.support import (
    baked,
    click_model_point,
    command,
    elements,
    new_id,
    new_project,
    settled,
)

pytestmark = pytest.mark.browser


def test_edit_wall_thickness_in_the_panel_and_undo_redo(shared_stack, browser, page_errors):
    ada, page, pid, level = new_project(browser, shared_stack.url, page_errors, "Properties")
    wall_id, door_id = new_id(), new_id()
    command(page, {"type": "place_wall", "id": wall_id, "level_id": level, "start": [0, 0], "end": [5, 0]})
    command(page, {"type": "place_opening", "id": door_id, "host_id": wall_id, "kind": "door", "offset": 1})
    page.get_by_test_id("fit").click()

    click_model_point(page, 4.0, 0.0)  # the select tool is active
    panel = page.get_by_test_id("properties-panel")
    expect(panel).to_have_attribute("data-selection", wall_id)
    thickness = page.get_by_test_id("prop-thickness")
    expect(thickness).to_have_value("0.2")
    thickness.fill("0.35")
    thickness.press("Enter")
    page.wait_for_function("window.__pryzm.elements('wall')[0].thickness === 0.35")
    settled(page)

    page.get_by_test_id("undo").click()
    page.wait_for_function("window.__pryzm.elements('wall')[0].thickness === 0.2")
    expect(thickness).to_have_value("0.2")
    page.get_by_test_id("redo").click()
    page.wait_for_function("window.__pryzm.elements('wall')[0].thickness === 0.35")
    expect(thickness).to_have_value("0.35")
    settled(page)

    # A property set entry, added in the panel.
    page.get_by_test_id("pset-new-name").fill("FireRating")
    page.get_by_test_id("pset-new-value").fill("EI 60")
    page.get_by_test_id("pset-add").click()
    page.wait_for_function("window.__pryzm.elements('wall')[0].properties.Pset_Custom?.FireRating === 'EI 60'")
    # The panel shows it at once (the click left the focus in the panel).
    expect(page.get_by_test_id("pset-Pset_Custom-FireRating")).to_have_value("EI 60")

    # The door: a width that no longer fits its wall is refused by the server, in words.
    click_model_point(page, 1.45, 0.0)
    expect(panel).to_have_attribute("data-selection", door_id)
    width = page.get_by_test_id("prop-width")
    width.fill("4.5")
    width.press("Enter")
    expect(page.get_by_test_id("props-error")).to_contain_text(
        "Opening not changed: the opening would not fit inside its wall [opening_outside_host]")
    settled(page)
    assert elements(page, "door")[0]["width"] == pytest.approx(0.9)
    expect(width).to_have_value("0.9")
    ada.context.close()


def test_edit_a_room_a_slab_and_a_column_in_the_panel(shared_stack, browser, page_errors):
    ada, page, pid, level = new_project(browser, shared_stack.url, page_errors, "Rooms and slabs")
    room_id, column_id, slab_id = new_id(), new_id(), new_id()
    command(page, {"type": "place_room", "id": room_id, "level_id": level,
                   "boundary": [[0, 0], [4, 0], [4, 3], [0, 3]]})
    command(page, {"type": "place_column", "id": column_id, "level_id": level,
                   "position": [8, 1]})
    command(page, {"type": "place_slab", "id": slab_id, "level_id": level,
                   "boundary": [[12, 0], [15, 0], [15, 2], [12, 2]]})
    page.get_by_test_id("fit").click()
    panel = page.get_by_test_id("properties-panel")

    click_model_point(page, 2.0, 1.5)  # inside the room
    expect(panel).to_have_attribute("data-selection", room_id)
    name = page.get_by_test_id("prop-name")
    name.fill("Kitchen")
    name.press("Enter")
    page.get_by_test_id("prop-number").fill("0.01")
    page.get_by_test_id("prop-number").press("Enter")
    page.wait_for_function("window.__pryzm.elements('room')[0].number === '0.01'")
    settled(page)
    room = ada.rest("GET", f"/v1/projects/{pid}/events").json()["events"][-1]["event"]
    assert room["type"] == "update_room" and room["number"] == "0.01"
    page.get_by_test_id("undo").click()
    page.wait_for_function("window.__pryzm.elements('room')[0].number === ''")
    assert elements(page, "room")[0]["name"] == "Kitchen"  # only the last step went back

    click_model_point(page, 8.0, 1.0)
    expect(panel).to_have_attribute("data-selection", column_id)
    page.get_by_test_id("prop-shape").select_option("circle")
    page.wait_for_function("window.__pryzm.elements('column')[0].shape === 'circle'")
    height = page.get_by_test_id("prop-height")
    height.fill("0")
    height.press("Enter")  # checked in the panel before anything is sent
    expect(page.get_by_test_id("props-error")).to_contain_text(
        "Height (m): enter a number from 0.001")
    settled(page)
    assert elements(page, "column")[0]["height"] == pytest.approx(3.0)

    click_model_point(page, 13.0, 1.0)
    expect(panel).to_have_attribute("data-selection", slab_id)
    thickness = page.get_by_test_id("prop-thickness")
    thickness.fill("0.3")
    thickness.press("Enter")
    page.wait_for_function("window.__pryzm.elements('slab')[0].thickness === 0.3")
    settled(page)
    last = ada.rest("GET", f"/v1/projects/{pid}/events").json()["events"][-1]["event"]
    assert last == {"type": "update_slab", "id": slab_id, "thickness": 0.3}
    ada.context.close()


def test_what_the_bake_could_not_do_is_shown_on_the_element(shared_stack, browser, page_errors,
                                                            artifacts):
    """Case B2 in the editor: a door that reaches into the wall it abuts is cut only where it
    overlaps its own wall; the bake says so on the wall, and the properties panel shows it in
    words (with the code) when the wall is selected, and drops it once the door is moved."""
    ada, page, pid, level = new_project(browser, shared_stack.url, page_errors, "Bake warnings")
    through, abutting, door = new_id(), new_id(), new_id()
    command(page, {"type": "place_wall", "id": through, "level_id": level, "start": [0, 0],
                   "end": [6, 0], "thickness": 0.4})
    command(page, {"type": "place_wall", "id": abutting, "level_id": level, "start": [3, 0],
                   "end": [3, 4], "thickness": 0.2})
    command(page, {"type": "place_opening", "id": door, "host_id": abutting, "kind": "door",
                   "offset": 0})
    baked(page)
    page.get_by_test_id("fit").click()

    click_model_point(page, 3.0, 3.5)
    expect(page.get_by_test_id("properties-panel")).to_have_attribute("data-selection", abutting)
    warnings = page.get_by_test_id("bake-warnings")
    expect(warnings).to_be_visible()
    expect(warnings.locator("li")).to_have_count(1)
    expect(warnings.locator("li")).to_have_attribute("data-code", "opening_partially_outside")
    expect(warnings).to_contain_text("reaches past the joined ends of wall")
    page.get_by_test_id("properties-panel").screenshot(path=str(artifacts / "bake-warning.png"))

    command(page, {"type": "update_opening", "id": door, "offset": 1.0})
    baked(page)
    expect(warnings).to_be_hidden()
    ada.context.close()
