"""Pure geometry: element meshes from the model state, and their encodings (GLB, sceneIR).

    element_keys(state)          -> {element_id: key}   what shapes each element, hashed
    mesh_element(state, id, key) -> ElementMesh          the element's solid, model coordinates
    encode_glb(meshes, origin)   -> bytes                glTF binary, y up, relative to origin

Modules: keys (specs, keys, the incremental index), joins (wall ends), walls, openings,
slabs, columns, rooms (spec -> mesh per kind), solids (prisms, boxes, booleans), glb.
"""

from pryzm.geometry.elements import ElementMesh, element_keys, mesh_element
from pryzm.geometry.glb import encode_glb

__all__ = ["ElementMesh", "element_keys", "encode_glb", "mesh_element"]
