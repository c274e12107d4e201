"""Issue 4, project hub: rename, archive and unarchive a project; the members dialog finds
people by name, adds them with a role, changes the role and removes them (a removed member
loses access; the last owner cannot be removed)."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect
from tests.browser.support import open_project, person

pytestmark = pytest.mark.browser


def test_rename_archive_and_manage_members(shared_stack, browser, page_errors):
    ada = person(browser, shared_stack.url, "Ada Owner")
    zed = person(browser, shared_stack.url, "Zed Quasimodo")
    page = ada.page
    page_errors(page)
    pid = ada.create_project("Old name")
    page.goto(shared_stack.url + "/")
    item = page.locator(f"[data-project-id='{pid}']")

    item.get_by_test_id("project-rename").click()
    page.get_by_test_id("project-rename-input").fill("New name")
    page.get_by_test_id("project-rename-save").click()
    expect(item.get_by_test_id("project-name")).to_have_text("New name")
    assert ada.rest("GET", f"/v1/projects/{pid}").json()["name"] == "New name"

    item.get_by_test_id("project-archive").click()
    expect(item).to_have_count(0)
    page.get_by_test_id("show-archived").click()
    expect(item).to_contain_text("archived")
    item.get_by_test_id("project-unarchive").click()
    expect(item).to_have_count(0)
    page.get_by_test_id("show-active").click()
    expect(item).to_be_visible()

    # Members: find Zed by part of his name, add him as a viewer, make him an editor, remove him.
    item.get_by_test_id("project-members").click()
    dialog = page.get_by_test_id("members-dialog")
    expect(dialog.get_by_test_id("member")).to_have_count(1)
    dialog.get_by_test_id("member-search").fill("quasi")
    result = dialog.locator(f"[data-testid=member-result][data-user-id='{zed.id}']")
    result.get_by_test_id("member-result-role").select_option("viewer")
    result.get_by_test_id("member-add").click()
    zed_row = dialog.locator(f"[data-testid=member][data-user-id='{zed.id}']")
    expect(zed_row).to_have_attribute("data-role", "viewer")
    zed_row.get_by_test_id("member-role").select_option("editor")
    expect(zed_row).to_have_attribute("data-role", "editor")
    assert {m["display_name"]: m["role"] for m in ada.rest("GET", f"/v1/projects/{pid}/members").json()} == {
        "Ada Owner": "owner", "Zed Quasimodo": "editor"}
    zed.rest("GET", f"/v1/projects/{pid}")  # Zed has access now

    # The last owner cannot be removed: the reason is shown in the dialog.
    dialog.locator(f"[data-testid=member][data-user-id='{ada.id}']").get_by_test_id("member-remove").click()
    expect(dialog.get_by_test_id("members-error")).to_contain_text("last_owner")
    zed_row.get_by_test_id("member-remove").click()
    expect(zed_row).to_have_count(0)
    r = httpx.get(f"{shared_stack.url}/v1/projects/{pid}", headers=zed.headers)
    assert r.status_code == 403
    dialog.get_by_test_id("members-close").click()
    expect(dialog).to_have_count(0)
    ada.context.close()
    zed.context.close()


def test_sign_out_from_a_project_then_the_same_name_finds_its_projects(shared_stack, browser,
                                                                       page_errors):
    kim = person(browser, shared_stack.url, "Kim Sign-Out")
    page = kim.page
    page_errors(page)
    pid = kim.create_project("Kim's house")
    open_project(page, shared_stack.url, pid)

    page.get_by_test_id("sign-out").click()
    expect(page.get_by_test_id("login-name")).to_be_visible()
    assert page.evaluate("location.pathname") == "/"  # not the project: others may sign in next
    expect(page.get_by_test_id("login-shim-note")).to_contain_text("same name")

    # Someone else signs in on the same screen: the hub, and no error about Kim's project.
    page.get_by_test_id("login-name").fill("Lee Next")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("project-list")).to_be_visible()
    expect(page.get_by_test_id("user-name")).to_have_text("Lee Next")
    expect(page.locator(f"[data-project-id='{pid}']")).to_have_count(0)
    expect(page.locator(".toast-error")).to_have_count(0)

    # Kim again, typed differently: the same account, the same projects.
    page.get_by_test_id("sign-out").click()
    page.get_by_test_id("login-name").fill("kim  sign-out")
    page.get_by_test_id("login-submit").click()
    expect(page.locator(f"[data-project-id='{pid}']")).to_be_visible()
    kim.context.close()
