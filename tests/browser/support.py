"""Driving the editor like a person: sign in, open a project, click on the plan."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def sign_in(page: Page, base_url: str, name: str) -> None:
    page.goto(base_url + "/")
    page.get_by_test_id("login-name").fill(name)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("project-list")).to_be_visible()


def token_of(page: Page) -> str:
    return page.evaluate("localStorage.getItem('pryzm.token')")


def open_project(page: Page, base_url: str, project_id: str) -> None:
    page.goto(f"{base_url}/p/{project_id}")
    expect(page.get_by_test_id("conn-status")).to_contain_text("online", timeout=20_000)


def click_model_point(page: Page, x: float, y: float) -> None:
    point = page.evaluate(f"window.__pryzm.planToScreen({x}, {y})")
    page.mouse.click(point["x"], point["y"])


def wall_count(page: Page) -> int:
    return page.evaluate("window.__pryzm.wallCount()")
