/**
 * The client's forecast of a command: the events the server would append for it, or the
 * refusal it would give. It follows `pryzm.model` (docs/model/commands.md) closely enough to
 * show pending commands at once, to check input before sending, and to compute undo steps;
 * the server stays the judge (a forecast is never a reason to drop a command silently).
 */

import type { Command, ModelEvent } from "../net/protocol";
import { isOpening, type ModelState, type Opening } from "./elements";
import { foldEvent, openRing } from "./fold";
import { ringProblem, wallLength } from "./geometry";
import { checkOpeningIn, openingProblem, type Refusal } from "./openings";

export type Decision = { events: ModelEvent[] } | { refusal: Refusal };

const MIN_WALL_LENGTH = 0.01;

export function decide(state: ModelState, command: Command): Decision {
  if (command.type === "batch") return decideBatch(state, command.commands);
  const refusal = check(state, command);
  return refusal ? { refusal } : { events: [eventOf(state, command)] };
}

/** Fold a decision's events into `state` (in place); returns false for a refusal. */
export function applyCommand(state: ModelState, command: Command): boolean {
  const d = decide(state, command);
  if ("refusal" in d) return false;
  for (const e of d.events) foldEvent(state, e);
  return true;
}

function decideBatch(state: ModelState, commands: Command[]): Decision {
  if (commands.length === 0) return refuse("invalid_command", "A batch needs at least one command.");
  const scratch = state.copy();
  const events: ModelEvent[] = [];
  for (const [index, c] of commands.entries()) {
    const d = decide(scratch, c);
    if ("refusal" in d) return refuse(d.refusal.code, `batch command ${index} (${c.type}): ${d.refusal.message}`);
    for (const e of d.events) foldEvent(scratch, e);
    events.push(...d.events);
  }
  return { events };
}

function eventOf(state: ModelState, c: Exclude<Command, { type: "batch" }>): ModelEvent {
  if (c.type !== "delete_elements") return c;
  const requested = new Set(c.ids);
  const walls = new Set(c.ids.filter((id) => state.elements.get(id)?.kind === "wall"));
  const hosted: string[] = [];
  for (const e of state.elements.values()) {
    if (isOpening(e) && walls.has(e.host_id) && !requested.has(e.id)) hosted.push(e.id);
  }
  hosted.sort();
  return { type: "delete_elements", ids: [...c.ids, ...hosted] };
}

function check(state: ModelState, c: Exclude<Command, { type: "batch" }>): Refusal | null {
  switch (c.type) {
    case "create_level":
      return newId(state, c.id);
    case "update_level":
      return level(state, c.id);
    case "delete_level": {
      const problem = level(state, c.id);
      if (problem) return problem;
      if (!c.cascade && state.on(c.id).length > 0) return { code: "level_not_empty", message: "The level still has elements." };
      return null;
    }
    case "place_wall":
      return newId(state, c.id) ?? level(state, c.level_id) ?? wallLengthProblem(c.start, c.end);
    case "update_wall": {
      const wall = state.elements.get(c.id);
      if (!wall) return unknown(c.id);
      if (wall.kind !== "wall") return wrongType(wall.kind);
      const next = { ...wall, ...definedOf(c) };
      if (c.level_id) {
        const problem = level(state, c.level_id);
        if (problem) return problem;
      }
      const problem = wallLengthProblem(next.start, next.end);
      if (problem) return problem;
      for (const o of state.openingsOf(wall.id)) {
        const p = openingProblem(next, o, []);
        if (p) return p;
      }
      return null;
    }
    case "place_opening": {
      const problem = newId(state, c.id);
      if (problem) return problem;
      const host = state.elements.get(c.host_id);
      if (!host) return { code: "unknown_host", message: "The wall does not exist (any more)." };
      const scratch = state.copy();
      foldEvent(scratch, c);
      return checkOpeningIn(scratch, scratch.elements.get(c.id) as Opening);
    }
    case "update_opening": {
      const o = state.elements.get(c.id);
      if (!o) return unknown(c.id);
      if (!isOpening(o)) return wrongType(o.kind);
      return checkOpeningIn(state, { ...o, ...definedOf(c) } as Opening);
    }
    case "place_slab":
      return newId(state, c.id) ?? level(state, c.level_id) ?? ringProblem(openRing(c.boundary)) ?? holesProblem(c.holes ?? []);
    case "place_room":
      return newId(state, c.id) ?? level(state, c.level_id) ?? ringProblem(openRing(c.boundary));
    case "update_slab": {
      const slab = state.elements.get(c.id);
      if (!slab) return unknown(c.id);
      if (slab.kind !== "slab") return wrongType(slab.kind);
      const next = { ...slab, ...definedOf(c) };
      return (c.level_id ? level(state, c.level_id) : null) ?? ringProblem(openRing(next.boundary)) ?? holesProblem(next.holes);
    }
    case "update_column": {
      const column = state.elements.get(c.id);
      if (!column) return unknown(c.id);
      if (column.kind !== "column") return wrongType(column.kind);
      return c.level_id ? level(state, c.level_id) : null;
    }
    case "update_room": {
      const room = state.elements.get(c.id);
      if (!room) return unknown(c.id);
      if (room.kind !== "room") return wrongType(room.kind);
      return (c.level_id ? level(state, c.level_id) : null) ?? ringProblem(openRing(c.boundary ?? room.boundary));
    }
    case "place_column":
    case "place_reference":
      return newId(state, c.id) ?? level(state, c.level_id);
    case "delete_elements":
      return idsProblem(state, c.ids);
    case "move_elements": {
      const problem = idsProblem(state, c.ids);
      if (problem) return problem;
      const moved = state.copy();
      foldEvent(moved, c);
      for (const id of c.ids) {
        const e = moved.elements.get(id);
        if (isOpening(e)) {
          const p = checkOpeningIn(moved, e);
          if (p) return p;
        }
      }
      return null;
    }
    case "set_properties":
      return state.elements.has(c.id) ? null : unknown(c.id);
    default:
      return { code: "unknown_command", message: `Unknown command ${(c as { type: string }).type}.` };
  }
}

function refuse(code: string, message: string): Decision {
  return { refusal: { code, message } };
}

function newId(state: ModelState, id: string): Refusal | null {
  return state.elements.has(id) || state.levels.has(id) ? { code: "duplicate_id", message: `Id ${id} is already in use.` } : null;
}

function level(state: ModelState, id: string): Refusal | null {
  return state.levels.has(id) ? null : { code: "unknown_level", message: "The level does not exist (any more)." };
}

function unknown(id: string): Refusal {
  return { code: "unknown_element", message: `There is no element ${id} (any more).` };
}

function wrongType(kind: string): Refusal {
  return { code: "wrong_element_type", message: `The element is a ${kind}.` };
}

function wallLengthProblem(start: [number, number], end: [number, number]): Refusal | null {
  return wallLength({ start, end }) < MIN_WALL_LENGTH ? { code: "zero_length", message: "A wall must be at least 10 mm long." } : null;
}

function idsProblem(state: ModelState, ids: string[]): Refusal | null {
  const missing = ids.find((id) => !state.elements.has(id));
  if (missing) return unknown(missing);
  if (new Set(ids).size !== ids.length) return { code: "invalid_command", message: "An id is listed twice." };
  if (ids.length === 0) return { code: "invalid_command", message: "No elements given." };
  return null;
}

function holesProblem(holes: [number, number][][]): Refusal | null {
  for (const h of holes) {
    const p = ringProblem(openRing(h));
    if (p) return p;
  }
  return null;
}

function definedOf<T extends object>(c: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) if (k !== "type" && k !== "id" && v !== undefined && v !== null) out[k] = v;
  return out as Partial<T>;
}
