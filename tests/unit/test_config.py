from dataclasses import fields
from pathlib import Path

import pytest

from pryzm.config import Settings
from pryzm.errors import ConfigError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_settings_come_from_prefixed_variables_with_types():
    s = Settings.from_env({"PRYZM_WEB_PORT": "8080", "PRYZM_HOME": "/tmp/somewhere",
                           "PRYZM_PING_INTERVAL": "2.5", "HOME": "/ignored"})
    assert s.web_port == 8080
    assert s.ping_interval == 2.5
    assert s.home == Path("/tmp/somewhere")
    assert s.store_path == Path("/tmp/somewhere/objects")
    assert s.public_url == "http://localhost:8080"
    assert s.gateway_url == "http://127.0.0.1:5101"


def test_a_bad_value_names_the_variable():
    with pytest.raises(ConfigError, match="PRYZM_SYNC_PORT"):
        Settings.from_env({"PRYZM_SYNC_PORT": "four thousand"})


def test_production_refuses_a_weak_secret():
    with pytest.raises(ConfigError, match="32 characters"):
        Settings.from_env({"PRYZM_ENV": "production", "PRYZM_SECRET_KEY": "short"}
                          ).require_secret()
    with pytest.raises(ConfigError, match="PRYZM_SECRET_KEY"):
        Settings.from_env({}).require_secret()


def test_settings_survive_the_trip_to_a_child_process():
    s = Settings.from_env({"PRYZM_WEB_PORT": "3100", "PRYZM_SECRET_KEY": "k" * 40})
    assert Settings.from_env(s.to_env()) == s


def test_every_setting_is_documented():
    text = DOCS.read_text()
    missing = [f"PRYZM_{f.name.upper()}" for f in fields(Settings)
               if f"`PRYZM_{f.name.upper()}`" not in text]
    assert missing == []
