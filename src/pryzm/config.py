"""Settings: read once from `PRYZM_*` environment variables, typed, immutable.

Every service builds one `Settings` at start-up (`Settings.from_env()`) and passes it down;
nothing else reads the environment. Documented setting by setting in docs/configuration.md
(a test checks that every field is documented there).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from pryzm.errors import ConfigError

_PACKAGE_ROOT = Path(__file__).resolve().parent


def _default_editor_dist() -> Path:
    # A source checkout keeps the built SPA at apps/editor/dist next to src/.
    return _PACKAGE_ROOT.parent.parent / "apps" / "editor" / "dist"


@dataclass(frozen=True)
class Settings:
    home: Path = Path(".pryzm")
    env: str = "development"
    database_url: str = ""
    store_path: Path | None = None
    s3_endpoint: str = ""
    s3_bucket: str = "pryzm"
    s3_region: str = "us-east-1"
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    bind_host: str = "127.0.0.1"
    web_port: int = 3000
    gateway_port: int = 5101
    sync_port: int = 4000
    bake_port: int = 4001
    gateway_url: str = ""
    sync_url: str = ""
    public_url: str = ""
    secret_key: str = ""
    oidc_issuer: str = ""
    oidc_audience: str = ""
    oidc_client_id: str = ""
    oidc_scope: str = "openid profile email"
    max_command_bytes: int = 1_048_576
    max_message_bytes: int = 16_777_216
    max_upload_bytes: int = 524_288_000
    catchup_page_size: int = 500
    ping_interval: float = 20.0
    bakes_kept: int = 10
    token_ttl_hours: int = 24 * 14
    editor_dist: Path = _default_editor_dist()
    log_format: str = "console"
    db_connect_timeout: float = 5.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(f"PRYZM_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, f.type, raw)
        values.update(overrides)
        settings = cls(**values)
        return settings._derive()

    def _derive(self) -> Settings:
        home = self.home.expanduser().resolve()
        return replace(
            self,
            home=home,
            store_path=(self.store_path or home / "objects"),
            gateway_url=self.gateway_url or f"http://127.0.0.1:{self.gateway_port}",
            sync_url=self.sync_url or f"http://127.0.0.1:{self.sync_port}",
            public_url=(self.public_url or f"http://localhost:{self.web_port}").rstrip("/"),
        )

    def require_secret(self) -> str:
        if not self.secret_key:
            raise ConfigError("PRYZM_SECRET_KEY is not set; `pryzm up` generates one in the "
                              "home folder, a deployment must set it.")
        if self.env == "production" and len(self.secret_key) < 32:
            raise ConfigError("PRYZM_SECRET_KEY must be at least 32 characters in production.")
        return self.secret_key

    def check_auth(self) -> None:
        """Production needs a real identity provider: the display-name shim is for development."""
        if self.env == "production" and not self.oidc_issuer:
            raise ConfigError("PRYZM_ENV=production needs PRYZM_OIDC_ISSUER: the display-name "
                              "sign-in of the test shim is for development only.")

    def to_env(self) -> dict[str, str]:
        """The environment that reproduces these settings in a child process."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, ""):
                out[f"PRYZM_{f.name.upper()}"] = str(value)
        return out


def _convert(name: str, kind: Any, raw: str) -> Any:
    kind = str(kind)
    try:
        if "int" in kind:
            return int(raw)
        if "float" in kind:
            return float(raw)
        if "Path" in kind:
            return Path(raw)
    except ValueError as exc:
        raise ConfigError(f"PRYZM_{name.upper()}={raw!r} is not a valid {kind}.") from exc
    return raw


def load_or_create_secret(home: Path) -> str:
    """The embedded stack's signing key: generated once, kept in the home folder."""
    path = home / "secret.key"
    if path.exists():
        return path.read_text().strip()
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key
