"""A project's baked scene, kept between bakes: each element's mesh, its GLB encoding and its
manifest entry are made once per mesh key; a bake after an edit re-meshes the changed keys
and re-assembles the sceneIR manifest from cached entries.

    scene = Scene()
    result = scene.bake(state, project_id)   # result.fresh: new meshes to store under their key
    glb = scene.model_glb()                  # the whole model at result.seq, when wanted

The whole-model GLB is not part of a bake: it is a bulk download for editors that load a
project cold, assembled after the manifest is out (ADR 0050), so the cost of a bake after one
edit does not grow with the model.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter, ne

from pryzm.geometry.elements import ElementMesh, element_keys, mesh_element
from pryzm.geometry.glb import EncodedMesh, assemble_glb
from pryzm.model.state import State

MANIFEST_FORMAT = "pryzm.sceneir/1"
_ENTRY = attrgetter("entry_json")


@dataclass(frozen=True, slots=True)
class BakedElement:
    mesh: ElementMesh
    encoded: EncodedMesh
    glb: bytes  # this element alone, stored content-addressed under its key
    entry_json: str  # its sceneIR manifest entry


@dataclass(frozen=True)
class SceneBake:
    seq: int
    fresh: list[BakedElement]  # elements meshed by this bake (store their GLB)
    elements: int
    manifest: bytes  # sceneIR JSON


@dataclass
class Scene:
    origin: tuple[float, float, float] | None = None
    baked: dict[str, BakedElement] = field(default_factory=dict)
    _keys: dict[str, str] = field(default_factory=dict)  # element id -> mesh key in `baked`
    _order: list[str] | None = None  # sorted ids of `baked`, None when the set changed

    def bake(self, state: State, project_id: str,
             progress: Callable[[float], None] | None = None) -> SceneBake:
        origin = state.origin or (0.0, 0.0, 0.0)
        if origin != self.origin:  # meshes are relative to the origin: start over
            self.origin, self.baked, self._keys, self._order = origin, {}, {}, None
        keys = element_keys(state)
        for element_id in [e for e in self.baked if e not in keys]:
            del self.baked[element_id], self._keys[element_id]
            self._order = None
        stale = list(compress(keys, map(ne, keys.values(), map(self._keys.get, keys))))
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
        manifest = _manifest(project_id, state, origin,
                             list(map(_ENTRY, map(self.baked.__getitem__, self._ordered()))))
        return SceneBake(state.seq, fresh, len(self.baked), manifest)

    def model_glb(self) -> bytes:
        """The whole model as of the last bake: one node and mesh per element, by id."""
        return assemble_glb([self.baked[e].encoded for e in self._ordered()],
                            self.origin or (0.0, 0.0, 0.0))

    def _ordered(self) -> list[str]:
        if self._order is None:
            self._order = sorted(self.baked)
        return self._order


def model_glb_url(project_id: str, seq: int) -> str:
    return f"/v1/projects/{project_id}/bakes/{seq}/model.glb"


def _entry_json(mesh: ElementMesh) -> str:
    return json.dumps({
        "id": mesh.id, "type": mesh.type, "level_id": mesh.level_id, "mesh": mesh.key,
        "material": mesh.material, "bbox": mesh.bbox, "quantities": mesh.quantities,
        "warnings": list(mesh.warnings)}, separators=(",", ":"))


def _manifest(project_id: str, state: State, origin, entries: list[str]) -> bytes:
    head = {
        "format": MANIFEST_FORMAT,
        "project_id": project_id,
        "seq": state.seq,
        "origin": list(origin),
        "levels": [{"id": lv.id, "name": lv.name, "elevation": lv.elevation,
                    "height": lv.height}
                   for lv in sorted(state.levels.values(), key=lambda lv: (lv.elevation, lv.id))],
        "mesh_url": f"/v1/projects/{project_id}/geom/{{hash}}",
        "glb_url": model_glb_url(project_id, state.seq),
    }
    text = json.dumps(head, separators=(",", ":"))
    return (text[:-1] + ',"elements":[' + ",".join(entries) + "]}").encode()
