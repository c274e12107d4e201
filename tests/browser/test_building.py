"""Issue 4: a small building drawn with every tool (walls, door, window, slab, column, room);
local previews in 3D until the bake replaces them; screenshots of the plan and 3D views for a
reviewer (test-artifacts/); a reload keeps everything, and the second load of the project
fetches no mesh it already has."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.browser.support import (
    baked,
    click_model_point,
    count,
    open_project,
    person,
    server_hash,
    settled,
)

pytestmark = pytest.mark.browser


def draw_building(page) -> None:
    page.keyboard.press("s")  # slab under the whole house (the walls snap to its corners)
    for p in [(0, 0), (6, 0), (6, 4), (0, 4)]:
        click_model_point(page, *p)
    page.keyboard.press("Enter")
    # The slab shows at once in 3D as a local preview, before any bake.
    page.wait_for_function("window.__pryzm.renderStats().previews > 0", polling="raf", timeout=2000)
    page.keyboard.press("w")
    for p in [(0, 0), (6, 0), (6, 4), (0, 4), (0, 0)]:
        click_model_point(page, *p)
    page.keyboard.press("w")
    click_model_point(page, 3.5, 0)
    click_model_point(page, 3.5, 4)
    page.keyboard.press("Escape")
    page.keyboard.press("d")
    click_model_point(page, 1.5, -0.05)
    page.keyboard.press("n")
    click_model_point(page, 6.05, 2.0)
    click_model_point(page, 1.6, 4.05)
    page.keyboard.press("c")
    click_model_point(page, 4.8, 2.0)
    page.keyboard.press("r")
    for p in [(0.1, 0.1), (3.4, 0.1), (3.4, 3.9), (0.1, 3.9)]:
        click_model_point(page, *p)
    page.keyboard.press("Enter")


def test_draw_a_building_screenshot_it_and_reload_without_refetching(shared_stack, browser, artifacts, page_errors):
    ada = person(browser, shared_stack.url, "Ada")
    page = ada.page
    page_errors(page)
    pid = ada.create_project("Test building")
    open_project(page, shared_stack.url, pid)

    draw_building(page)
    page.wait_for_function("window.__pryzm.elementCount() === 11")
    settled(page)
    assert {k: count(page, k) for k in ("wall", "door", "window", "slab", "column", "room")} == {
        "wall": 5, "door": 1, "window": 2, "slab": 1, "column": 1, "room": 1}
    # The bake replaces the local previews.
    baked(page)
    stats = page.evaluate("window.__pryzm.renderStats()")
    assert stats["previews"] == 0
    assert page.evaluate("window.__pryzm.meshCount()") == 11
    assert 0 < page.evaluate("window.__pryzm.drawCalls()") <= 30
    page.get_by_test_id("fit").click()
    page.wait_for_timeout(300)  # two animation frames for the refit to be drawn
    page.screenshot(path=str(artifacts / "editor-building-split.png"))
    page.get_by_test_id("plan-view").screenshot(path=str(artifacts / "editor-building-plan.png"))
    page.get_by_test_id("view3d").screenshot(path=str(artifacts / "editor-building-3d.png"))
    # Plan only, 3D only, and back to side by side.
    page.keyboard.press("1")
    expect(page.get_by_test_id("view3d")).to_be_hidden()
    page.keyboard.press("3")
    expect(page.get_by_test_id("plan-view")).to_be_hidden()
    expect(page.get_by_test_id("view3d")).to_be_visible()
    page.keyboard.press("2")
    expect(page.get_by_test_id("plan-view")).to_be_visible()
    first_fetches = page.evaluate("window.__pryzm.meshFetches()")
    assert first_fetches > 0
    hash_before = page.evaluate("window.__pryzm.stateHash()")
    assert hash_before == server_hash(ada, pid)

    page.reload()
    expect(page.get_by_test_id("conn-status")).to_contain_text("online", timeout=20_000)
    page.wait_for_function(f"window.__pryzm.stateHash() === {hash_before!r}")
    baked(page)
    assert page.evaluate("window.__pryzm.meshCount()") == 11
    assert page.evaluate("window.__pryzm.meshFetches()") == 0
    assert page.evaluate("window.__pryzm.elementCount()") == 11
    ada.context.close()
