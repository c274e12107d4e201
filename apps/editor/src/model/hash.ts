/**
 * The deterministic digest of a model state, equal to the server's `State.hash()`: SHA-256
 * of the canonical JSON `{origin, levels, elements}` (sorted by id, Python's float text).
 * Two clients that folded the same events have the same hash; `seq` is not part of it.
 */

import type { Point2 } from "../net/protocol";
import type { Element, Level, ModelState } from "./elements";
import { PyFloat, pyDumps, type PyValue } from "./pyjson";
import { sha256Hex } from "../util/sha256";

export function stateHash(state: ModelState): string {
  return sha256Hex(canonicalJson(state));
}

export function canonicalJson(state: ModelState): string {
  const byId = <T extends { id: string }>(m: Map<string, T>) => [...m.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return pyDumps({
    origin: state.origin ? state.origin.map(f) : null,
    levels: byId(state.levels).map(levelJson),
    elements: byId(state.elements).map(elementJson),
  });
}

const f = (v: number) => new PyFloat(v);
const point = (p: Point2) => [f(p[0]), f(p[1])];
const ring = (r: Point2[]) => r.map(point);

function levelJson(l: Level): PyValue {
  return { id: l.id, name: l.name, elevation: f(l.elevation), height: f(l.height), kind: "level" };
}

function elementJson(e: Element): PyValue {
  const common = { id: e.id, level_id: e.level_id, material: e.material, properties: e.properties as PyValue, kind: e.kind };
  switch (e.kind) {
    case "wall":
      return {
        ...common,
        start: point(e.start),
        end: point(e.end),
        thickness: f(e.thickness),
        height: f(e.height),
        base_offset: f(e.base_offset),
        alignment: e.alignment,
      };
    case "door":
    case "window":
      return {
        ...common,
        host_id: e.host_id,
        offset: f(e.offset),
        width: f(e.width),
        height: f(e.height),
        sill_height: f(e.sill_height),
        flip: e.flip,
      };
    case "slab":
      return { ...common, boundary: ring(e.boundary), holes: e.holes.map(ring), thickness: f(e.thickness), offset: f(e.offset) };
    case "column":
      return {
        ...common,
        position: point(e.position),
        shape: e.shape,
        width: f(e.width),
        depth: f(e.depth),
        diameter: f(e.diameter),
        rotation: f(e.rotation),
        height: f(e.height),
        base_offset: f(e.base_offset),
      };
    case "reference":
      return {
        ...common,
        origin: e.origin.map(f),
        vertices: e.vertices,
        faces: e.faces,
        edges: e.edges,
        texts: e.texts.map((t) => ({ text: t.text, position: point(t.position), height: f(t.height), rotation: f(t.rotation) })),
        name: e.name,
        source: e.source,
        source_id: e.source_id,
      };
    case "room":
      return {
        ...common,
        boundary: ring(e.boundary),
        name: e.name,
        number: e.number,
        height: e.height === null ? null : f(e.height),
        base_offset: f(e.base_offset),
      };
  }
}
