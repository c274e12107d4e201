"""batch: atomic groups of commands."""

from pryzm.model import Rejection, apply_all, decide
from pryzm.model.testing import ModelBuilder


def test_batch_returns_the_events_of_every_sub_command_in_order():
    b = ModelBuilder()
    b.level()
    wall, door = b.new_id(), b.new_id()
    events = b.do({"type": "batch", "commands": [
        {"type": "place_wall", "id": wall, "level_id": b.level_id, "start": [0, 0],
         "end": [4, 0]},
        {"type": "place_opening", "id": door, "host_id": wall, "kind": "door", "offset": 1},
        {"type": "set_properties", "id": door, "psets": {"P": {"x": 1}}},
    ]})
    assert [e.type for e in events] == ["place_wall", "place_opening", "set_properties"]
    assert b.state.elements[door].properties == {"P": {"x": 1}}


def test_batch_is_all_or_nothing():
    b = ModelBuilder()
    b.level()
    before = b.state.hash()
    wall = b.new_id()
    result = decide(b.state, {"type": "batch", "commands": [
        {"type": "place_wall", "id": wall, "level_id": b.level_id, "start": [0, 0],
         "end": [4, 0]},
        {"type": "place_opening", "id": b.new_id(), "host_id": wall, "kind": "door",
         "offset": 3.5},
    ]})
    assert isinstance(result, Rejection)
    assert result.code == "opening_outside_host"
    assert result.details["index"] == 1
    assert result.message.startswith("batch command 1 (place_opening): ")
    assert b.state.hash() == before and wall not in b.state.elements


def test_batch_sub_commands_are_parsed_and_validated():
    b = ModelBuilder()
    result = decide(b.state, {"type": "batch", "commands": [{"type": "nope"}]})
    assert result.code == "unknown_command" and result.details["index"] == 0
    assert decide(b.state, {"type": "batch", "commands": []}).code == "invalid_command"


def test_nested_batches_flatten():
    b = ModelBuilder()
    b.level()
    ids = [b.new_id() for _ in range(3)]
    walls = [{"type": "place_wall", "id": i, "level_id": b.level_id, "start": [0, n],
              "end": [4, n]} for n, i in enumerate(ids)]
    events = decide(b.state, {"type": "batch", "commands": [
        walls[0], {"type": "batch", "commands": walls[1:]}]})
    assert [e.data["id"] for e in events] == ids
    apply_all(b.state, events)
    assert set(ids) <= set(b.state.elements)


def test_batch_undo_step_delete_and_replace():
    """An undo step: delete a wall (and its door) and place it back, one batch."""
    b = ModelBuilder()
    wall = b.wall((0, 0), (4, 0))
    b.opening(wall, offset=1)
    b.do({"type": "batch", "commands": [
        {"type": "delete_elements", "ids": [wall]},
        {"type": "place_wall", "id": wall, "level_id": b.level_id, "start": [0, 0],
         "end": [5, 0]},
    ]})
    assert b.state.elements[wall].end == (5, 0)
    assert len(b.state.elements) == 1


def test_a_nested_failure_says_where_it_is():
    b = ModelBuilder()
    b.level()
    wall = {"type": "place_wall", "id": b.new_id(), "level_id": b.level_id, "start": [0, 0],
            "end": [4, 0]}
    bad = {"type": "place_wall", "id": b.new_id(), "level_id": b.new_id(), "start": [0, 0],
           "end": [4, 0]}
    result = decide(b.state, {"type": "batch", "commands": [
        wall, {"type": "batch", "commands": [dict(wall, id=b.new_id()), bad]}]})
    assert result.code == "unknown_level"
    assert result.details["index"] == 1 and result.details["path"] == [1, 1]
    assert result.details["level_id"] == bad["level_id"]


def test_batches_nest_at_most_16_deep():
    b = ModelBuilder()
    level = b.level()

    def nested(depth: int) -> dict:
        command = {"type": "place_wall", "id": b.new_id(), "level_id": level,
                   "start": [0, 0], "end": [4, 0]}
        for _ in range(depth):
            command = {"type": "batch", "commands": [command]}
        return command

    assert not isinstance(decide(b.state, nested(16)), Rejection)
    too_deep = decide(b.state, nested(17))
    assert isinstance(too_deep, Rejection) and too_deep.code == "invalid_command"
    assert "16 deep" in too_deep.message
    assert isinstance(decide(b.state, nested(5000)), Rejection)  # no RecursionError
