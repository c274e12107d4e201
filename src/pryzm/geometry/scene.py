"""A project's baked scene, kept between bakes: each element's mesh, its GLB encoding and its
manifest entry are made once per mesh key; a bake after an edit re-meshes the changed keys
and says what changed since the scene's previous bake.

    scene = Scene()
    result = scene.bake(state, project_id)   # result.fresh: new meshes to store under their key
                                             # result.delta: the sceneIR delta to announce
    manifest = scene.manifest()              # the whole sceneIR manifest at result.seq
    glb = scene.model_glb()                  # the whole model at result.seq, when wanted

A bake costs what the edit touched: the keys say which elements may have changed since the
scene's last bake (keys.key_changes), and the delta lists only those. The whole manifest and
the whole-model GLB are not part of a bake: they are for clients that open a project, written
after the delta is out (ADR 0050, ADR 0054).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress
from operator import ne
from typing import Any

from pryzm.geometry.elements import ElementMesh, mesh_element
from pryzm.geometry.glb import EncodedMesh, assemble_glb
from pryzm.geometry.keys import Token, key_changes
from pryzm.model.state import State
from pryzm.sceneir import DELTA_FORMAT, MANIFEST_FORMAT, model_glb_url


@dataclass(frozen=True, slots=True)
class BakedElement:
    mesh: ElementMesh
    encoded: EncodedMesh
    glb: bytes  # this element alone, stored content-addressed under its key
    entry_json: str  # its sceneIR manifest entry


@dataclass(frozen=True)
class SceneBake:
    seq: int
    base_seq: int | None  # the bake `delta` is relative to; None: relative to nothing
    fresh: list[BakedElement]  # elements meshed by this bake (store their GLB)
    removed: list[str]  # ids gone since the base
    elements: int
    delta: bytes  # sceneIR delta JSON


@dataclass
class Scene:
    origin: tuple[float, float, float] | None = None
    baked: dict[str, BakedElement] = field(default_factory=dict)
    seq: int | None = None  # of the last bake
    _keys: dict[str, str] = field(default_factory=dict)  # element id -> mesh key in `baked`
    _order: list[str] | None = None  # sorted ids of `baked`, None when the set changed
    _token: Token | None = None  # the keys as of the last bake
    _head: dict[str, Any] = field(default_factory=dict)  # manifest fields of the last bake

    def bake(self, state: State, project_id: str,
             progress: Callable[[float], None] | None = None) -> SceneBake:
        origin = state.origin or (0.0, 0.0, 0.0)
        if origin != self.origin:  # meshes are relative to the origin: start over
            self.origin, self.baked, self._keys, self._order = origin, {}, {}, None
            self.seq = self._token = None
        changes = key_changes(state, self._token)
        keys = changes.keys
        if changes.touched is None:  # anything may have changed: compare every key
            gone = [e for e in self.baked if e not in keys]
            stale = list(compress(keys, map(ne, keys.values(), map(self._keys.get, keys))))
        else:
            gone = sorted(e for e in changes.touched if e not in keys and e in self.baked)
            stale = sorted(e for e, key in keys.items() if self._keys.get(e) != key)
        for element_id in gone:
            del self.baked[element_id], self._keys[element_id]
            self._order = None
        fresh = []
        for i, element_id in enumerate(stale):
            mesh = mesh_element(state, element_id, keys[element_id])
            encoded = EncodedMesh.encode(mesh, origin)
            baked = BakedElement(mesh, encoded, assemble_glb([encoded], origin),
                                 _entry_json(mesh))
            if element_id not in self.baked:
                self._order = None
            self.baked[element_id] = baked
            self._keys[element_id] = mesh.key
            fresh.append(baked)
            if progress and i % 200 == 0:
                progress(i / max(len(stale), 1))
        base, self.seq, self._token = self.seq, state.seq, changes.token
        self._head = _head(project_id, state, origin)
        delta = {"format": DELTA_FORMAT, **self._head, "base_seq": base}
        text = json.dumps(delta, separators=(",", ":"))[:-1]
        entries = ",".join(b.entry_json for b in sorted(fresh, key=lambda b: b.mesh.id))
        delta_json = (f'{text},"changed":[{entries}],'
                      f'"removed":{json.dumps(sorted(gone))}}}').encode()
        return SceneBake(state.seq, base, fresh, sorted(gone), len(self.baked), delta_json)

    def manifest(self) -> bytes:
        """The whole sceneIR manifest as of the last bake."""
        head = json.dumps({"format": MANIFEST_FORMAT, **self._head}, separators=(",", ":"))
        entries = ",".join(self.baked[e].entry_json for e in self._ordered())
        return f'{head[:-1]},"elements":[{entries}]}}'.encode()

    def model_glb(self) -> bytes:
        """The whole model as of the last bake: one node and mesh per element, by id."""
        return assemble_glb([self.baked[e].encoded for e in self._ordered()],
                            self.origin or (0.0, 0.0, 0.0))

    def _ordered(self) -> list[str]:
        if self._order is None:
            self._order = sorted(self.baked)
        return self._order


def _entry_json(mesh: ElementMesh) -> str:
    return json.dumps({
        "id": mesh.id, "type": mesh.type, "level_id": mesh.level_id, "mesh": mesh.key,
        "material": mesh.material, "bbox": mesh.bbox, "quantities": mesh.quantities,
        "warnings": list(mesh.warnings)}, separators=(",", ":"))


def _head(project_id: str, state: State, origin) -> dict[str, Any]:
    return {
        "project_id": project_id,
        "seq": state.seq,
        "origin": list(origin),
        "levels": [{"id": lv.id, "name": lv.name, "elevation": lv.elevation,
                    "height": lv.height}
                   for lv in sorted(state.levels.values(), key=lambda lv: (lv.elevation, lv.id))],
        "mesh_url": f"/v1/projects/{project_id}/geom/{{hash}}",
        "glb_url": model_glb_url(project_id, state.seq),
    }
