/**
 * Folding one event into a `ModelState`, for every event type of docs/model/commands.md, the
 * way `pryzm.model` applies it. Events are normalised commands (defaults filled in by the
 * server); defaults are filled here too so that a client-made event folds the same way.
 * An event that no longer fits the state (an unknown id) changes nothing.
 */

import type { ModelEvent, Point2, Point3, PropertySets, PropertyValue } from "../net/protocol";
import { isOpening, type Element, type ModelState } from "./elements";
import { pyRound } from "./pyjson";

export function foldEvent(state: ModelState, e: ModelEvent): void {
  switch (e.type) {
    case "create_level":
      state.levels.set(e.id, { id: e.id, name: e.name, elevation: e.elevation ?? 0, height: e.height ?? 3 });
      return;
    case "update_level": {
      const level = state.levels.get(e.id);
      if (level) state.levels.set(e.id, { ...level, ...defined({ name: e.name, elevation: e.elevation, height: e.height }) });
      return;
    }
    case "delete_level":
      for (const el of [...state.elements.values()]) if (el.level_id === e.id) state.elements.delete(el.id);
      state.levels.delete(e.id);
      return;
    case "place_wall":
      fixOrigin(state, e.start, e.level_id);
      state.elements.set(e.id, {
        kind: "wall",
        id: e.id,
        level_id: e.level_id,
        start: pt(e.start),
        end: pt(e.end),
        thickness: e.thickness ?? 0.2,
        height: e.height ?? 3,
        base_offset: e.base_offset ?? 0,
        material: e.material ?? "concrete",
        alignment: e.alignment ?? "center",
        properties: {},
      });
      return;
    case "update_wall": {
      const wall = state.elements.get(e.id);
      if (wall?.kind !== "wall") return;
      const { type: _t, id: _id, ...changes } = e;
      const next = { ...wall, ...defined(changes) };
      next.start = pt(next.start);
      next.end = pt(next.end);
      state.elements.set(e.id, next);
      if (changes.level_id !== undefined && changes.level_id !== null) {
        for (const o of state.openingsOf(e.id)) state.elements.set(o.id, { ...o, level_id: next.level_id });
      }
      return;
    }
    case "place_opening": {
      const host = state.elements.get(e.host_id);
      if (!host) return;
      const d = OPENING_DEFAULTS[e.kind];
      state.elements.set(e.id, {
        kind: e.kind,
        id: e.id,
        host_id: e.host_id,
        level_id: host.level_id,
        offset: e.offset,
        width: e.width ?? d.width,
        height: e.height ?? d.height,
        sill_height: e.sill_height ?? d.sill_height,
        flip: e.flip ?? false,
        material: e.material ?? d.material,
        properties: {},
      });
      return;
    }
    case "update_opening": {
      const o = state.elements.get(e.id);
      if (!isOpening(o)) return;
      const { type: _t, id: _id, ...changes } = e;
      state.elements.set(e.id, { ...o, ...defined(changes) });
      return;
    }
    case "place_slab": {
      const boundary = openRing(e.boundary);
      if (boundary.length) fixOrigin(state, boundary[0]!, e.level_id);
      state.elements.set(e.id, {
        kind: "slab",
        id: e.id,
        level_id: e.level_id,
        boundary,
        holes: (e.holes ?? []).map(openRing),
        thickness: e.thickness ?? 0.2,
        offset: e.offset ?? 0,
        material: e.material ?? "concrete",
        properties: {},
      });
      return;
    }
    case "update_slab": {
      const slab = state.elements.get(e.id);
      if (slab?.kind !== "slab") return;
      const { type: _t, id: _id, ...changes } = e;
      const next = { ...slab, ...defined(changes) };
      state.elements.set(e.id, { ...next, boundary: openRing(next.boundary), holes: next.holes.map(openRing) });
      return;
    }
    case "update_column": {
      const column = state.elements.get(e.id);
      if (column?.kind !== "column") return;
      const { type: _t, id: _id, ...changes } = e;
      const next = { ...column, ...defined(changes) };
      state.elements.set(e.id, { ...next, position: pt(next.position) });
      return;
    }
    case "update_room": {
      const room = state.elements.get(e.id);
      if (room?.kind !== "room") return;
      const { type: _t, id: _id, ...changes } = e;
      const next = { ...room, ...defined(changes) };
      state.elements.set(e.id, { ...next, boundary: openRing(next.boundary) });
      return;
    }
    case "place_column":
      fixOrigin(state, e.position, e.level_id);
      state.elements.set(e.id, {
        kind: "column",
        id: e.id,
        level_id: e.level_id,
        position: pt(e.position),
        shape: e.shape ?? "rect",
        width: e.width ?? 0.3,
        depth: e.depth ?? 0.3,
        diameter: e.diameter ?? 0.3,
        rotation: e.rotation ?? 0,
        height: e.height ?? 3,
        base_offset: e.base_offset ?? 0,
        material: e.material ?? "concrete",
        properties: {},
      });
      return;
    case "place_room": {
      const boundary = openRing(e.boundary);
      if (boundary.length) fixOrigin(state, boundary[0]!, e.level_id);
      state.elements.set(e.id, {
        kind: "room",
        id: e.id,
        level_id: e.level_id,
        boundary,
        name: e.name ?? "Room",
        number: e.number ?? "",
        height: e.height ?? null,
        base_offset: e.base_offset ?? 0,
        material: "room",
        properties: {},
      });
      return;
    }
    case "place_reference":
      fixOrigin(state, [e.origin[0], e.origin[1]], e.level_id);
      state.elements.set(e.id, {
        kind: "reference",
        id: e.id,
        level_id: e.level_id,
        origin: [e.origin[0], e.origin[1], e.origin[2]],
        vertices: e.vertices,
        faces: e.faces ?? "",
        edges: e.edges ?? "",
        texts: (e.texts ?? []).map((t) => ({ text: t.text, position: pt(t.position), height: t.height ?? 0.25, rotation: t.rotation ?? 0 })),
        name: e.name ?? "",
        source: e.source ?? "",
        source_id: e.source_id ?? "",
        material: e.material ?? "reference",
        properties: {},
      });
      return;
    case "delete_elements":
      for (const id of e.ids) state.elements.delete(id);
      return;
    case "move_elements":
      moveElements(state, e.ids, e.delta);
      return;
    case "set_properties": {
      const el = state.elements.get(e.id);
      if (el) state.elements.set(el.id, { ...el, properties: mergeProperties(el.properties, e.psets) } as Element);
      return;
    }
    default:
      return; // an event type this client does not know: the seq still advances
  }
}

export const OPENING_DEFAULTS = {
  door: { width: 0.9, height: 2.1, sill_height: 0, material: "timber" },
  window: { width: 1.2, height: 1.2, sill_height: 0.9, material: "glass" },
} as const;

function moveElements(state: ModelState, ids: string[], [dx, dy]: Point2): void {
  const moving = new Set(ids);
  const before = new Map(ids.map((id) => [id, state.elements.get(id)]));
  for (const id of ids) {
    const el = before.get(id);
    if (!el) continue;
    let next: Element;
    switch (el.kind) {
      case "wall":
        next = { ...el, start: [el.start[0] + dx, el.start[1] + dy], end: [el.end[0] + dx, el.end[1] + dy] };
        break;
      case "door":
      case "window": {
        if (moving.has(el.host_id)) continue; // it rides on its host
        const host = before.get(el.host_id) ?? state.elements.get(el.host_id);
        if (host?.kind !== "wall") continue;
        const len = Math.hypot(host.end[0] - host.start[0], host.end[1] - host.start[1]);
        const ux = (host.end[0] - host.start[0]) / len;
        const uy = (host.end[1] - host.start[1]) / len;
        next = { ...el, offset: el.offset + dx * ux + dy * uy };
        break;
      }
      case "column":
        next = { ...el, position: [el.position[0] + dx, el.position[1] + dy] };
        break;
      case "slab":
        next = { ...el, boundary: shift(el.boundary, dx, dy), holes: el.holes.map((h) => shift(h, dx, dy)) };
        break;
      case "room":
        next = { ...el, boundary: shift(el.boundary, dx, dy) };
        break;
      case "reference":
        next = { ...el, origin: [el.origin[0] + dx, el.origin[1] + dy, el.origin[2]] };
        break;
    }
    state.elements.set(id, next);
  }
}

/** Merge property sets: null removes a property; a set left empty disappears. */
export function mergeProperties(
  current: PropertySets,
  psets: Record<string, Record<string, PropertyValue | null>>,
): PropertySets {
  const merged: PropertySets = {};
  for (const [name, props] of Object.entries(current)) merged[name] = { ...props };
  for (const [name, props] of Object.entries(psets)) {
    const target = (merged[name] ??= {});
    for (const [prop, value] of Object.entries(props)) {
      if (value === null) delete target[prop];
      else target[prop] = value;
    }
    if (Object.keys(target).length === 0) delete merged[name];
  }
  return merged;
}

/** The server's ring normalisation: drop repeated consecutive points and a closing point. */
export function openRing(points: Point2[]): Point2[] {
  const out: Point2[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(pt(p));
  }
  while (out.length > 1 && out[out.length - 1]![0] === out[0]![0] && out[out.length - 1]![1] === out[0]![1]) out.pop();
  return out;
}

/** The origin is fixed by the first placed element, rounded to the kilometre (as Python's round). */
function fixOrigin(state: ModelState, p: Point2, levelId: string): void {
  if (state.origin) return;
  const elevation = state.levels.get(levelId)?.elevation ?? 0;
  state.origin = [pyRound(p[0], -3), pyRound(p[1], -3), pyRound(elevation, -3)] as Point3;
}

function pt(p: Point2): Point2 {
  return [p[0], p[1]];
}

function shift(ring: Point2[], dx: number, dy: number): Point2[] {
  return ring.map(([x, y]) => [x + dx, y + dy]);
}

function defined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
