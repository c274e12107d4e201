"""The import report: what came in, as what, and what did not (case B8).

    counts    {source type: {total, native, reference, skipped}}   one row per source type
    native    {PRYZM element kind: count}
    skipped   [{source, id, name, reason}]  (the first MAX_LISTED; `skipped_reasons` counts all)
    as_reference_because  {"source: reason": count}  why candidates for native elements
                                                   came in as reference meshes
    warnings  [{code, message, ...}]        units guessed, meshes missing, cuts failed, ...
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

MAX_LISTED = 500


@dataclass
class ImportReport:
    format: str
    source: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    native: Counter = field(default_factory=Counter)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    skipped_reasons: Counter = field(default_factory=Counter)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    levels: list[dict[str, Any]] = field(default_factory=list)
    fallbacks: Counter = field(default_factory=Counter)
    containers: int = 0  # rows' references that are blocks placed as their parts

    def seen(self, source: str, count: int = 1) -> None:
        self.counts[source]["total"] += count

    def mapped(self, source: str, kind: str) -> None:
        self.counts[source]["native"] += 1
        self.native[kind] += 1

    def referenced(self, source: str, *, container: bool = False) -> None:
        """`source` came in as reference geometry; a `container` (a block instance) as its
        parts, which have rows of their own, so the total counts only those."""
        self.counts[source]["reference"] += 1
        self.containers += container

    def skip(self, source: str, reason: str, *, id: str = "", name: str = "",
             counted: bool = True) -> None:
        if counted:
            self.counts[source]["skipped"] += 1
        self.skipped_reasons[f"{source}: {reason}"] += 1
        if len(self.skipped) < MAX_LISTED:
            self.skipped.append({"source": source, "id": id, "name": name, "reason": reason})

    def fallback(self, source: str, reason: str) -> None:
        """Why an element that might have been native came in as a reference."""
        self.fallbacks[f"{source}: {reason}"] += 1

    def warn(self, code: str, message: str, **details: Any) -> None:
        if len(self.warnings) < MAX_LISTED:
            self.warnings.append({"code": code, "message": message, **details})

    def to_json(self) -> dict[str, Any]:
        counts = {k: {"total": v["total"], "native": v["native"], "reference": v["reference"],
                      "skipped": v["skipped"]} for k, v in sorted(self.counts.items())}
        return {
            "format": self.format,
            "source": self.source,
            "counts": counts,
            "native": dict(sorted(self.native.items())),
            "reference": sum(v["reference"] for v in counts.values()) - self.containers,
            "skipped_total": sum(v["skipped"] for v in counts.values()),
            "skipped": self.skipped,
            "skipped_reasons": dict(sorted(self.skipped_reasons.items())),
            "as_reference_because": dict(sorted(self.fallbacks.items())),
            "warnings": self.warnings,
            "levels": self.levels,
        }
