"""A project's baked scene, kept between bakes: each element's mesh, its GLB encoding and its
manifest entry are made once per mesh key; a bake after an edit re-meshes the changed keys
and re-assembles the model GLB and the sceneIR manifest from cached pieces.

    scene = Scene()
    result = scene.bake(state, project_id)   # result.fresh: new meshes to store under their key
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from pryzm.geometry.elements import ElementMesh, element_keys, mesh_element
from pryzm.geometry.glb import EncodedMesh, assemble_glb
from pryzm.model.state import State

MANIFEST_FORMAT = "pryzm.sceneir/1"


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
    glb: bytes  # the whole model
    manifest: bytes  # sceneIR JSON


@dataclass
class Scene:
    origin: tuple[float, float, float] | None = None
    baked: dict[str, BakedElement] = field(default_factory=dict)

    def bake(self, state: State, project_id: str,
             progress: Callable[[float], None] | None = None) -> SceneBake:
        origin = state.origin or (0.0, 0.0, 0.0)
        if origin != self.origin:  # meshes are relative to the origin: start over
            self.origin, self.baked = origin, {}
        keys = element_keys(state)
        for element_id in [e for e in self.baked if e not in keys]:
            del self.baked[element_id]
        stale = [e for e, k in keys.items()
                 if e not in self.baked or self.baked[e].mesh.key != k]
        fresh = []
        for i, element_id in enumerate(stale):
            mesh = mesh_element(state, element_id, keys[element_id])
            encoded = EncodedMesh.encode(mesh, origin)
            baked = BakedElement(mesh, encoded, assemble_glb([encoded], origin),
                                 _entry_json(mesh))
            self.baked[element_id] = baked
            fresh.append(baked)
            if progress and i % 200 == 0:
                progress(i / max(len(stale), 1))
        ordered = [self.baked[e] for e in sorted(self.baked)]
        glb = assemble_glb([b.encoded for b in ordered], origin)
        manifest = _manifest(project_id, state, origin, [b.entry_json for b in ordered])
        return SceneBake(state.seq, fresh, len(ordered), glb, manifest)


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
