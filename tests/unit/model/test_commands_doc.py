"""docs/model/commands.md documents every command and every reject code of the model."""

import re
from pathlib import Path

from pryzm.model.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "model" / "commands.md").read_text()
SOURCES = (ROOT / "src" / "pryzm" / "model").rglob("*.py")


def _documented(name: str) -> bool:
    return f"`{name}`" in DOC


def test_every_command_is_documented():
    missing = [name for name in COMMANDS if not _documented(name)]
    assert not missing, missing


def test_every_reject_code_is_documented():
    codes = set()
    for path in SOURCES:
        codes |= set(re.findall(r'(?:reject|Rejection)\(\s*"([a-z_]+)"', path.read_text()))
    assert {"level_not_empty", "opening_overlap", "self_intersecting"} <= codes
    missing = sorted(code for code in codes if not _documented(code))
    assert not missing, missing


def test_every_command_field_is_documented():
    missing = [f"{name}.{field}" for name, cls in COMMANDS.items()
               for field in cls.model_fields if field != "type" and not _documented(field)]
    assert not missing, missing
