"""Pure geometry: element meshes from the model state, and their encodings (GLB, sceneIR).

    element_keys(state)          -> {element_id: key}   what shapes each element, hashed
    mesh_element(state, id)      -> ElementMesh          the element's solid, model coordinates
    encode_glb(meshes, origin)   -> bytes                glTF binary, y up, relative to origin
"""

from pryzm.geometry.elements import ElementMesh, element_keys, mesh_element
from pryzm.geometry.glb import encode_glb

__all__ = ["ElementMesh", "element_keys", "encode_glb", "mesh_element"]
