/**
 * A `baked` frame carries a delta: what the bake changed since the bake at `base_seq`. A
 * client that shows that bake patches its manifest; any other asks for the whole manifest.
 */

import type { Manifest, ManifestDelta, ManifestElement } from "../net/protocol";

export const MANIFEST_FORMAT = "pryzm.sceneir/1";

/** The manifest at `delta.seq`, from `base` (the manifest at `delta.base_seq`), or null when
 * `base` is not the delta's base. A delta without a base holds every element. */
export function patchManifest(base: Manifest | null, delta: ManifestDelta): Manifest | null {
  if (delta.base_seq !== null && base?.seq !== delta.base_seq) return null;
  const elements = new Map<string, ManifestElement>();
  if (delta.base_seq !== null && base) for (const e of base.elements) elements.set(e.id, e);
  for (const id of delta.removed) elements.delete(id);
  for (const e of delta.changed) elements.set(e.id, e);
  const ids = [...elements.keys()].sort();
  return {
    format: MANIFEST_FORMAT,
    project_id: delta.project_id,
    seq: delta.seq,
    origin: delta.origin,
    levels: delta.levels,
    mesh_url: delta.mesh_url,
    glb_url: delta.glb_url,
    elements: ids.map((id) => elements.get(id)!),
  };
}
