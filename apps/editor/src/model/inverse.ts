/**
 * Undo steps as data: a command, its inverse, and the values of what it touched before and
 * after. The inverse is derived from the state difference (create <-> delete, old field
 * values for updates and properties), except for moves (the opposite delta).
 *
 * A step may be undone only while the touched fields still hold the values the step left
 * (`conflict`): otherwise someone else changed them since, and undoing would undo their work.
 */

import type { Command, ModelEvent, PlaceOpening, PropertyValue } from "../net/protocol";
import { decide } from "./decide";
import { isOpening, type Element, type Level, type ModelState } from "./elements";
import { foldEvent } from "./fold";
import { eventIds } from "./mirror";

export interface Snapshot {
  elements: Map<string, Element | undefined>;
  levels: Map<string, Level | undefined>;
}

export interface UndoStep {
  label: string;
  forward: Command;
  inverse: Command;
  before: Snapshot;
  after: Snapshot;
}

/** The step for `command` issued on `state`, or null if it changes nothing / will be refused. */
export function makeStep(state: ModelState, command: Command, label: string): UndoStep | null {
  const d = decide(state, command);
  if ("refusal" in d) return null;
  const after = state.copy();
  for (const e of d.events) foldEvent(after, e);
  const ids = touchedIds(state, after, d.events);
  const before = snapshot(state, ids);
  const afterSnap = snapshot(after, ids);
  dropUnchanged(before, afterSnap);
  if (before.elements.size === 0 && before.levels.size === 0) return null;
  const inverse = command.type === "move_elements" ? { ...command, delta: [-command.delta[0], -command.delta[1]] as [number, number] } : restore(after, before, afterSnap);
  if (!inverse) return null;
  return { label, forward: command, inverse, before, after: afterSnap };
}

/**
 * The step for elements and levels that came into being without a command of this editor (an
 * import this user ran: the server appended it): `ids` as they are in `state`, absent before.
 * Undo deletes them; redo places them again.
 */
export function creationStep(state: ModelState, ids: Iterable<string>, label: string): UndoStep | null {
  const present = new Set([...ids].filter((id) => state.elements.has(id) || state.levels.has(id)));
  if (present.size === 0) return null;
  const after = snapshot(state, present);
  const before: Snapshot = {
    elements: new Map([...after.elements.keys()].map((id) => [id, undefined])),
    levels: new Map([...after.levels.keys()].map((id) => [id, undefined])),
  };
  const inverse = restore(state, before, after);
  const forward = restore(state, after, before);
  if (!inverse || !forward) return null;
  return { label, forward, inverse, before, after };
}

/** Why the state no longer allows going from `from` to `to`, or null if it does. */
export function conflict(state: ModelState, expected: Snapshot, other: Snapshot, command: Command): string | null {
  for (const [id, want] of expected.levels) {
    if (!sameOn(state.levels.get(id), want, other.levels.get(id))) return "someone else has changed that level since";
  }
  for (const [id, want] of expected.elements) {
    if (!sameOn(state.elements.get(id), want, other.elements.get(id))) {
      return want === undefined ? "someone else has added that element again" : "someone else has changed or removed it since";
    }
  }
  const d = decide(state, command);
  if ("refusal" in d) return d.refusal.message;
  const allowed = new Set([...expected.elements.keys(), ...expected.levels.keys()]);
  for (const e of d.events) {
    if (e.type === "delete_elements" && e.ids.some((id) => !allowed.has(id))) return "someone else has built on it since";
  }
  return null;
}

function touchedIds(before: ModelState, after: ModelState, events: ModelEvent[]): Set<string> {
  const ids = new Set<string>();
  for (const e of events) for (const id of eventIds(e)) ids.add(id);
  for (const id of [...ids]) {
    for (const s of [before, after]) {
      if (s.elements.get(id)?.kind === "wall") for (const o of s.openingsOf(id)) ids.add(o.id);
    }
  }
  return ids;
}

function snapshot(state: ModelState, ids: Set<string>): Snapshot {
  const snap: Snapshot = { elements: new Map(), levels: new Map() };
  for (const id of ids) {
    if (state.levels.has(id)) snap.levels.set(id, state.levels.get(id));
    else snap.elements.set(id, state.elements.get(id));
  }
  return snap;
}

function dropUnchanged(a: Snapshot, b: Snapshot): void {
  for (const key of ["elements", "levels"] as const) {
    const ma = a[key] as Map<string, unknown>;
    const mb = b[key] as Map<string, unknown>;
    for (const id of new Set([...ma.keys(), ...mb.keys()])) {
      if (!ma.has(id)) ma.set(id, undefined);
      if (!mb.has(id)) mb.set(id, undefined);
      if (deepEqual(ma.get(id), mb.get(id))) {
        ma.delete(id);
        mb.delete(id);
      }
    }
  }
}

/** Does `current` hold `want` on every field where `want` differs from `other`? */
function sameOn(current: object | undefined, want: object | undefined, other: object | undefined): boolean {
  if (want === undefined || other === undefined || current === undefined) return deepEqual(current, want);
  const w = want as Record<string, unknown>;
  const o = other as Record<string, unknown>;
  const c = current as Record<string, unknown>;
  return Object.keys(w).every((k) => deepEqual(w[k], o[k]) || deepEqual(c[k], w[k]));
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-6 + 1e-12 * Math.abs(a);
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

// ---- the inverse: commands that take `from` (the state after) back to `to` (before) ----

const WALL_FIELDS = ["level_id", "start", "end", "thickness", "height", "base_offset", "material", "alignment"] as const;
const OPENING_FIELDS = ["offset", "width", "height", "sill_height", "flip", "material"] as const;
const SLAB_FIELDS = ["level_id", "boundary", "holes", "thickness", "offset", "material"] as const;
const COLUMN_FIELDS = ["level_id", "position", "shape", "width", "depth", "diameter", "rotation", "height", "base_offset", "material"] as const;
const ROOM_FIELDS = ["level_id", "boundary", "name", "number", "height", "base_offset"] as const;

function restore(from: ModelState, to: Snapshot, fromSnap: Snapshot): Command | null {
  const created: string[] = [];
  const createLevels: Command[] = [];
  const updateLevels: Command[] = [];
  const deleteLevels: Command[] = [];
  const placeHosts: Command[] = [];
  const placeOpenings: Command[] = [];
  const hostUpdates: Command[] = []; // walls, slabs, columns, rooms
  const openingUpdates: Command[] = [];
  const replaced: Command[] = [];
  const props: Command[] = [];

  for (const [id, want] of to.levels) {
    const have = fromSnap.levels.get(id);
    if (!want) deleteLevels.push({ type: "delete_level", id });
    else if (!have) createLevels.push({ type: "create_level", ...want });
    else updateLevels.push({ type: "update_level", id, ...changed(have, want, ["name", "elevation", "height"]) });
  }
  for (const [id, want] of to.elements) {
    const have = fromSnap.elements.get(id);
    if (!want) {
      // Openings go with their host: list only those whose host stays.
      if (!(have && isOpening(have) && to.elements.has(have.host_id) && !to.elements.get(have.host_id))) created.push(id);
      continue;
    }
    if (!have) {
      (isOpening(want) ? placeOpenings : placeHosts).push(placeOf(want));
      if (Object.keys(want.properties).length) props.push({ type: "set_properties", id, psets: want.properties });
      continue;
    }
    if (want.kind === "wall" && have.kind === "wall") {
      const fields = changed(have, want, WALL_FIELDS);
      if (Object.keys(fields).length) hostUpdates.push({ type: "update_wall", id, ...fields } as Command);
    } else if (isOpening(want) && isOpening(have)) {
      const fields = changed(have, want, OPENING_FIELDS);
      if (Object.keys(fields).length) openingUpdates.push({ type: "update_opening", id, ...fields } as Command);
    } else if (want.kind === "slab" && have.kind === "slab") {
      const fields = changed(have, want, SLAB_FIELDS);
      if (Object.keys(fields).length) hostUpdates.push({ type: "update_slab", id, ...fields } as Command);
    } else if (want.kind === "column" && have.kind === "column") {
      const fields = changed(have, want, COLUMN_FIELDS);
      if (Object.keys(fields).length) hostUpdates.push({ type: "update_column", id, ...fields } as Command);
    } else if (want.kind === "room" && have.kind === "room" && (want.height !== null || have.height === null)) {
      // (an update cannot clear a room's height back to its level's: that one is replaced)
      const fields = changed(have, want, ROOM_FIELDS);
      if (Object.keys(fields).length) hostUpdates.push({ type: "update_room", id, ...fields } as Command);
    } else if (!deepEqual({ ...have, properties: {} }, { ...want, properties: {} })) {
      replaced.push({ type: "delete_elements", ids: [id] }, placeOf(want));
      if (Object.keys(want.properties).length) props.push({ type: "set_properties", id, psets: want.properties });
      continue;
    }
    const psets = propertyDiff(have.properties, want.properties);
    if (psets) props.push({ type: "set_properties", id, psets });
  }
  const head: Command[] = created.length ? [{ type: "delete_elements", ids: created }] : [];
  const tail = [...replaced, ...props, ...deleteLevels];
  const orders = [
    [...head, ...createLevels, ...updateLevels, ...placeHosts, ...hostUpdates, ...placeOpenings, ...openingUpdates, ...tail],
    [...head, ...createLevels, ...updateLevels, ...placeHosts, ...openingUpdates, ...hostUpdates, ...placeOpenings, ...tail],
  ];
  const candidates = orders.map((list) => (list.length === 1 ? list[0]! : ({ type: "batch", commands: list } as Command)));
  if (orders[0]!.length === 0) return null;
  return candidates.find((c) => !("refusal" in decide(from, c))) ?? candidates[0]!;
}

function changed<T extends object>(have: T, want: T, fields: readonly (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const f of fields) if (!deepEqual(have[f], want[f])) out[f] = want[f];
  return out;
}

function propertyDiff(have: Element["properties"], want: Element["properties"]): Record<string, Record<string, PropertyValue | null>> | null {
  const out: Record<string, Record<string, PropertyValue | null>> = {};
  for (const name of new Set([...Object.keys(have), ...Object.keys(want)])) {
    const h = have[name] ?? {};
    const w = want[name] ?? {};
    for (const prop of new Set([...Object.keys(h), ...Object.keys(w)])) {
      if (deepEqual(h[prop], w[prop])) continue;
      (out[name] ??= {})[prop] = w[prop] ?? null;
    }
  }
  return Object.keys(out).length ? out : null;
}

/** The command that places `e` as it is. */
export function placeOf(e: Element): Command {
  switch (e.kind) {
    case "wall": {
      const { kind: _k, properties: _p, ...rest } = e;
      return { type: "place_wall", ...rest };
    }
    case "door":
    case "window": {
      const { properties: _p, level_id: _l, ...rest } = e;
      return { type: "place_opening", ...rest } as PlaceOpening;
    }
    case "slab": {
      const { kind: _k, properties: _p, ...rest } = e;
      return { type: "place_slab", ...rest };
    }
    case "column": {
      const { kind: _k, properties: _p, ...rest } = e;
      return { type: "place_column", ...rest };
    }
    case "reference": {
      const { kind: _k, properties: _p, ...rest } = e;
      return { type: "place_reference", ...rest };
    }
    case "room": {
      const { kind: _k, properties: _p, material: _m, height, ...rest } = e;
      return height === null ? { type: "place_room", ...rest } : { type: "place_room", ...rest, height };
    }
  }
}
