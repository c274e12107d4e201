"""Docs checked by tests: every route and command the code has is documented."""

from pathlib import Path

from pryzm.config import Settings
from pryzm.gateway.app import create_app
from pryzm.model.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[2]


def test_every_rest_route_is_in_the_protocol_doc():
    app = create_app(Settings.from_env({"PRYZM_SECRET_KEY": "x" * 40}))
    doc = (ROOT / "docs" / "protocol.md").read_text()
    paths = set(app.openapi()["paths"])
    assert "/v1/projects" in paths
    missing = [p for p in sorted(paths) if p not in doc]
    assert missing == []


def test_every_command_is_documented():
    doc = (ROOT / "docs" / "protocol.md").read_text()
    doc += "".join(p.read_text() for p in (ROOT / "docs").rglob("*.md"))
    assert [c for c in COMMANDS if f"`{c}`" not in doc] == []


def test_the_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text().splitlines()[:6]
    assert any("make run" in line for line in head)
    assert any("make test" in line for line in head)
