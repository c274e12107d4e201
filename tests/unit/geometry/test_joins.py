"""Wall joins from geometry: L mitres, T trims, X crossings, nodes."""

import math

import manifold3d
import numpy as np
import pytest
from _meshcheck import assert_closed, bake
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pryzm.geometry import solids
from pryzm.geometry.keys import spec_for
from pryzm.model.testing import ModelBuilder


def _ends(state, wall_id):
    return spec_for(state, wall_id)[0]["ends"]


def _corners(state, wall_id):
    """Model coordinates of the footprint's start edge and end edge, (lo, hi) each."""
    spec = spec_for(state, wall_id)[0]
    s, e = np.array(spec["start"]), np.array(spec["end"])
    d = (e - s) / np.linalg.norm(e - s)
    n = np.array([-d[1], d[0]])
    sa_lo, sa_hi, sb_lo, sb_hi = spec["ends"]
    at = lambda x, y: s + x * d + y * n  # noqa: E731
    return ((at(sa_lo, spec["lo"]), at(sa_hi, spec["hi"])),
            (at(sb_lo, spec["lo"]), at(sb_hi, spec["hi"])))


def test_a_free_wall_is_square():
    b = ModelBuilder()
    wall = b.wall((0, 0), (4, 0))
    assert _ends(b.state, wall) == [0, 0, 4, 4]


def test_l_corner_is_mitred():
    b = ModelBuilder()
    a = b.wall((0, 0), (4, 0))
    c = b.wall((4, 0), (4, 3))
    # outer corner (4.1, -0.1), inner corner (3.9, 0.1)
    assert _ends(b.state, a) == pytest.approx([0, 0, 4.1, 3.9])
    assert _ends(b.state, c) == pytest.approx([-0.1, 0.1, 3, 3])
    meshes = bake(b.state)
    assert meshes[a].quantities["net_volume"] == pytest.approx(4 * 0.2 * 3)


def test_l_corner_within_tolerance_closes_the_gap():
    b = ModelBuilder()
    a = b.wall((0, 0), (4, 0))
    c = b.wall((4.0005, 0.0003), (4, 3))
    end_a = _corners(b.state, a)[1]
    start_c = _corners(b.state, c)[0]
    assert {tuple(np.round(p, 9)) for p in end_a} == {tuple(np.round(p, 9)) for p in start_c}


def test_t_join_trims_the_abutting_wall_to_the_face():
    b = ModelBuilder()
    through = b.wall((0, 0), (6, 0), thickness=0.3)
    abutting = b.wall((3, 0), (3, 4), thickness=0.2)
    assert _ends(b.state, through) == [0, 0, 6, 6]
    assert _ends(b.state, abutting) == pytest.approx([0.15, 0.15, 4, 4])
    # ending anywhere inside the through wall: cut back to its near face
    for tip in (-0.1, 0.15):
        below = b.wall((5, -2), (5, tip), thickness=0.2)
        assert _ends(b.state, below) == pytest.approx([0, 0, 1.85, 1.85])
        b.do({"type": "delete_elements", "ids": [below]})
    # ending short of the face by more than the tolerance: no join
    short = b.wall((5, -2), (5, -0.2), thickness=0.2)
    assert _ends(b.state, short) == pytest.approx([0, 0, 1.8, 1.8])


def test_t_join_on_an_aligned_through_wall_uses_its_real_face():
    b = ModelBuilder()
    b.wall((0, 0), (6, 0), thickness=0.3, alignment="left")  # body from y=0 to y=0.3
    up = b.wall((3, 0), (3, 4))
    down = b.wall((4, 0), (4, -4))
    assert _ends(b.state, up) == pytest.approx([0.3, 0.3, 4, 4])
    assert _ends(b.state, down) == pytest.approx([0, 0, 4, 4])


def test_x_crossing_leaves_both_whole():
    b = ModelBuilder()
    a = b.wall((0, 0), (6, 0))
    c = b.wall((3, -3), (3, 3))
    assert _ends(b.state, a) == [0, 0, 6, 6]
    assert _ends(b.state, c) == [0, 0, 6, 6]


def test_collinear_walls_butt_square():
    b = ModelBuilder()
    a = b.wall((0, 0), (4, 0))
    c = b.wall((4, 0), (8, 0))
    assert _ends(b.state, a) == pytest.approx([0, 0, 4, 4])
    assert _ends(b.state, c) == pytest.approx([0, 0, 4, 4])


def test_node_of_three_walls_butts_the_straight_pair_and_trims_the_third():
    b = ModelBuilder()
    left = b.wall((0, 0), (4, 0), thickness=0.3)
    right = b.wall((4, 0), (8, 0), thickness=0.3)
    stem = b.wall((4, 0), (4, 3), thickness=0.2)
    assert _ends(b.state, left) == pytest.approx([0, 0, 4, 4])
    assert _ends(b.state, right) == pytest.approx([0, 0, 4, 4])
    assert _ends(b.state, stem) == pytest.approx([0.15, 0.15, 3, 3])


def test_node_without_a_straight_pair_is_left_square_with_a_warning():
    b = ModelBuilder()
    walls = [b.wall((0, 0), (4 * math.cos(a), 4 * math.sin(a)))
             for a in (0, 2 * math.pi / 3, 4 * math.pi / 3)]
    meshes = bake(b.state)
    for wall in walls:
        assert _ends(b.state, wall) == pytest.approx([0, 0, 4, 4])
        assert any(w.startswith("join_unresolved:") for w in meshes[wall].warnings)


def test_walls_on_other_levels_do_not_join():
    b = ModelBuilder()
    ground = b.level()
    upper = b.level("Upper", elevation=3)
    a = b.wall((0, 0), (4, 0), level_id=ground)
    b.wall((4, 0), (4, 3), level_id=upper)
    assert _ends(b.state, a) == [0, 0, 4, 4]


def test_a_too_sharp_corner_is_left_square_with_a_warning():
    b = ModelBuilder()
    a = b.wall((0, 0), (4, 0))
    c = b.wall((4, 0), (0, 0.2))
    meshes = bake(b.state)
    assert _ends(b.state, a) == [0, 0, 4, 4]
    assert any(w.startswith("join_too_acute:") for w in meshes[c].warnings)


def _union_volume(*meshes):
    parts = [solids.to_manifold((m.vertices - meshes[0].vertices[0], m.faces)) for m in meshes]
    return manifold3d.Manifold.batch_boolean(parts, manifold3d.OpType.Add).volume()


@settings(max_examples=60, deadline=None)
@given(angle=st.floats(20, 340), length_a=st.floats(0.8, 10), length_b=st.floats(0.8, 10),
       t_a=st.floats(0.05, 0.5), t_b=st.floats(0.05, 0.5),
       align_a=st.sampled_from(["center", "left", "right"]),
       align_b=st.sampled_from(["center", "left", "right"]),
       heading=st.floats(0, 360), far=st.booleans(), b_reversed=st.booleans())
def test_l_joined_walls_meet_without_gap_or_overlap(angle, length_a, length_b, t_a, t_b,
                                                    align_a, align_b, heading, far,
                                                    b_reversed):
    assume(abs(angle - 180) > 5)
    h, turn = math.radians(heading), math.radians(heading + 180 - angle)
    corner = np.array([2_000_000.0, -3_000_000.0]) if far else np.array([1.0, 2.0])
    start = corner - length_a * np.array([math.cos(h), math.sin(h)])
    end = corner + length_b * np.array([math.cos(turn), math.sin(turn)])
    b = ModelBuilder()
    a = b.wall(start.tolist(), corner.tolist(), thickness=t_a, alignment=align_a)
    pts = [corner.tolist(), end.tolist()]
    c = b.wall(*(pts[::-1] if b_reversed else pts), thickness=t_b, alignment=align_b)
    meshes = bake(b.state)
    for mesh in meshes.values():
        assert_closed(mesh)
    assume(not any(m.warnings for m in meshes.values()))  # a too-long mitre: left square
    # no gap: the two mitre edges are the same segment
    edge_a = _corners(b.state, a)[1]
    edge_c = _corners(b.state, c)[1 if b_reversed else 0]
    for p in edge_a:  # (to a micrometre: these are float64 metres 2,000 km from zero)
        assert min(np.linalg.norm(p - q) for q in edge_c) < 1e-6
    # no overlap: the union's volume is the sum of the parts
    total = meshes[a].quantities["volume"] + meshes[c].quantities["volume"]
    assert _union_volume(meshes[a], meshes[c]) == pytest.approx(total, abs=1e-6)
