/**
 * What a plan tool sees of the editor, and what the editor asks of a tool. Tools get raw model
 * points from the plan (in metres) and act through the context only, so each one can be
 * tested with a plain object.
 */

import type { Command, Point2 } from "../net/protocol";
import type { Wall } from "../model/mirror";

export type ToolName = "select" | "wall";

export interface ToolContext {
  /** The level new elements go on; null until the model has a level. */
  levelId(): string | null;
  /** Send a command (kept until acked) and show it optimistically. */
  issue(command: Command): void;
  newId(): string;
  setPreview(wall: Wall | null): void;
  /** The wall under a model point, using a tolerance of a few screen pixels. */
  wallAt(p: Point2): Wall | null;
  selection(): string | null;
  select(id: string | null): void;
  /** Short hint for the status bar (e.g. the length of the wall being drawn). */
  hint(text: string): void;
}

export interface Tool {
  readonly name: ToolName;
  pointerDown(p: Point2): void;
  pointerMove(p: Point2): void;
  /** Returns true if the key was used. */
  keyDown(key: string): boolean;
  /** Leave the tool (switching tools or levels): drop any half-made input. */
  cancel(): void;
}
