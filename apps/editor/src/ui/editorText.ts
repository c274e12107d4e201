/** Words and defaults for editor actions: rejection messages, the next level to add. */

import type { Level } from "../model/elements";
import { describeReject, type Command, type CreateLevel } from "../net/protocol";

const ACTIONS: Record<Command["type"], string> = {
  place_wall: "Wall not placed",
  update_wall: "Wall not changed",
  place_opening: "Opening not placed",
  update_opening: "Opening not changed",
  place_slab: "Slab not placed",
  update_slab: "Slab not changed",
  update_column: "Column not changed",
  update_room: "Room not changed",
  place_column: "Column not placed",
  place_room: "Room not placed",
  place_reference: "Reference not placed",
  delete_elements: "Not deleted",
  move_elements: "Not moved",
  set_properties: "Properties not changed",
  create_level: "Level not created",
  update_level: "Level not changed",
  delete_level: "Level not deleted",
  batch: "Change refused",
};

/** e.g. "Wall not placed: the level does not exist (any more) [unknown_level]. There is no level …" */
export function describeCommandFailure(command: Command | undefined, code: string, message: string): string {
  const action = command ? ACTIONS[command.type] : "Change refused";
  const detail = message && message !== code ? ` ${message}` : "";
  return `${action}: ${describeReject(code)} [${code}].${detail}`;
}

/** A new level on top of the highest one, named "Level N". */
export function levelToCreate(levels: Level[], id: string): CreateLevel {
  const top = levels.reduce<Level | null>((a, l) => (!a || l.elevation > a.elevation ? l : a), null);
  const names = new Set(levels.map((l) => l.name));
  let n = levels.length;
  while (names.has(`Level ${n}`)) n += 1;
  const elevation = top ? round(top.elevation + top.height) : 0;
  return { type: "create_level", id, name: `Level ${n}`, elevation, height: 3 };
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
