"""Editor benchmark: open a generated 10,000-element project in headless Chromium.

    .venv/bin/python bench/editor/run.py [elements]        (default: 10000)

Starts `pryzm up` in a temporary home on free ports, creates a project and writes its log
straight into PostgreSQL (a grid of 6 m x 5 m bays: two walls with a door or window each, a
column and a floor slab per bay, decided by the real domain core), queues its bake and waits
for it. Then, in headless Chromium (the browser tests' flags, software WebGL):

- baseline: time to first render of an empty project (signed in, socket online, model caught
  up, first 3D frame), measured in the page from navigation start;
- cold: the big project with an empty mesh cache: time until every baked mesh is placed and
  drawn; draw calls of that frame (target: at most 200); mesh downloads;
- warm: the same after a reload (meshes from IndexedDB: no downloads expected);
- interaction: frames per second while orbiting the 3D view and panning the plan.

Plain script that prints; no pass/fail on timing (software rendering on a CI box is slow).
"""

from __future__ import annotations

import math
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import psycopg
from playwright.sync_api import Page, sync_playwright
from psycopg.types.json import Jsonb

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support.stack import Stack  # noqa: E402

from pryzm.model import State, apply  # noqa: E402
from pryzm.model.results import Event  # noqa: E402
from pryzm.model.testing import ModelBuilder  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
         "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
BAY_X, BAY_Y = 6.0, 5.0


def generate(level: dict, elements: int) -> tuple[list[Event], dict[str, int]]:
    """Events after the project's first level: about `elements` elements in a grid of bays."""
    state = State()
    apply(state, Event(type="create_level", data={k: v for k, v in level.items() if k != "type"}))
    b = ModelBuilder(state, seed=int(uuid.uuid4().int % 1_000_000))
    b.level_id = level["id"]
    side = math.ceil(math.sqrt(elements / 6))
    for i in range(side):
        for j in range(side):
            x, y = i * BAY_X, j * BAY_Y
            south = b.wall((x, y), (x + BAY_X, y), thickness=0.25)
            west = b.wall((x, y), (x, y + BAY_Y), thickness=0.2)
            b.opening(south, offset=1.5, kind="door" if (i + j) % 2 else "window")
            b.opening(west, offset=2.0, kind="window", width=1.0)
            b.column((x, y), width=0.4, depth=0.4)
            b.slab([(x, y), (x + BAY_X, y), (x + BAY_X, y + BAY_Y), (x, y + BAY_Y)])
    kinds: dict[str, int] = {}
    for e in state.elements.values():
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    return b.events, kinds


def insert(stack: Stack, project_id: str, actor: str, events: list[Event]) -> int:
    """Append `events` after seq 1 in one transaction, and queue the bake as a commit would."""
    rows = []
    for i, event in enumerate(events):
        eid = str(uuid.uuid4())
        rows.append((project_id, i + 2, eid, eid, actor, event.type, Jsonb(event.data)))
    head = len(events) + 1
    with psycopg.connect(stack.database_url()) as conn:
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO command_events (project_id, seq, event_id, command_id, "
                            "actor, type, payload) VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
        conn.execute("UPDATE projects SET head_seq = %s WHERE id = %s", (head, project_id))
        conn.execute("INSERT INTO jobs (project_id, kind, coalesce_key, target_seq, payload, "
                     "created_by) VALUES (%s, 'bake', %s, %s, '{}', %s)",
                     (project_id, f"bake:{project_id}", head, actor))
        conn.execute("SELECT pg_notify('pryzm_jobs', '{\"kind\": \"bake\"}')")
    return head


def wait_bake(base: str, headers: dict, project_id: str, head: int, timeout: float = 900) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        r = httpx.get(f"{base}/v1/projects/{project_id}/bakes/latest", headers=headers, timeout=30)
        if r.status_code == 200 and r.json()["seq"] >= head:
            return time.monotonic() - t0
        time.sleep(1.0)
    raise TimeoutError(f"no bake of seq {head} after {timeout} s")


FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"


def first_render(page: Page, url: str, ready: str, timeout: float = 600_000) -> dict:
    page.goto(url)
    page.wait_for_function(ready, timeout=timeout, polling=100)
    ms = page.evaluate(FRAME)  # the frame that shows it
    return {"ms": ms, "draw_calls": page.evaluate("window.__pryzm.drawCalls()"),
            "triangles": page.evaluate("window.__pryzm.renderStats().triangles"),
            "fetches": page.evaluate("window.__pryzm.meshFetches()"),
            "meshes": page.evaluate("window.__pryzm.meshCount()")}


def fps(page: Page, testid: str, button: str, seconds: float = 3.0) -> float:
    """Drag on a view for `seconds` (orbit in 3D, pan in plan), one animation frame per move."""
    box = page.get_by_test_id(testid).bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down(button=button)
    t0, n = time.monotonic(), 0
    while time.monotonic() - t0 < seconds:
        n += 1
        page.mouse.move(cx + 150 * math.sin(n / 5), cy + 60 * math.cos(n / 7))
        page.evaluate(ONE_FRAME)
    page.mouse.up(button=button)
    return n / (time.monotonic() - t0)


ONE_FRAME = "() => new Promise(r => requestAnimationFrame(() => r(0)))"


def main(argv: list[str]) -> None:
    elements = int(argv[0]) if argv else 10_000
    home = Path(tempfile.mkdtemp(prefix="pryzm-bench-editor-"))
    stack = Stack.create(home)
    print(f"starting pryzm up in {home} ...", flush=True)
    stack.start()
    try:
        run(stack, elements)
    finally:
        stack.stop()


def run(stack: Stack, elements: int) -> None:
    base = stack.url
    session = httpx.post(f"{base}/v1/auth/session", json={"display_name": "Bench"}).json()
    headers = {"Authorization": f"Bearer {session['token']}"}
    empty = httpx.post(f"{base}/v1/projects", json={"name": "Empty"}, headers=headers).json()["id"]
    big = httpx.post(f"{base}/v1/projects", json={"name": "Big"}, headers=headers).json()["id"]
    level = httpx.get(f"{base}/v1/projects/{big}/events", headers=headers).json()["events"][0]["event"]

    t0 = time.perf_counter()
    events, kinds = generate(level, elements)
    total = sum(kinds.values())
    print(f"model: {total} elements {kinds}, {len(events)} events "
          f"(generated in {time.perf_counter() - t0:.1f} s)")
    t0 = time.perf_counter()
    head = insert(stack, big, session["user"]["id"], events)
    print(f"inserted into PostgreSQL in {time.perf_counter() - t0:.1f} s; head seq {head}")
    print("baking ...", flush=True)
    print(f"bake ready after {wait_bake(base, headers, big, head):.1f} s")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        ctx = browser.new_context(viewport={"width": 1400, "height": 860})
        ctx.add_init_script(f"localStorage.setItem('pryzm.token', {session['token']!r})")
        page = ctx.new_page()

        baseline = first_render(page, f"{base}/p/{empty}", "window.__pryzm.connection() === 'online' && "
                                "window.__pryzm.headSeq() === 1 && window.__pryzm.renderStats().frames > 0")
        ready = (f"window.__pryzm.headSeq() === {head} && window.__pryzm.bakedSeq() === {head} && "
                 f"!window.__pryzm.renderStats().bakeLoading && window.__pryzm.meshCount() === {total}")
        cold = first_render(page, f"{base}/p/{big}", ready)
        orbit = fps(page, "view3d-canvas", "left")
        pan = fps(page, "plan-canvas", "right")
        warm = first_render(page, f"{base}/p/{big}", ready)
        browser.close()

    print()
    print(f"baseline (empty project)  first render {baseline['ms']:8.0f} ms")
    for name, r in (("cold cache", cold), ("warm cache (reload)", warm)):
        print(f"{total} elements, {name:<20} first render {r['ms']:8.0f} ms   ratio "
              f"{r['ms'] / baseline['ms']:5.1f}x   draw calls {r['draw_calls']:4d} (target <= 200)   "
              f"mesh downloads {r['fetches']}   meshes placed {r['meshes']}   "
              f"triangles {r['triangles']:,}")
    print(f"interaction: orbit 3D {orbit:5.1f} frames/s, pan plan {pan:5.1f} frames/s "
          "(software WebGL)")


if __name__ == "__main__":
    main(sys.argv[1:])
