"""PRYZM's exceptions. Driver errors are translated where the driver is called.

    PryzmError
    ├── ConfigError             a setting is missing or invalid (the service refuses to start)
    ├── StoreError
    │   ├── DatabaseUnavailable PostgreSQL cannot be reached (retry later)
    │   ├── MigrationError      a migration failed; names it
    │   └── ObjectMissing       no object under that key
    └── ApiError                an error for a client, with a stable code and an HTTP status
"""

from __future__ import annotations

from typing import Any


class PryzmError(Exception):
    """The root of PRYZM's own exceptions."""


class ConfigError(PryzmError):
    pass


class StoreError(PryzmError):
    pass


class DatabaseUnavailable(StoreError):
    pass


class MigrationError(StoreError):
    def __init__(self, name: str, cause: str):
        super().__init__(f"migration {name} failed: {cause}")
        self.name = name


class ObjectMissing(StoreError):
    pass


class ApiError(PryzmError):
    """Rendered on the wire as {"error": {"code", "message", "details"}}."""

    def __init__(self, status: int, code: str, message: str, details: Any = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def to_json(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}
