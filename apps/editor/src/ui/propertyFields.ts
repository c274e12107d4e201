/**
 * The parameters the properties panel shows per element kind, and the command that changes
 * each (`update_wall`, `update_opening`, `update_slab`, `update_column`, `update_room`;
 * imported reference geometry is read-only).
 */

import type { Command, Point2 } from "../net/protocol";
import type { Column, Element, ElementKind, Opening, Reference, Room, Slab, Wall } from "../model/elements";

export interface Field<E extends Element> {
  key: string;
  label: string;
  input: "number" | "text" | "select" | "checkbox";
  get(e: E): unknown;
  command?: (e: E, v: string | number | boolean) => Command;
  limits?: { min?: number; max?: number };
  options?: string[];
}

const MATERIALS = ["concrete", "brick", "timber", "glass", "steel", "gypsum"];
const LENGTH = { min: 0.001, max: 1000 };
const OFFSET = { min: -1000, max: 1000 };

const wall = (key: keyof Wall, label: string, extra: Partial<Field<Wall>> = {}): Field<Wall> => ({
  key,
  label,
  input: "number",
  get: (w) => w[key],
  command: (w, v) => ({ type: "update_wall", id: w.id, [key]: v }) as Command,
  limits: LENGTH,
  ...extra,
});

const point = (end: "start" | "end", axis: 0 | 1): Field<Wall> => ({
  key: `${end}_${axis ? "y" : "x"}`,
  label: `${end === "start" ? "Start" : "End"} ${axis ? "y" : "x"} (m)`,
  input: "number",
  get: (w) => w[end][axis],
  command: (w, v) => {
    const p: Point2 = [...w[end]];
    p[axis] = Number(v);
    return { type: "update_wall", id: w.id, [end]: p } as Command;
  },
});

const opening = (key: keyof Opening, label: string, extra: Partial<Field<Opening>> = {}): Field<Opening> => ({
  key,
  label,
  input: "number",
  get: (o) => o[key],
  command: (o, v) => ({ type: "update_opening", id: o.id, [key]: v }) as Command,
  limits: LENGTH,
  ...extra,
});

const param =
  <E extends Slab | Column | Room>(type: "update_slab" | "update_column" | "update_room") =>
  (key: keyof E & string, label: string, extra: Partial<Field<E>> = {}): Field<E> => ({
    key,
    label,
    input: "number",
    get: (e) => e[key],
    command: (e, v) => ({ type, id: e.id, [key]: v }) as Command,
    limits: LENGTH,
    ...extra,
  });
const slab = param<Slab>("update_slab");
const column = param<Column>("update_column");
const room = param<Room>("update_room");

const readOnly = <E extends Element>(key: string, label: string, get: (e: E) => unknown, input: Field<E>["input"] = "number"): Field<E> => ({ key, label, input, get });

const WALL: Field<Wall>[] = [
  wall("thickness", "Thickness (m)"),
  wall("height", "Height (m)"),
  wall("base_offset", "Base offset (m)", { limits: OFFSET }),
  wall("material", "Material", { input: "select", options: MATERIALS }),
  wall("alignment", "Alignment", { input: "select", options: ["center", "left", "right"] }),
  point("start", 0),
  point("start", 1),
  point("end", 0),
  point("end", 1),
];

const OPENING: Field<Opening>[] = [
  opening("width", "Width (m)"),
  opening("height", "Height (m)"),
  opening("sill_height", "Sill height (m)", { limits: { min: 0, max: 1000 } }),
  opening("offset", "Offset along wall (m)", { limits: { min: 0, max: 1000 } }),
  opening("flip", "Flipped", { input: "checkbox", limits: {} }),
  opening("material", "Material", { input: "select", options: MATERIALS }),
];

const SLAB: Field<Slab>[] = [
  slab("thickness", "Thickness (m)"),
  slab("offset", "Top offset (m)", { limits: OFFSET }),
  slab("material", "Material", { input: "select", options: MATERIALS }),
];

const COLUMN: Field<Column>[] = [
  column("shape", "Shape", { input: "select", options: ["rect", "circle"] }),
  column("width", "Width (m)"),
  column("depth", "Depth (m)"),
  column("diameter", "Diameter (m)"),
  column("rotation", "Rotation (°)", { limits: { min: -360, max: 360 } }),
  column("height", "Height (m)"),
  column("base_offset", "Base offset (m)", { limits: OFFSET }),
  column("material", "Material", { input: "select", options: MATERIALS }),
];

const ROOM: Field<Room>[] = [
  room("name", "Name", { input: "text", limits: {} }),
  room("number", "Number", { input: "text", limits: {} }),
  { ...room("height", "Height (m)"), get: (r) => r.height ?? "" },
  room("base_offset", "Base offset (m)", { limits: OFFSET }),
];

const REFERENCE: Field<Reference>[] = [
  readOnly("name", "Name", (r) => r.name, "text"),
  readOnly("source", "Source", (r) => r.source, "text"),
  readOnly("source_id", "Source id", (r) => r.source_id, "text"),
];

export const FIELDS: Record<ElementKind, Field<never>[]> = {
  wall: WALL as Field<never>[],
  door: OPENING as Field<never>[],
  window: OPENING as Field<never>[],
  slab: SLAB as Field<never>[],
  column: COLUMN as Field<never>[],
  room: ROOM as Field<never>[],
  reference: REFERENCE as Field<never>[],
};
