/**
 * The user's own undo and redo stacks. Only commands this user issued become steps, so undo
 * never reaches anyone else's work. Undoing sends the step's inverse as a new command (others
 * see it like any edit); redoing sends the original command again.
 *
 * Steps are tied to the `event_id` of the command in flight: if the server rejects it (for a
 * user command: the step is dropped; for an undo or redo: the step is dropped with a message),
 * `settle` removes it from whichever stack it is on.
 */

import type { Command } from "../net/protocol";
import type { ModelState } from "./elements";
import { conflict, type UndoStep } from "./inverse";

export const MAX_STEPS = 200;

export type Direction = "undo" | "redo";

export interface Planned {
  step: UndoStep;
  command: Command;
}

export class UndoHistory {
  private undoStack: UndoStep[] = [];
  private redoStack: UndoStep[] = [];
  private readonly inFlight = new Map<string, UndoStep>();

  /** A new step from a user command: it goes on the undo stack and clears redo. */
  record(step: UndoStep, eventId: string): void {
    this.push(step);
    this.inFlight.set(eventId, step);
  }

  /** A step for work already committed (an import this user ran): on the undo stack, redo cleared. */
  push(step: UndoStep): void {
    this.undoStack.push(step);
    if (this.undoStack.length > MAX_STEPS) this.undoStack.shift();
    this.redoStack = [];
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  peek(dir: Direction): UndoStep | undefined {
    const stack = dir === "undo" ? this.undoStack : this.redoStack;
    return stack[stack.length - 1];
  }

  /**
   * The command that undoes (or redoes) the top step on `state`, moving the step to the other
   * stack; or, if the state no longer allows it, the reason, and the step is dropped.
   */
  plan(dir: Direction, state: ModelState): Planned | { dropped: UndoStep; reason: string } | null {
    const from = dir === "undo" ? this.undoStack : this.redoStack;
    const to = dir === "undo" ? this.redoStack : this.undoStack;
    const step = from.pop();
    if (!step) return null;
    const command = dir === "undo" ? step.inverse : step.forward;
    const reason = dir === "undo" ? conflict(state, step.after, step.before, command) : conflict(state, step.before, step.after, command);
    if (reason) return { dropped: step, reason };
    to.push(step);
    return { step, command };
  }

  /** Remember which step a command in flight belongs to. */
  track(eventId: string, step: UndoStep): void {
    this.inFlight.set(eventId, step);
  }

  /** The command was acked: nothing more to do for it. */
  acked(eventId: string): void {
    this.inFlight.delete(eventId);
  }

  /** The command was rejected: drop its step from both stacks; returns it, if there was one. */
  rejected(eventId: string): UndoStep | undefined {
    const step = this.inFlight.get(eventId);
    this.inFlight.delete(eventId);
    if (!step) return undefined;
    this.undoStack = this.undoStack.filter((s) => s !== step);
    this.redoStack = this.redoStack.filter((s) => s !== step);
    return step;
  }

  get sizes(): { undo: number; redo: number } {
    return { undo: this.undoStack.length, redo: this.redoStack.length };
  }
}
