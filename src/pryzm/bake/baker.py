"""Bake a project at its newest seq: mesh only elements whose key has no stored mesh, write
the sceneIR manifest and the whole model's GLB, record them as artefacts."""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from pryzm.geometry import ElementMesh, element_keys, encode_glb, mesh_element
from pryzm.model import State
from pryzm.store import artefacts
from pryzm.store import events as event_log
from pryzm.store import snapshots
from pryzm.store.db import Database
from pryzm.store.objects import ObjectStore

MANIFEST_FORMAT = "pryzm.sceneir/1"


def geom_key(mesh_hash: str) -> str:
    return f"geom/{mesh_hash}.glb"


@dataclass
class BakeOutcome:
    seq: int
    manifest_key: str
    manifest_artefact: str
    glb_artefact: str
    elements: int
    meshed: int

    def to_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


class Baker:
    """Keeps each project's state and known meshes between bakes, so a bake after one edit
    reads only the new events and meshes only what changed."""

    def __init__(self, db: Database, objects: ObjectStore, max_projects: int = 32):
        self.db = db
        self.objects = objects
        self._states: OrderedDict[str, State] = OrderedDict()
        self._meshes: OrderedDict[str, dict[str, ElementMesh]] = OrderedDict()
        self._max = max_projects

    async def _state(self, project_id: str) -> State:
        state = (self._states.pop(project_id, None)
                 or await snapshots.latest(self.db, project_id) or State())
        self._states[project_id] = await event_log.replay(self.db, project_id, state)
        while len(self._states) > self._max:
            evicted, _ = self._states.popitem(last=False)
            self._meshes.pop(evicted, None)
        return self._states[project_id]

    async def bake(self, project_id: str, job_id: int | None,
                   progress=None) -> BakeOutcome:
        state = await self._state(project_id)
        snapshot = state.copy()  # the worker may fold newer events while we mesh
        keys = element_keys(snapshot)
        cache = self._meshes.setdefault(project_id, {})
        missing = [eid for eid, key in keys.items()
                   if eid not in cache or cache[eid].key != key]
        origin = snapshot.origin or (0.0, 0.0, 0.0)

        def mesh_all() -> dict[str, ElementMesh]:
            return {eid: mesh_element(snapshot, eid, keys[eid]) for eid in missing}

        fresh = await asyncio.to_thread(mesh_all)
        for eid in list(cache):
            if eid not in keys:
                del cache[eid]
        cache.update(fresh)
        for i, mesh in enumerate(fresh.values()):
            key = geom_key(mesh.key)
            if not await self.objects.exists(key):
                data = await asyncio.to_thread(encode_glb, [mesh], origin)
                await self.objects.put(key, data)
            if progress and i % 200 == 0:
                await progress(0.1 + 0.7 * i / max(len(fresh), 1), "meshing")

        meshes = [cache[eid] for eid in sorted(keys)]
        glb = await asyncio.to_thread(encode_glb, meshes, origin)
        prefix = f"projects/{project_id}/bakes/{snapshot.seq}"
        glb_obj = await self.objects.put(f"{prefix}.glb", glb)
        glb_id = await artefacts.record(self.db, project_id=project_id, job_id=job_id,
                                        seq=snapshot.seq, kind="model_glb", stored=glb_obj,
                                        content_type="model/gltf-binary")
        manifest = build_manifest(project_id, snapshot, meshes, glb_id)
        manifest_obj = await self.objects.put(f"{prefix}.json",
                                              json.dumps(manifest).encode())
        manifest_id = await artefacts.record(
            self.db, project_id=project_id, job_id=job_id, seq=snapshot.seq, kind="manifest",
            stored=manifest_obj, content_type="application/json")
        return BakeOutcome(snapshot.seq, manifest_obj.key, manifest_id, glb_id,
                           len(meshes), len(fresh))


def build_manifest(project_id: str, state: State, meshes: list[ElementMesh],
                   glb_artefact: str) -> dict[str, Any]:
    return {
        "format": MANIFEST_FORMAT,
        "project_id": project_id,
        "seq": state.seq,
        "origin": list(state.origin or (0.0, 0.0, 0.0)),
        "levels": [{"id": lv.id, "name": lv.name, "elevation": lv.elevation,
                    "height": lv.height}
                   for lv in sorted(state.levels.values(), key=lambda lv: (lv.elevation, lv.id))],
        "elements": [{
            "id": m.id, "type": m.type, "level_id": m.level_id, "mesh": m.key,
            "material": m.material, "bbox": m.bbox, "quantities": m.quantities,
            "warnings": list(m.warnings),
        } for m in meshes],
        "mesh_url": f"/v1/projects/{project_id}/geom/{{hash}}",
        "glb_url": f"/v1/projects/{project_id}/artefacts/{glb_artefact}",
    }
