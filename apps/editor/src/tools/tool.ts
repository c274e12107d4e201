/**
 * What a plan tool sees of the editor, and what the editor asks of a tool. Tools get model
 * points from the plan (in metres) and act through the context only, so each one can be
 * tested with a plain object (tests/tools/fakeContext.ts).
 */

import type { Command, Point2 } from "../net/protocol";
import type { Element, Level, ModelState } from "../model/elements";
import type { Box2 } from "../model/geometry";
import type { SnapResult } from "../model/snap";
import type { Preview } from "./preview";

export type ToolName = "select" | "wall" | "door" | "window" | "slab" | "column" | "room" | "delete";

export interface SnapRequest {
  anchor?: Point2 | null;
  points?: Point2[];
  exclude?: Set<string>;
  gridOnly?: boolean;
}

export interface ToolContext {
  /** The model as the user sees it (committed plus pending commands). */
  state(): ModelState;
  /** The level new elements go on; null until the model has a level. */
  level(): Level | null;
  /** May the user change the model (not a viewer)? */
  canEdit(): boolean;
  /** Send a command (kept until acked), show it at once, and make it an undo step. */
  issue(command: Command, label: string): void;
  newId(): string;
  snap(raw: Point2, request?: SnapRequest): SnapResult;
  /** A few screen pixels, in metres at the current zoom. */
  tolerance(): number;
  pick(p: Point2, exclude?: Set<string>): Element | null;
  inBox(box: Box2, mode: "window" | "crossing"): Element[];
  selection(): string[];
  select(ids: string[]): void;
  setPreview(preview: Preview | null): void;
  /** Short hint for the status bar (what the tool expects next). */
  hint(text: string): void;
  /** A message next to the action (e.g. why a click did nothing). */
  notify(text: string, kind?: "info" | "error"): void;
}

export interface PointerInfo {
  shift: boolean;
  alt: boolean;
}

export const NO_MODIFIERS: PointerInfo = { shift: false, alt: false };

export interface Tool {
  readonly name: ToolName;
  pointerDown(p: Point2, info: PointerInfo): void;
  pointerMove(p: Point2, info: PointerInfo): void;
  pointerUp(p: Point2, info: PointerInfo): void;
  /** Returns true if the key was used. */
  keyDown(key: string, info: PointerInfo): boolean;
  /** Leave the tool (switching tools or levels): drop any half-made input. */
  cancel(): void;
}
