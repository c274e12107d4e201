"""The sceneIR formats a bake writes (docs/protocol.md): the whole manifest of a bake, and
the delta from the bake before it that `baked` frames carry. Pure and light, so that the
gateway and clients can patch manifests without the geometry kernels."""

from __future__ import annotations

from typing import Any

MANIFEST_FORMAT = "pryzm.sceneir/1"
DELTA_FORMAT = "pryzm.sceneir.delta/1"

_DELTA_ONLY = ("format", "base_seq", "changed", "removed")


def patch_manifest(manifest: dict[str, Any] | None, delta: dict[str, Any]) -> dict[str, Any]:
    """The manifest at `delta`'s seq from `manifest`, the one at its `base_seq` (unused when
    the delta has no base). ValueError when `manifest` is not the delta's base."""
    base = delta["base_seq"]
    if base is not None and (manifest is None or manifest["seq"] != base):
        have = None if manifest is None else manifest["seq"]
        raise ValueError(f"the delta to seq {delta['seq']} needs the bake of {base}, not {have}")
    elements = {} if base is None else {e["id"]: e for e in manifest["elements"]}
    for element_id in delta["removed"]:
        elements.pop(element_id, None)
    elements.update((e["id"], e) for e in delta["changed"])
    head = {k: v for k, v in delta.items() if k not in _DELTA_ONLY}
    return {"format": MANIFEST_FORMAT, **head,
            "elements": [elements[i] for i in sorted(elements)]}


def model_glb_url(project_id: str, seq: int) -> str:
    return f"/v1/projects/{project_id}/bakes/{seq}/model.glb"
