/**
 * Where the editor's commands go: each is sent through the sync client (kept until acked),
 * shown at once through the optimistic overlay, and — when the user made it — becomes a step
 * of their own undo history. Undo and redo send inverse / original commands as new commands.
 * Acks, rejects and landed events come back here; a rejection is reported in words to the
 * place the command came from (the tool, the properties panel, undo).
 */

import type { ModelState } from "../model/elements";
import { makeStep } from "../model/inverse";
import { Optimistic } from "../model/optimistic";
import { UndoHistory, type Direction } from "../model/undo";
import type { Command } from "../net/protocol";
import { describeCommandFailure } from "./editorText";

export type Origin = "tool" | "panel" | "undo" | "redo" | "script";

export interface Outcome {
  type: "ack" | "reject";
  seq?: number;
  code?: string;
  message?: string;
}

export interface CommandDeskDeps {
  send(command: Command): string;
  /** The state the user sees (committed plus pending), to compute undo steps against. */
  view(): ModelState;
  canEdit(): boolean;
  /** The view changed (schedule a redraw). */
  changed(): void;
  report(text: string, kind: "info" | "error", origin: Origin): void;
}

interface InFlight {
  label: string;
  origin: Origin;
  command: Command;
  resolve?: (o: Outcome) => void;
}

export class CommandDesk {
  readonly optimistic = new Optimistic();
  readonly history = new UndoHistory();
  private readonly inFlight = new Map<string, InFlight>();

  constructor(private readonly deps: CommandDeskDeps) {}

  /** Send a user command; returns its event id, or null when the user may not edit. */
  issue(command: Command, label: string, origin: Origin = "tool"): string | null {
    if (!this.deps.canEdit()) {
      this.deps.report("You have view-only access to this project: nothing was changed.", "error", origin);
      return null;
    }
    const step = makeStep(this.deps.view(), command, label);
    const eventId = this.send(command, label, origin);
    if (step) this.history.record(step, eventId);
    return eventId;
  }

  undo(): void {
    this.step("undo");
  }

  redo(): void {
    this.step("redo");
  }

  /** Send a command as is (test hook and scripts): resolves with the server's answer. */
  script(command: Command): Promise<Outcome> {
    return new Promise((resolve) => {
      const eventId = this.send(command, "script", "script");
      this.inFlight.get(eventId)!.resolve = resolve;
    });
  }

  acked(eventId: string, seq: number): void {
    this.optimistic.ack(eventId, seq);
    this.history.acked(eventId);
    const f = this.inFlight.get(eventId);
    this.inFlight.delete(eventId);
    f?.resolve?.({ type: "ack", seq });
  }

  rejected(eventId: string, code: string, message: string, command: Command | undefined): void {
    this.optimistic.reject(eventId);
    const step = this.history.rejected(eventId);
    const f = this.inFlight.get(eventId);
    this.inFlight.delete(eventId);
    const origin = f?.origin ?? "tool";
    let text = describeCommandFailure(command ?? f?.command, code, message);
    if ((origin === "undo" || origin === "redo") && step) {
      text = `Could not ${origin} "${step.label}": ${message || code} [${code}]. The step was dropped.`;
    }
    this.deps.report(text, "error", origin);
    f?.resolve?.({ type: "reject", code, message });
    this.deps.changed();
  }

  /** An event of command `commandId` reached the mirror. */
  landed(commandId: string): void {
    this.optimistic.landed(commandId);
  }

  get pendingCount(): number {
    return this.optimistic.size;
  }

  private send(command: Command, label: string, origin: Origin): string {
    const eventId = this.deps.send(command);
    this.optimistic.add(eventId, command);
    this.inFlight.set(eventId, { label, origin, command });
    this.deps.changed();
    return eventId;
  }

  private step(dir: Direction): void {
    if (!this.deps.canEdit()) {
      this.deps.report("You have view-only access to this project.", "error", dir);
      return;
    }
    const plan = this.history.plan(dir, this.deps.view());
    if (!plan) {
      this.deps.report(dir === "undo" ? "Nothing to undo." : "Nothing to redo.", "info", dir);
      return;
    }
    if ("dropped" in plan) {
      this.deps.report(`Cannot ${dir} "${plan.dropped.label}": ${plan.reason}. The step was dropped.`, "error", dir);
      this.deps.changed();
      return;
    }
    const eventId = this.send(plan.command, plan.step.label, dir);
    this.history.track(eventId, plan.step);
    this.deps.report(`${dir === "undo" ? "Undid" : "Redid"} "${plan.step.label}".`, "info", dir);
  }
}
