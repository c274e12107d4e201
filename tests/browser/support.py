"""Driving the editor like a person: sign in, open a project, click on the plan, go offline.

Pages talk to a real stack (tests/support/stack.py). Setup that is not the flow under test
(users, projects, members) goes through REST to keep the tests fast; everything the flow is
about goes through the UI (clicks, keys, the properties panel).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from playwright.sync_api import Browser, BrowserContext, Page, WebSocketRoute, expect
from tests.support.client import model_state

VIEWPORT = {"width": 1400, "height": 860}


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
    page.wait_for_function("document.querySelector('[data-testid=plan-canvas]').clientWidth > 0")


def click_model_point(page: Page, x: float, y: float, modifiers: list[str] | None = None) -> None:
    point = page.evaluate(f"window.__pryzm.planToScreen({x}, {y})")
    page.mouse.move(point["x"], point["y"])
    if modifiers:
        for key in modifiers:
            page.keyboard.down(key)
    page.mouse.click(point["x"], point["y"])
    if modifiers:
        for key in modifiers:
            page.keyboard.up(key)


def drag_model(page: Page, a: tuple[float, float], b: tuple[float, float]) -> None:
    pa = page.evaluate(f"window.__pryzm.planToScreen({a[0]}, {a[1]})")
    pb = page.evaluate(f"window.__pryzm.planToScreen({b[0]}, {b[1]})")
    page.mouse.move(pa["x"], pa["y"])
    page.mouse.down()
    page.mouse.move((pa["x"] + pb["x"]) / 2, (pa["y"] + pb["y"]) / 2, steps=3)
    page.mouse.move(pb["x"], pb["y"], steps=3)
    page.mouse.up()


def wall_count(page: Page) -> int:
    return page.evaluate("window.__pryzm.wallCount()")


def count(page: Page, kind: str | None = None) -> int:
    return page.evaluate("k => window.__pryzm.elementCount(k || undefined)", kind)


def elements(page: Page, kind: str | None = None) -> list[dict[str, Any]]:
    return page.evaluate("k => window.__pryzm.elements(k || undefined)", kind)


def settled(page: Page, timeout: float = 20_000) -> None:
    """Every command this page sent is committed and folded in."""
    page.wait_for_function("window.__pryzm.connection() === 'online' && "
                           "window.__pryzm.pendingCount() === 0", timeout=timeout)


def baked(page: Page, timeout: float = 60_000) -> None:
    """The 3D view shows a bake of the current head, fully loaded."""
    page.wait_for_function("window.__pryzm.headSeq() > 0 && "
                           "window.__pryzm.bakedSeq() === window.__pryzm.headSeq() && "
                           "!window.__pryzm.renderStats().bakeLoading && "
                           "window.__pryzm.renderStats().outOfDate === 0", timeout=timeout)


def command(page: Page, cmd: dict[str, Any]) -> dict[str, Any]:
    """Send a command through the page's own socket (no UI checks); the server's answer."""
    return page.evaluate("c => window.__pryzm.command(c)", cmd)


def new_id() -> str:
    return str(uuid.uuid4())


# ---- REST setup ----------------------------------------------------------------------------

@dataclass
class Person:
    """A signed-in user: a token from the shim, and a browser context that carries it."""

    base_url: str
    name: str
    token: str
    id: str
    context: BrowserContext | None = None
    page: Page | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def rest(self, method: str, path: str, body: Any = None) -> httpx.Response:
        r = httpx.request(method, self.base_url + path, json=body, headers=self.headers, timeout=30)
        r.raise_for_status()
        return r

    def create_project(self, name: str) -> str:
        return self.rest("POST", "/v1/projects", {"name": name}).json()["id"]

    def add(self, project_id: str, other: Person, role: str = "editor") -> None:
        self.rest("POST", f"/v1/projects/{project_id}/members",
                  {"user_id": other.id, "role": role})

    def level(self, project_id: str) -> str:
        events = self.rest("GET", f"/v1/projects/{project_id}/events").json()["events"]
        return next(e["event"]["id"] for e in events if e["event"]["type"] == "create_level")


def new_project(browser: Browser, base_url: str, page_errors, project: str,
                name: str = "Ada") -> tuple[Person, Page, str, str]:
    """`name` signed in with a new project open in the editor and the page's errors watched:
    (the person, their page, the project's id, its first level's id)."""
    someone = person(browser, base_url, name)
    page_errors(someone.page)
    project_id = someone.create_project(project)
    level = someone.level(project_id)
    open_project(someone.page, base_url, project_id)
    return someone, someone.page, project_id, level


def person(browser: Browser, base_url: str, name: str, net: Net | None = None) -> Person:
    """Sign in through the shim and open a page that already holds the token."""
    body = httpx.post(f"{base_url}/v1/auth/session", json={"display_name": name},
                      timeout=10).json()
    p = Person(base_url, name, body["token"], body["user"]["id"])
    p.context = browser.new_context(viewport=VIEWPORT)
    p.context.add_init_script(f"localStorage.setItem('pryzm.token', {body['token']!r})")
    p.page = p.context.new_page()
    if net is not None:
        net.attach(p.page)
    return p


def server_hash(owner: Person, project_id: str) -> str:
    """The model hash the server's own domain core computes from the log (`State.hash()`)."""
    return model_state(lambda path: owner.rest("GET", path), project_id).hash()


def server_events(owner: Person, project_id: str) -> list[dict[str, Any]]:
    out, after = [], 0
    while True:
        page = owner.rest("GET", f"/v1/projects/{project_id}/events?after={after}&limit=5000").json()
        out += page["events"]
        after = page["next_after"]
        if not page["more"]:
            return out


# ---- the network -----------------------------------------------------------------------------

@dataclass
class Net:
    """A switch between a page and the server for its WebSocket: `go_offline` drops the live
    socket and refuses new ones (what a cut cable looks like to the editor); `go_online`
    lets the editor's reconnect through again."""

    offline: bool = False
    routes: list[WebSocketRoute] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.route_web_socket("**/ws/**", self._handle)

    def _handle(self, ws: WebSocketRoute) -> None:
        if self.offline:
            ws.close()
            return
        ws.connect_to_server()
        self.routes.append(ws)

    def go_offline(self, page: Page) -> None:
        self.offline = True
        for ws in self.routes:
            ws.close()
        self.routes.clear()
        page.wait_for_function("window.__pryzm.connection() === 'offline'", timeout=10_000)
        expect(page.get_by_test_id("offline-banner")).to_be_visible()

    def go_online(self, page: Page) -> None:
        self.offline = False
        page.wait_for_function("window.__pryzm.connection() === 'online'", timeout=20_000)
        expect(page.get_by_test_id("offline-banner")).to_be_hidden()
