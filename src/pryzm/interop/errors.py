"""Interop's exceptions: why a file could not be imported or a model exported.

    PryzmError (pryzm.errors)
    └── InteropError            code + message, shown to the user as the job's error
        ├── ImportFailed        the file is empty, truncated, not what it claims, hostile
        │                       (zip bomb, absurd entity counts) or the importer crashed
        └── ExportFailed        the model could not be written (or failed validation)

Codes are stable: `empty_file`, `truncated`, `unreadable`, `wrong_content`, `zip_bomb`,
`too_many_entities`, `too_large`, `importer_crashed`, `timeout`, `unknown_format`,
`export_invalid`, `unknown_level`.
"""

from __future__ import annotations

from typing import Any

from pryzm.errors import PryzmError


class InteropError(PryzmError):
    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class ImportFailed(InteropError):
    pass


class ExportFailed(InteropError):
    pass
