"""Mesh specs and keys, kept up to date incrementally.

An element's *spec* is a JSON-ready dict of everything that shapes its mesh and its GLB: its
own parameters, its level's elevation, and for a wall its joined ends (from its neighbours)
and its openings; for an opening its host's frame. The key is a hash of the spec, so equal
keys mean equal meshes, and a mesh is built from its spec alone.

`element_keys` remembers, per model (a few models at a time), the element values it last
saw, their specs and keys, and an STRtree of wall footprints. A call diffs the state against
that (by identity, then by value) and recomputes only the specs of changed elements and of
those that depend on them: walls within `JOIN_TOLERANCE` of a changed wall (before and after
the change), a changed wall's openings, a changed opening's host, and everything on a
changed level. Every other key is reused, so rebaking after one edit costs the edit, not the
model. The diff is exact, so picking the wrong remembered model only costs a full pass.

`key_changes(state, token)` is the same, told only what may have changed since an earlier
call (its `token`): each remembered model logs the ids each update touched, so a caller that
keeps its own keys (the bake's scene) pays for the edit, not for the model's size.

Which elements changed since the state a remembered model mirrors comes from the model's
own journal (`State.elements` is an `ElementMap`, which notes each id it changes, shared
with its copies) when the state is of that model's line; otherwise every element is
compared (by identity first, at C speed).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
from collections import defaultdict, deque
from dataclasses import dataclass
from itertools import compress
from operator import is_not
from typing import Any

import numpy as np
import shapely

from pryzm.geometry.columns import column_spec
from pryzm.geometry.failed import failed_spec
from pryzm.geometry.joins import JOIN_TOLERANCE
from pryzm.geometry.openings import opening_spec
from pryzm.geometry.reference import reference_spec
from pryzm.geometry.rooms import room_spec
from pryzm.geometry.slabs import slab_spec
from pryzm.geometry.walls import footprint, wall_spec
from pryzm.model.state import OPENING_KINDS, Element, ElementMap, State

# Bump when the meshing code changes what it produces for the same inputs.
GEOMETRY_VERSION = 2

_MAX_MODELS = 8  # models remembered at once (a bake worker serves several projects)
_LOG_KEPT = 256  # updates each model remembers the touched ids of
_LOCK = threading.Lock()
_MODELS: list[_Index] = []
_INDEX_IDS = itertools.count(1)

Token = tuple[int, int]  # (remembered model, its version)


@dataclass(frozen=True, slots=True)
class KeyChanges:
    """The keys of a state as far as they may differ from those seen at an earlier token."""

    touched: frozenset[str] | None  # ids whose key may differ or that are gone; None: any
    keys: dict[str, str]  # the key of each touched id still in the state (every id if None)
    token: Token  # pass it to the next call


def element_keys(state: State) -> dict[str, str]:
    """The mesh key of every element: equal keys mean equal meshes."""
    with _LOCK:
        keys = _index_for(state).update(state)
        return dict(zip(state.elements, map(keys.__getitem__, state.elements), strict=True))


def key_changes(state: State, token: Token | None = None) -> KeyChanges:
    """What may have changed in the keys of `state` since the call that returned `token`."""
    with _LOCK:
        index = _index_for(state)
        index.update(state)
        touched = index.touched_since(token)
        if touched is None:
            keys = dict(zip(state.elements, map(index.keys.__getitem__, state.elements),
                            strict=True))
        else:
            keys = {i: index.keys[i] for i in touched if i in state.elements}
        return KeyChanges(touched, keys, (index.uid, index.version))


def spec_for(state: State, element_id: str, key: str | None = None) -> tuple[dict, str]:
    """The spec of one element of `state` and its key (`key`, if it is still current)."""
    with _LOCK:
        if key is not None:
            for index in _MODELS:
                if index.keys.get(element_id) == key:
                    return index.specs[element_id], key
        index = _index_for(state)
        index.update(state)
        return index.specs[element_id], index.keys[element_id]


def forget() -> None:
    """Drop every remembered model (the next `element_keys` is a full pass)."""
    with _LOCK:
        _MODELS.clear()


def key_of(spec: dict[str, Any]) -> str:
    text = json.dumps([GEOMETRY_VERSION, spec], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _index_for(state: State) -> _Index:
    journal = getattr(state.elements, "journal", None)
    for n, index in enumerate(_MODELS):  # the one that mirrors this model's line
        if journal is not None and index.journal is journal:
            _MODELS.insert(0, _MODELS.pop(n))
            return index
    sample = list(itertools.islice(state.elements, 16))
    scores = [sum(i in index.elements for i in sample) for index in _MODELS]
    best = max(scores, default=0)
    index = _MODELS.pop(scores.index(best)) if best > 0 else _Index()
    _MODELS.insert(0, index)
    del _MODELS[_MAX_MODELS:]
    return index


def _same(a: Any, b: Any) -> bool:
    return a is b or (a is not None and a == b)


class _Index:
    """What element_keys knows about one model."""

    def __init__(self) -> None:
        self.uid = next(_INDEX_IDS)
        self.journal: list[str] | None = None  # the model's journal and how far it is mirrored
        self.mark = 0
        self.version = 0  # one more after each update that changed something
        self.floor = 0  # what changed up to this version is not logged (a full pass)
        self.log: deque[tuple[int, frozenset[str]]] = deque(maxlen=_LOG_KEPT)
        self._clear()

    def touched_since(self, token: Token | None) -> frozenset[str] | None:
        """The ids touched by the updates after `token`, or None when that is not known."""
        if token is None or token[0] != self.uid or token[1] < self.floor:
            return None
        since = token[1]
        if since >= self.version:
            return frozenset()
        if not self.log or self.log[0][0] > since + 1:
            return None
        return frozenset().union(*(ids for version, ids in self.log if version > since))

    def _clear(self) -> None:
        self.levels: dict[str, Any] = {}
        self.elements: dict[str, Element] = {}
        self.by_level: dict[str, set[str]] = defaultdict(set)
        self.hosted: dict[str, set[str]] = defaultdict(set)
        self.walls = _WallIndex()
        self.specs: dict[str, dict[str, Any]] = {}
        self.keys: dict[str, str] = {}

    def update(self, state: State) -> dict[str, str]:
        elements = state.elements
        # The ids the model's journal says changed since the state this index mirrors (what
        # an edit costs); else every element: identity first, at C speed (an edit replaces
        # only the elements it changes), then value equality for the few that differ.
        touched = elements.touched_since(self.journal, self.mark) \
            if isinstance(elements, ElementMap) else None
        if touched is not None:
            changed = [i for i in touched if not _same(self.elements.get(i), elements.get(i))]
        else:
            maybe = compress(elements, map(is_not, elements.values(),
                                           map(self.elements.get, elements)))
            changed = [i for i in maybe if not _same(self.elements.get(i), elements[i])]
            changed += list(self.elements.keys() - elements.keys())
        self.journal = getattr(elements, "journal", None)
        self.mark = getattr(elements, "mark", 0)
        levels = [i for i in self.levels.keys() | state.levels.keys()
                  if not _same(self.levels.get(i), state.levels.get(i))]
        if not changed and not levels:
            return self.keys
        full = len(changed) > max(64, len(elements) // 4)
        self.version += 1
        if full:
            self._clear()
            self.floor = self.version
            self.log.clear()
            changed = list(elements)
            levels = list(state.levels)
        touched = set(changed)
        dirty, old_rects = self._refile(state, changed)
        if not full:
            dirty |= self.walls.near(old_rects, JOIN_TOLERANCE)  # neighbours before the change
            dirty |= self.walls.near([self.walls.rects[i] for i in changed
                                      if i in self.walls.rects], JOIN_TOLERANCE)
        for level_id in levels:
            dirty |= self.by_level.get(level_id, set())
            if level_id in state.levels:
                self.levels[level_id] = state.levels[level_id]
            else:
                self.levels.pop(level_id, None)
        respecced = [i for i in dirty if i in elements]
        self._respec(state, respecced)
        if not full:
            self.log.append((self.version, frozenset(touched.union(respecced))))
        return self.keys

    def _refile(self, state: State, changed: list[str]) -> tuple[set[str], list[np.ndarray]]:
        """Swap the changed elements into the index. Returns the ids whose spec must be redone
        and the footprints the changed walls had before."""
        dirty: set[str] = set()
        old_rects: list[np.ndarray] = []
        for element_id in changed:
            old, new = self.elements.get(element_id), state.elements.get(element_id)
            for element in (old, new):
                if element is not None and element.kind in OPENING_KINDS:
                    dirty.add(element.host_id)
            if old is not None:
                self.by_level[old.level_id].discard(element_id)
                if old.kind in OPENING_KINDS:
                    self.hosted[old.host_id].discard(element_id)
                if old.kind == "wall":
                    old_rects.append(self.walls.remove(element_id))
                del self.elements[element_id]
                self.specs.pop(element_id, None)
                self.keys.pop(element_id, None)
            if new is not None:
                self.elements[element_id] = new
                self.by_level[new.level_id].add(element_id)
                if new.kind in OPENING_KINDS:
                    self.hosted[new.host_id].add(element_id)
                if new.kind == "wall":
                    self.walls.put(element_id, footprint(new))
                dirty.add(element_id)
            if "wall" in (getattr(old, "kind", None), getattr(new, "kind", None)):
                dirty |= self.hosted.get(element_id, set())
        return dirty, old_rects

    def _respec(self, state: State, ids: list[str]) -> None:
        walls = [i for i in ids if state.elements[i].kind == "wall"]
        neighbours = self._neighbours(state, walls)
        for element_id in ids:
            element = state.elements[element_id]
            level = state.levels[element.level_id]
            try:
                spec = self._spec(state, element, level, neighbours)
            except Exception as exc:  # one element's fault must not stop the project's bake
                spec = failed_spec(state, element, level, exc)
            self.specs[element_id] = spec
            self.keys[element_id] = key_of(spec)

    def _spec(self, state: State, element: Element, level, neighbours) -> dict[str, Any]:
        kind = element.kind
        if kind == "wall":
            openings = [state.elements[o] for o in self.hosted.get(element.id, ())]
            return wall_spec(element, level, neighbours[element.id], openings)
        if kind in OPENING_KINDS:
            host = state.elements[element.host_id]
            return opening_spec(element, host, state.levels[host.level_id])
        if kind == "slab":
            return slab_spec(element, level)
        if kind == "column":
            return column_spec(element, level)
        if kind == "reference":
            return reference_spec(element, level)
        return room_spec(element, level)

    def _neighbours(self, state: State, walls: list[str]) -> dict[str, list]:
        """For each wall, the walls on its level whose body is near one of its endpoints."""
        found: dict[str, list] = {i: [] for i in walls}
        if not walls:
            return found
        ends = [p for i in walls for p in (state.elements[i].start, state.elements[i].end)]
        seen = set()
        for point, other_id in self.walls.near_points(ends, JOIN_TOLERANCE):
            wall_id = walls[point // 2]
            if other_id == wall_id or (wall_id, other_id) in seen:
                continue
            other = state.elements[other_id]
            if other.level_id == state.elements[wall_id].level_id:
                seen.add((wall_id, other_id))
                found[wall_id].append(other)
        return found


class _WallIndex:
    """Wall footprints and a spatial index over them that an edit updates in O(1): an STRtree
    built over a snapshot, plus the few footprints changed since (checked one by one). The
    tree is rebuilt when the changes outnumber `REBUILD_AFTER`, so an edit never pays for
    rebuilding the tree of the whole model."""

    REBUILD_AFTER = 64

    def __init__(self) -> None:
        self.rects: dict[str, np.ndarray] = {}
        self._tree: shapely.STRtree | None = None
        self._tree_ids: list[str] = []
        self._stale: set[str] = set()  # in the tree, but changed or removed since it was built
        self._fresh: dict[str, np.ndarray] = {}  # current footprints not (truly) in the tree

    def put(self, wall_id: str, rect: np.ndarray) -> None:
        self.rects[wall_id] = rect
        self._stale.add(wall_id)
        self._fresh[wall_id] = rect

    def remove(self, wall_id: str) -> np.ndarray:
        self._stale.add(wall_id)
        self._fresh.pop(wall_id, None)
        return self.rects.pop(wall_id)

    def _current(self) -> None:
        if self._tree is None or len(self._stale) > self.REBUILD_AFTER:
            self._tree_ids = list(self.rects)
            self._tree = shapely.STRtree(shapely.polygons(
                np.stack([self.rects[i] for i in self._tree_ids]))) if self._tree_ids else None
            self._stale, self._fresh = set(), {}

    def _pairs(self, geometries: np.ndarray, distance: float) -> list[tuple[int, str]]:
        """(index into `geometries`, wall id) for every wall within `distance` of one."""
        self._current()
        pairs: list[tuple[int, str]] = []
        if self._tree is not None:
            found, hits = self._tree.query(geometries, predicate="dwithin", distance=distance)
            pairs += [(g, self._tree_ids[h]) for g, h in zip(found.tolist(), hits.tolist(),
                                                             strict=True)
                      if self._tree_ids[h] not in self._stale]
        if self._fresh:
            ids = list(self._fresh)
            fresh = shapely.polygons(np.stack([self._fresh[i] for i in ids]))
            near = shapely.dwithin(geometries[:, None], fresh[None, :], distance)
            pairs += [(int(g), ids[h]) for g, h in zip(*np.nonzero(near), strict=True)]
        return pairs

    def near(self, rects: list[np.ndarray], distance: float) -> set[str]:
        """Ids of the walls within `distance` of any of the footprints `rects`."""
        if not rects:
            return set()
        return {wall_id for _, wall_id in self._pairs(shapely.polygons(np.stack(rects)),
                                                      distance)}

    def near_points(self, points: list, distance: float) -> list[tuple[int, str]]:
        """(index of the point, wall id) for every wall body within `distance` of a point."""
        return sorted(self._pairs(shapely.points(np.asarray(points, dtype=np.float64)),
                                  distance))


def full_keys(state: State) -> dict[str, str]:
    """The keys computed from scratch, bypassing the remembered models (for checks)."""
    return dict(_Index().update(state))
