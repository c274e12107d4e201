/**
 * The clearance rules of doors and windows, as the server decides them: an opening lies inside
 * its host (`0 <= offset`, `offset + width <= length`, `0 <= sill`, `sill + height <= wall
 * height`) and does not overlap another opening of the same host (touching is fine).
 */

import type { ModelState, Opening, Wall } from "./elements";
import { wallLength } from "./geometry";

const EPS = 1e-9;

export interface Refusal {
  code: string;
  message: string;
}

export type OpeningShape = Pick<Opening, "id" | "offset" | "width" | "height" | "sill_height">;

export function fitsHost(wall: Wall, o: OpeningShape): boolean {
  return (
    o.offset >= -EPS &&
    o.offset + o.width <= wallLength(wall) + EPS &&
    o.sill_height >= -EPS &&
    o.sill_height + o.height <= wall.height + EPS
  );
}

export function overlaps(a: OpeningShape, b: OpeningShape): boolean {
  return (
    a.offset < b.offset + b.width - EPS &&
    b.offset < a.offset + a.width - EPS &&
    a.sill_height < b.sill_height + b.height - EPS &&
    b.sill_height < a.sill_height + a.height - EPS
  );
}

/** Why `opening` cannot sit in `host` (given the host's other openings), or null. */
export function openingProblem(host: Wall, opening: OpeningShape, others: Iterable<OpeningShape>): Refusal | null {
  if (!fitsHost(host, opening)) {
    return { code: "opening_outside_host", message: `It does not fit inside the wall (length ${wallLength(host).toFixed(2)} m, height ${host.height.toFixed(2)} m).` };
  }
  for (const other of others) {
    if (other.id !== opening.id && overlaps(opening, other)) {
      return { code: "opening_overlap", message: "It overlaps another opening in this wall." };
    }
  }
  return null;
}

export function checkOpeningIn(state: ModelState, opening: Opening): Refusal | null {
  const host = state.elements.get(opening.host_id);
  if (!host) return { code: "unknown_host", message: "The wall does not exist (any more)." };
  if (host.kind !== "wall") return { code: "wrong_element_type", message: "Only walls host openings." };
  return openingProblem(host, opening, state.openingsOf(host.id));
}
