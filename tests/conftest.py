from __future__ import annotations

import os
import tempfile

import pytest

from tests.support.client import User
from tests.support.stack import Stack


def pytest_configure(config):
    """Give this test run a temporary root of its own. The embedded PostgreSQL runs as another
    system user when we are root, so the folders above its data must stay traversable; pytest
    resets its shared root to mode 0700 whenever any other test run starts."""
    if "PYTEST_DEBUG_TEMPROOT" not in os.environ:
        root = tempfile.mkdtemp(prefix="pryzm-tests-")
        os.chmod(root, 0o755)
        os.environ["PYTEST_DEBUG_TEMPROOT"] = root


@pytest.fixture(autouse=True, scope="session")
def _clean_environment():
    """Tests configure PRYZM explicitly; a developer's PRYZM_* variables must not leak in."""
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("PRYZM_")}
    yield
    os.environ.update(saved)


@pytest.fixture(scope="session")
def anyio_backend():
    return "asyncio"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The whole stack as `pryzm up` runs it (embedded PostgreSQL, four processes)."""
    s = Stack.create(tmp_path_factory.mktemp("pryzm-home"))
    s.start()
    yield s
    code = s.stop()
    assert code == 0, f"pryzm up did not stop cleanly ({code}):\n{s.output()[-3000:]}"


@pytest.fixture
def ada(stack) -> User:
    return User.sign_in(stack.url, "Ada")


@pytest.fixture
def bob(stack) -> User:
    return User.sign_in(stack.url, "Bob")
