"""Door and window meshes: a frame through the host wall's thickness and a panel (a door
leaf on the flip side, or a glass pane in the middle). Separate closed pieces with small
gaps, in the host's local frame, placed like the host."""

from __future__ import annotations

from typing import Any

from pryzm.geometry import solids
from pryzm.model.state import Level, Opening, Wall

_FRAME = 0.05  # metres: frame member width
_GAP = 0.003  # metres between frame and panel


def opening_spec(opening: Opening, host: Wall, level: Level) -> dict[str, Any]:
    lo, hi = host.faces
    return {
        "type": opening.kind, "id": opening.id, "level_id": opening.level_id,
        "material": opening.material, "host_id": host.id, "start": list(host.start),
        "direction": list(host.direction), "lo": lo, "hi": hi,
        "z0": level.elevation + host.base_offset, "offset": opening.offset,
        "width": opening.width, "height": opening.height, "sill": opening.sill_height,
        "flip": opening.flip,
    }


def opening_mesh(spec: dict[str, Any]) -> tuple[solids.Mesh, dict[str, float], list[str]]:
    x0, w, z0, h = spec["offset"], spec["width"], spec["sill"], spec["height"]
    lo, hi = spec["lo"], spec["hi"]
    f = min(_FRAME, w / 4, h / 4)
    g = min(_GAP, f / 4)
    depth = hi - lo
    if spec["type"] == "door":
        profile = [(0, 0), (f, 0), (f, h - f), (w - f, h - f), (w - f, 0), (w, 0), (w, h), (0, h)]
        frame = solids.prism([(x0 + u, z0 + v) for u, v in profile], (), lo, hi)
        leaf = min(0.04, depth / 3)
        y0 = hi - g - leaf if spec["flip"] else lo + g
        panel = solids.box(x0 + f + g, x0 + w - f - g, y0, y0 + leaf, z0 + g, z0 + h - f - g)
    else:
        outer = [(x0, z0), (x0 + w, z0), (x0 + w, z0 + h), (x0, z0 + h)]
        inner = [(x0 + f, z0 + f), (x0 + w - f, z0 + f), (x0 + w - f, z0 + h - f),
                 (x0 + f, z0 + h - f)]
        frame = solids.prism(outer, [inner], lo, hi)
        pane = min(0.02, depth / 3)
        y0 = (lo + hi - pane) / 2
        panel = solids.box(x0 + f + g, x0 + w - f - g, y0, y0 + pane, z0 + f + g,
                           z0 + h - f - g)
    frame = solids.place(frame, spec["start"], spec["direction"], spec["z0"], swap_yz=True)
    panel = solids.place(panel, spec["start"], spec["direction"], spec["z0"])
    quantities = {"width": w, "height": h, "sill_height": z0, "area": w * h,
                  "volume": w * h * depth}
    return solids.merge(frame, panel), quantities, []
