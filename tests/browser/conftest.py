from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from tests.support.stack import running_stack

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    """Module-scoped: Playwright's sync API runs an event loop while it lives, which must be
    gone before the asyncio tests of other modules start theirs."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is required for browser tests: apt-get install -y "
                    "chromium (make test and .ci/run install it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-quic",
            "--no-first-run", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def shared_stack():
    """One `pryzm up` for the editor flows (each test works in its own project). Its home is
    outside pytest's numbered temp folders, which a concurrent pytest run may prune."""
    with running_stack("pryzm-editor-") as s:
        yield s


@pytest.fixture
def page_errors():
    """Uncaught errors of the pages a test registers; the test fails if there are any."""
    errors: list[str] = []

    def watch(*pages):
        for page in pages:
            page.on("pageerror", lambda exc: errors.append(str(exc)))

    yield watch
    assert errors == [], errors
