"""Wall solids: the joined footprint extruded, minus the hosted openings.

Everything is built in the wall's local frame (x along the baseline from its start, y to its
left, z up from the wall's base) and placed in model coordinates at the end, so a wall far
from zero is as exact as one at zero. Rectangular openings are cut with manifold3d; every
cut is checked against the volume it must remove, and any shortfall is a named warning on
the wall (case B2), never a silent uncut or empty wall.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import manifold3d
import numpy as np

from pryzm.geometry import solids
from pryzm.geometry.joins import wall_ends
from pryzm.model.state import Level, Opening, Wall

_VOLUME_TOLERANCE = 1e-7  # m³ (relative to 1 m³): a cut removing less than planned is reported
_EPS = 1e-9  # metres: rounding, not geometry (the model's fit check uses the same)
_MIN_VOLUME = 1e-9  # m³: less than this left by a cut is nothing
_THROUGH = 0.05  # metres: cutters reach this far past the faces, so no face is coplanar


def footprint(wall: Wall) -> np.ndarray:
    """The wall's unjoined plan rectangle, counter-clockwise, (4, 2)."""
    lo, hi = wall.faces
    start = np.asarray(wall.start, dtype=np.float64)
    d = np.asarray(wall.direction)
    n = np.array([-d[1], d[0]])
    end = start + d * wall.length
    return np.array([start + lo * n, end + lo * n, end + hi * n, start + hi * n])


def wall_spec(wall: Wall, level: Level, neighbours: Sequence[Wall],
              openings: Sequence[Opening]) -> dict[str, Any]:
    """Everything that shapes the wall's mesh (its key is a hash of this)."""
    ends, warnings = wall_ends(wall, neighbours)
    lo, hi = wall.faces
    return {
        "type": "wall", "id": wall.id, "level_id": wall.level_id, "material": wall.material,
        "start": list(wall.start), "end": list(wall.end), "lo": lo, "hi": hi,
        "z0": level.elevation + wall.base_offset, "height": wall.height, "ends": ends,
        "openings": [[o.id, o.offset, o.width, o.sill_height, o.height]
                     for o in sorted(openings, key=lambda o: o.id)],
        "warnings": warnings,
    }


def wall_mesh(spec: dict[str, Any]) -> tuple[solids.Mesh, dict[str, float], list[str]]:
    lo, hi, height = spec["lo"], spec["hi"], spec["height"]
    sa_lo, sa_hi, sb_lo, sb_hi = spec["ends"]
    quad = [(sa_lo, lo), (sb_lo, lo), (sb_hi, hi), (sa_hi, hi)]
    solid = solids.prism(quad, (), 0.0, height)
    gross = solids.signed_area(np.asarray(quad)) * height
    warnings = list(spec["warnings"])
    mesh, net = _cut(solid, gross, spec, warnings) if spec["openings"] else (solid, gross)
    start = spec["start"]
    dx, dy = spec["end"][0] - start[0], spec["end"][1] - start[1]
    length = float(np.hypot(dx, dy))
    placed = solids.place(mesh, start, (dx / length, dy / length), spec["z0"])
    openings_area = sum(o[2] * o[4] for o in spec["openings"])
    side = length * height
    quantities = {
        "length": length, "height": height, "thickness": hi - lo,
        "gross_side_area": side, "net_side_area": side - openings_area,
        "openings_area": openings_area, "gross_volume": gross, "net_volume": net,
        "side_area": side - openings_area, "volume": net,
    }
    return placed, quantities, warnings


def _cut(solid: solids.Mesh, gross: float, spec: dict[str, Any],
         warnings: list[str]) -> tuple[solids.Mesh, float]:
    """The solid minus the openings' boxes, and its volume; problems go to `warnings`."""
    lo, hi, height = spec["lo"], spec["hi"], spec["height"]
    sa_lo, sa_hi, sb_lo, sb_hi = spec["ends"]
    inner = (max(sa_lo, sa_hi), min(sb_lo, sb_hi))
    outer = (min(sa_lo, sa_hi), max(sb_lo, sb_hi))
    expected = gross
    cutters = []
    for opening_id, offset, width, sill, tall in spec["openings"]:
        x0, x1, z0, z1 = offset, offset + width, sill, sill + tall
        if x1 <= outer[0] or x0 >= outer[1] or z1 <= 0 or z0 >= height:
            warnings.append(f"opening_not_cut: opening {opening_id} lies outside wall "
                            f"{spec['id']}; the wall is left uncut there")
            continue
        if x0 < inner[0] - _EPS or x1 > inner[1] + _EPS or z0 < -_EPS or z1 > height + _EPS:
            warnings.append(f"opening_partially_outside: opening {opening_id} reaches past "
                            f"the joined ends of wall {spec['id']}; it is cut where it "
                            "overlaps the wall")
            expected = None
        elif expected is not None:
            expected -= (x1 - x0) * (z1 - z0) * (hi - lo)
        # Reach past a face the opening is flush with, so the boolean sees no coplanar faces.
        z0 = z0 - _THROUGH if z0 <= 0 else z0
        z1 = z1 + _THROUGH if z1 >= height else z1
        cutters.append(solids.box(x0, x1, lo - _THROUGH, hi + _THROUGH, z0, z1))
    if not cutters:
        return solid, gross
    try:
        result = manifold3d.Manifold.batch_boolean(
            [solids.to_manifold(m) for m in (solid, *cutters)], manifold3d.OpType.Subtract)
        status = result.status().name
    except Exception as exc:  # manifold3d reports failures as exceptions or a status
        result, status = None, f"{type(exc).__name__}: {exc}"
    if result is None or status != "NoError":
        warnings.append(f"cut_failed: cutting the openings of wall {spec['id']} failed "
                        f"({status}); the wall is left uncut")
        return solid, gross
    if result.is_empty() or result.volume() < _MIN_VOLUME:
        warnings.append(f"cut_empty: cutting the openings of wall {spec['id']} left nothing; "
                        "the wall is left uncut")
        return solid, gross
    net = float(result.volume())
    if expected is not None and abs(net - expected) > _VOLUME_TOLERANCE * max(1.0, gross):
        warnings.append(f"cut_volume_mismatch: wall {spec['id']} lost {gross - net:.6f} m³ "
                        f"to its openings, {gross - expected:.6f} m³ expected")
    return solids.from_manifold(result), net
