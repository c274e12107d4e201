"""The state: deterministic hash, replicas, snapshots."""

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from pryzm.model import Event, Rejection, State, apply, decide
from pryzm.model.testing import ModelBuilder, random_command


def _random_history(seed: int, steps: int) -> ModelBuilder:
    b = ModelBuilder(seed=seed % 1000)
    rnd = random.Random(seed)
    for _ in range(steps):
        result = decide(b.state, random_command(b.state, rnd, b.new_id))
        if not isinstance(result, Rejection):
            for event in result:
                apply(b.state, event)
                b.events.append(event)
    return b


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), steps=st.integers(1, 40))
def test_replicas_that_apply_the_same_events_have_the_same_hash(seed, steps):
    b = _random_history(seed, steps)
    replica = State()
    for event in b.events:  # as they come over the wire
        apply(replica, Event.parse(json.loads(json.dumps(event.to_json()))))
    assert replica.hash() == b.state.hash()
    assert replica.seq == b.state.seq == len(b.events)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), steps=st.integers(2, 40))
def test_a_snapshot_plus_the_rest_of_the_log_is_the_same_state(seed, steps):
    b = _random_history(seed, steps)
    cut = len(b.events) // 2
    replica = State()
    for event in b.events[:cut]:
        apply(replica, event)
    snapshot = json.loads(json.dumps(replica.to_json()))
    restored = State.from_json(snapshot, seq=replica.seq)
    for event in b.events[cut:]:
        apply(restored, event)
    assert restored.hash() == b.state.hash()


def test_hash_ignores_insertion_order_and_sees_every_field():
    a, b = ModelBuilder(), ModelBuilder()
    a.level()
    lb = b.level()
    w1, w2 = a.new_id(), a.new_id()
    a.wall((0, 0), (1, 0), id=w1)
    a.wall((0, 1), (1, 1), id=w2)
    b.wall((0, 1), (1, 1), id=w2, level_id=lb)
    b.wall((0, 0), (1, 0), id=w1, level_id=lb)
    assert a.state.hash() == b.state.hash()
    b.do({"type": "update_wall", "id": w1, "alignment": "left"})
    assert a.state.hash() != b.state.hash()


def test_copy_is_independent():
    b = ModelBuilder()
    wall = b.wall((0, 0), (1, 0))
    copy = b.state.copy()
    b.do({"type": "delete_elements", "ids": [wall]})
    assert wall in copy.elements


def test_a_models_journal_tells_what_changed_and_a_changed_copy_starts_its_own():
    b = ModelBuilder()
    b.level()
    first = b.wall((0, 0), (4, 0))
    elements = b.state.elements
    journal, mark = elements.journal, elements.mark
    second = b.wall((0, 2), (4, 2))
    b.move([first], (0.5, 0.0))
    assert elements.touched_since(journal, mark) == {first, second}
    copy = b.state.copy()
    assert copy.elements.journal is journal and copy.elements.touched_since(journal, mark) == {
        first, second}
    # The copy, once changed, starts a journal of its own; the original keeps its journal.
    copy.elements.pop(first)
    b.move([second], (0.5, 0.0))
    assert copy.elements.journal is not journal
    assert copy.elements.touched_since(journal, mark) is None
    assert elements.touched_since(journal, mark) == {first, second}
    assert first in b.state.elements and first not in copy.elements
