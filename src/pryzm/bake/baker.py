"""Bake a project at its newest seq: mesh only elements whose key changed (geometry.scene),
store new meshes content-addressed, write the sceneIR delta and record it as an artefact.
What clients that open the project load comes after the delta is announced: the whole
manifest (`store_manifest`, ADR 0054) and the whole-model GLB (`store_model_glb`, ADR 0050)."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pryzm.geometry.scene import Scene
from pryzm.logs import get
from pryzm.model import State
from pryzm.store import artefacts, snapshots
from pryzm.store import events as event_log
from pryzm.store.db import Database
from pryzm.store.objects import ObjectStore

log = get("baker")


def geom_key(mesh_hash: str) -> str:
    return f"geom/{mesh_hash}.glb"


@dataclass
class BakeOutcome:
    seq: int
    base_seq: int | None
    delta_key: str
    delta_artefact: str
    elements: int
    meshed: int
    removed: int

    def to_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


class Baker:
    """Keeps each project's state and baked scene between bakes, so a bake after one edit
    reads only the new events and meshes only what changed."""

    def __init__(self, db: Database, objects: ObjectStore, max_projects: int = 32):
        self.db = db
        self.objects = objects
        self._states: OrderedDict[str, State] = OrderedDict()
        self._scenes: dict[str, Scene] = {}
        self._max = max_projects

    async def _state(self, project_id: str) -> State:
        state = (self._states.pop(project_id, None)
                 or await snapshots.latest(self.db, project_id) or State())
        self._states[project_id] = await event_log.replay(self.db, project_id, state)
        while len(self._states) > self._max:
            evicted, _ = self._states.popitem(last=False)
            self._scenes.pop(evicted, None)
        return self._states[project_id]

    async def bake(self, project_id: str, job_id: int | None, progress=None) -> BakeOutcome:
        state = (await self._state(project_id)).copy()
        scene = self._scenes.setdefault(project_id, Scene())
        result = await asyncio.to_thread(scene.bake, state, project_id)
        if progress:
            await progress(0.6, "storing meshes")
        for element in result.fresh:
            key = geom_key(element.mesh.key)
            if not await self.objects.exists(key):
                await self.objects.put(key, element.glb)
        delta = await self.objects.put(f"{_prefix(project_id, result.seq)}.delta.json",
                                       result.delta)
        delta_id = await artefacts.record(
            self.db, project_id=project_id, job_id=job_id, seq=result.seq,
            kind="manifest_delta", stored=delta, content_type="application/json")
        return BakeOutcome(result.seq, result.base_seq, delta.key, delta_id, result.elements,
                           len(result.fresh), len(result.removed))

    async def store_manifest(self, project_id: str, seq: int, job_id: int | None) -> str:
        """Write the whole manifest of the bake of `seq` just made; returns its artefact id."""
        scene = self._scenes[project_id]
        return await self._store_whole(project_id, seq, job_id, scene.manifest, "manifest",
                                       ".json", "application/json")

    async def store_model_glb(self, project_id: str, seq: int, job_id: int | None) -> str:
        """Write the whole-model GLB of the bake of `seq` just made; returns its artefact id."""
        scene = self._scenes[project_id]
        return await self._store_whole(project_id, seq, job_id, scene.model_glb, "model_glb",
                                       ".glb", "model/gltf-binary")

    async def _store_whole(self, project_id: str, seq: int, job_id: int | None,
                           make: Callable[[], bytes], kind: str, suffix: str,
                           content_type: str) -> str:
        data = await asyncio.to_thread(make)
        stored = await self.objects.put(f"{_prefix(project_id, seq)}{suffix}", data)
        return await artefacts.record(self.db, project_id=project_id, job_id=job_id, seq=seq,
                                      kind=kind, stored=stored, content_type=content_type)

    async def prune(self, project_id: str, keep: int) -> int:
        """Delete the project's bakes before its newest `keep` (rows first: an object left
        behind by a failed delete is only litter, a row without its object would be a 404).
        Meshes (`geom/`) are shared and content-addressed, and stay. Nothing is deleted while
        a backup is being taken (the next bake prunes instead): its dump would name objects
        its copy no longer finds."""
        async with artefacts.pruning_allowed(self.db) as allowed:
            if not allowed:
                log.info("prune postponed: a backup is being taken", project=project_id)
                return 0
            keys = await artefacts.prune_bakes(self.db, project_id, keep)
            for key in keys:
                await self.objects.delete(key)
            return len(keys)


def _prefix(project_id: str, seq: int) -> str:
    return f"projects/{project_id}/bakes/{seq}"
