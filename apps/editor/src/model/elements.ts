/**
 * The client's model: levels and elements, as the server's `pryzm.model.state` keeps them
 * (same fields, same defaults). Values are treated as immutable: a change replaces the object,
 * so a copied `ModelState` shares unchanged values with the one it came from.
 */

import type { Alignment, OpeningKind, Point2, Point3, PropertySets, ReferenceText } from "../net/protocol";

export interface Level {
  id: string;
  name: string;
  elevation: number;
  height: number;
}

interface ElementBase {
  id: string;
  level_id: string;
  material: string;
  properties: PropertySets;
}

export interface Wall extends ElementBase {
  kind: "wall";
  start: Point2;
  end: Point2;
  thickness: number;
  height: number;
  base_offset: number;
  alignment: Alignment;
}

export interface Opening extends ElementBase {
  kind: OpeningKind;
  host_id: string;
  offset: number;
  width: number;
  height: number;
  sill_height: number;
  flip: boolean;
}

export interface Slab extends ElementBase {
  kind: "slab";
  boundary: Point2[];
  holes: Point2[][];
  thickness: number;
  offset: number;
}

export interface Column extends ElementBase {
  kind: "column";
  position: Point2;
  shape: "rect" | "circle";
  width: number;
  depth: number;
  diameter: number;
  rotation: number;
  height: number;
  base_offset: number;
}

export interface Room extends ElementBase {
  kind: "room";
  boundary: Point2[];
  name: string;
  number: string;
  /** null: the level's height (and it follows the level). */
  height: number | null;
  base_offset: number;
}

/** Imported geometry kept as it came (arrays are base64, relative to `origin`). */
export interface Reference extends ElementBase {
  kind: "reference";
  origin: Point3;
  vertices: string;
  faces: string;
  edges: string;
  texts: Required<ReferenceText>[];
  name: string;
  source: string;
  source_id: string;
}

export type Element = Wall | Opening | Slab | Column | Room | Reference;
export type ElementKind = Element["kind"];

export const OPENING_KINDS: readonly string[] = ["door", "window"];

export function isOpening(e: Element | undefined): e is Opening {
  return e !== undefined && (e.kind === "door" || e.kind === "window");
}

export function isWall(e: Element | undefined): e is Wall {
  return e?.kind === "wall";
}

/** Levels and elements at some point of the log; `origin` is fixed by the first placed element. */
export class ModelState {
  readonly levels: Map<string, Level>;
  readonly elements: Map<string, Element>;
  origin: Point3 | null;

  constructor(levels?: Map<string, Level>, elements?: Map<string, Element>, origin: Point3 | null = null) {
    this.levels = levels ?? new Map();
    this.elements = elements ?? new Map();
    this.origin = origin;
  }

  /** An independent replica (copies the maps, shares the immutable values). */
  copy(): ModelState {
    return new ModelState(new Map(this.levels), new Map(this.elements), this.origin);
  }

  /** Levels bottom to top (by elevation, then name). */
  levelList(): Level[] {
    return [...this.levels.values()].sort((a, b) => a.elevation - b.elevation || a.name.localeCompare(b.name));
  }

  on(levelId: string | null): Element[] {
    if (!levelId) return [];
    const out: Element[] = [];
    for (const e of this.elements.values()) if (e.level_id === levelId) out.push(e);
    return out;
  }

  walls(): Wall[] {
    const out: Wall[] = [];
    for (const e of this.elements.values()) if (e.kind === "wall") out.push(e);
    return out;
  }

  openingsOf(wallId: string): Opening[] {
    const out: Opening[] = [];
    for (const e of this.elements.values()) if (isOpening(e) && e.host_id === wallId) out.push(e);
    return out;
  }

  /** The height a room or other level-relative element resolves to. */
  roomHeight(room: Room): number {
    return room.height ?? this.levels.get(room.level_id)?.height ?? 3;
  }
}
