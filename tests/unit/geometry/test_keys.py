"""Mesh keys: everything that shapes a mesh, and nothing else; kept incrementally."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from pryzm.geometry import element_keys, mesh_element
from pryzm.geometry import keys as keys_module
from pryzm.geometry.keys import forget, full_keys
from pryzm.model import Rejection, apply_all, decide
from pryzm.model.testing import ModelBuilder, random_command


def _room():
    b = ModelBuilder()
    corners = [(0, 0), (5, 0), (5, 4), (0, 4)]
    south, east, north, west = (b.wall(corners[i], corners[(i + 1) % 4]) for i in range(4))
    ids = {"south": south, "east": east, "north": north, "west": west,
           "door": b.opening(south, offset=1.0, kind="door"),
           "window": b.opening(south, offset=3.0, kind="window"),
           "north_window": b.opening(north, offset=2.0, kind="window"),
           "slab": b.slab(corners), "room": b.room(corners, name="Room"),
           "column": b.column((8, 8))}
    return b, ids


def _changed(before, after):
    return {i for i in after if before.get(i) != after[i]}


def test_moving_a_wall_changes_it_its_join_neighbours_and_its_openings_only():
    b, ids = _room()
    before = element_keys(b.state)
    b.move([ids["south"]], (0, -0.5))  # pulled away: the corners open
    expected = {ids[n] for n in ("south", "east", "west", "door", "window")}
    assert _changed(before, element_keys(b.state)) == expected


def test_sliding_a_wall_along_itself_rejoins_its_neighbours():
    b, ids = _room()
    before = element_keys(b.state)
    b.move([ids["south"]], (0.5, 0))  # the east wall now tees into it, the west is free
    expected = {ids[n] for n in ("south", "east", "west", "door", "window")}
    assert _changed(before, element_keys(b.state)) == expected


def test_moving_back_restores_the_keys():
    b, ids = _room()
    before = element_keys(b.state)
    b.move([ids["south"]], (0, -0.5))
    b.move([ids["south"]], (0, 0.5))
    assert element_keys(b.state) == before


def test_what_does_not_shape_a_mesh_does_not_change_keys():
    b, ids = _room()
    before = element_keys(b.state)
    b.do({"type": "set_properties", "id": ids["south"], "psets": {"P": {"x": 1}}})
    b.do({"type": "update_level", "id": b.level_id, "name": "Renamed"})
    b.do({"type": "update_wall", "id": ids["south"], "height": 3.5})  # plan unchanged
    assert _changed(before, element_keys(b.state)) == {ids["south"]}


def test_material_changes_only_that_element():
    b, ids = _room()
    before = element_keys(b.state)
    b.do({"type": "update_wall", "id": ids["north"], "material": "brick"})
    assert _changed(before, element_keys(b.state)) == {ids["north"]}


def test_a_new_opening_changes_its_host_only():
    b, ids = _room()
    before = element_keys(b.state)
    window = b.opening(ids["east"], offset=1.0, kind="window")
    assert _changed(before, element_keys(b.state)) == {ids["east"], window}


def test_level_elevation_changes_everything_on_the_level():
    b, ids = _room()
    upper = b.level("Upper", elevation=3.0)
    above = b.wall((0, 0), (5, 0), level_id=upper)
    before = element_keys(b.state)
    b.do({"type": "update_level", "id": b.level_id, "elevation": 0.5})
    after = element_keys(b.state)
    assert _changed(before, after) == set(ids.values())
    assert after[above] == before[above]


def test_deleting_a_wall_drops_its_keys_and_frees_its_neighbours():
    b, ids = _room()
    before = element_keys(b.state)
    b.do({"type": "delete_elements", "ids": [ids["south"]]})
    after = element_keys(b.state)
    assert set(before) - set(after) == {ids["south"], ids["door"], ids["window"]}
    assert _changed(before, after) == {ids["east"], ids["west"]}


def test_mesh_element_without_a_key_meshes_the_current_state():
    b, ids = _room()
    old = element_keys(b.state)
    b.move([ids["south"]], (0, -1))
    mesh = mesh_element(b.state, ids["south"])
    assert mesh.key == element_keys(b.state)[ids["south"]] != old[ids["south"]]
    assert mesh.bbox["min"][1] == -1.1
    assert mesh_element(b.state, ids["east"]).key == element_keys(b.state)[ids["east"]]


def test_keys_are_the_same_from_a_fresh_process_view():
    b, _ = _room()
    keys = element_keys(b.state)
    forget()
    assert element_keys(b.state) == keys == full_keys(b.state)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_incremental_keys_equal_keys_computed_from_scratch(seed):
    b = ModelBuilder(seed=seed % 1000)
    rnd = random.Random(seed)
    for step in range(60):
        result = decide(b.state, random_command(b.state, rnd, b.new_id))
        if not isinstance(result, Rejection):
            apply_all(b.state, result)
        if step % 3 == 0:
            assert element_keys(b.state) == full_keys(b.state)
    assert element_keys(b.state) == full_keys(b.state)


def test_keys_stay_exact_when_the_wall_index_is_rebuilt_between_edits(monkeypatch):
    # The wall index checks recent changes one by one and rebuilds its tree now and then;
    # rebuilding after every other edit must give the same keys as never rebuilding.
    monkeypatch.setattr(keys_module._WallIndex, "REBUILD_AFTER", 2)
    b = ModelBuilder(seed=11)
    rnd = random.Random(11)
    for _ in range(80):
        result = decide(b.state, random_command(b.state, rnd, b.new_id))
        if not isinstance(result, Rejection):
            apply_all(b.state, result)
        assert element_keys(b.state) == full_keys(b.state)


def test_two_models_interleaved_keep_their_own_keys():
    a, _ = _room()
    c = ModelBuilder(seed=7)
    c.wall((0, 0), (9, 0))
    keys_a, keys_c = element_keys(a.state), element_keys(c.state)
    for _ in range(3):
        assert element_keys(a.state) == keys_a == full_keys(a.state)
        assert element_keys(c.state) == keys_c == full_keys(c.state)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_keys_stay_exact_across_copies_and_forks_of_a_model(seed):
    """The keys follow the model's journal of changed ids (so an edit costs the edit): copies
    taken as the bake worker takes them, copies edited on their own (forks), and edits to
    the original after a copy was edited must all give the keys a fresh pass gives."""
    b = ModelBuilder(seed=seed % 1000)
    rnd = random.Random(seed)

    def edit(state, times: int) -> None:
        for _ in range(times):
            result = decide(state, random_command(state, rnd, b.new_id))
            if not isinstance(result, Rejection):
                apply_all(state, result)

    edit(b.state, 20)
    copies = []
    for round_ in range(12):
        edit(b.state, rnd.randint(0, 4))
        copy = b.state.copy()
        copies.append(copy)
        assert element_keys(copy) == full_keys(copy)
        if round_ % 3 == 1:  # a copy edited on its own, then the original again
            fork = rnd.choice(copies)
            edit(fork, rnd.randint(1, 4))
            assert element_keys(fork) == full_keys(fork)
        assert element_keys(b.state) == full_keys(b.state)
        older = rnd.choice(copies)  # an older copy after newer ones
        assert element_keys(older) == full_keys(older)
