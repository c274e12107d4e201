/** The editor toolbar: tools, undo / redo, the level switcher and import / export slots, layout, Fit and Help. */

import type { ToolName } from "../tools/tool";
import { h } from "./dom";
import { TOOL_KEYS } from "./shortcuts";

export type ViewMode = "plan" | "split" | "3d";

export interface ToolbarActions {
  tool(name: ToolName): void;
  undo(): void;
  redo(): void;
  fit(): void;
  viewMode(mode: ViewMode): void;
  help(): void;
}

export class Toolbar {
  readonly element: HTMLElement;
  private readonly buttons = new Map<ToolName, HTMLButtonElement>();
  private readonly undoButton: HTMLButtonElement;
  private readonly redoButton: HTMLButtonElement;
  private readonly modes = new Map<ViewMode, HTMLButtonElement>();
  private editable = true;

  constructor(actions: ToolbarActions, levelSwitcher: HTMLElement, fileActions: HTMLElement[] = []) {
    for (const { tool, key, label } of TOOL_KEYS) {
      const b = h("button", { class: "tool", testid: `tool-${tool}`, title: `${label} (${key})`, "aria-pressed": "false", onclick: () => actions.tool(tool) }, label, h("kbd", null, key));
      this.buttons.set(tool, b);
    }
    this.undoButton = h("button", { class: "tool", testid: "undo", title: "Undo (Ctrl Z)", "aria-label": "Undo", onclick: () => actions.undo() }, "↶");
    this.redoButton = h("button", { class: "tool", testid: "redo", title: "Redo (Ctrl Shift Z)", "aria-label": "Redo", onclick: () => actions.redo() }, "↷");
    const mode = (m: ViewMode, label: string, key: string) => {
      const b = h("button", { class: "tool seg", testid: `view-mode-${m}`, title: `${label} (${key})`, "aria-pressed": "false", onclick: () => actions.viewMode(m) }, label);
      this.modes.set(m, b);
      return b;
    };
    const fit = h("button", { class: "tool", testid: "fit", title: "Frame the model (F)", onclick: () => actions.fit() }, "Fit", h("kbd", null, "F"));
    const help = h("button", { class: "tool", testid: "help-button", title: "Keyboard shortcuts (?)", onclick: () => actions.help() }, "?");
    this.element = h(
      "div",
      { class: "toolbar", role: "toolbar", "aria-label": "Tools", testid: "toolbar" },
      h("div", { class: "group tools" }, ...this.buttons.values()),
      h("div", { class: "group" }, this.undoButton, this.redoButton),
      h("div", { class: "group" }, levelSwitcher),
      fileActions.length > 0 && h("div", { class: "group" }, ...fileActions),
      h("div", { class: "spacer" }),
      h("div", { class: "group segmented" }, mode("plan", "Plan", "1"), mode("split", "Split", "2"), mode("3d", "3D", "3")),
      h("div", { class: "group" }, fit, help),
    );
  }

  setActive(name: ToolName): void {
    for (const [key, b] of this.buttons) {
      const on = key === name;
      b.classList.toggle("active", on);
      b.setAttribute("aria-pressed", String(on));
    }
  }

  setViewMode(mode: ViewMode): void {
    for (const [key, b] of this.modes) {
      b.classList.toggle("active", key === mode);
      b.setAttribute("aria-pressed", String(key === mode));
    }
  }

  setHistory(canUndo: boolean, canRedo: boolean): void {
    this.undoButton.disabled = !this.editable || !canUndo;
    this.redoButton.disabled = !this.editable || !canRedo;
  }

  /** Viewers can look and select, but every tool that changes the model is disabled. */
  setEditable(editable: boolean): void {
    this.editable = editable;
    for (const [name, b] of this.buttons) {
      if (name === "select") continue;
      b.disabled = !editable;
      const entry = TOOL_KEYS.find((t) => t.tool === name)!;
      b.title = editable ? `${entry.label} (${entry.key})` : `${entry.label} — view-only access`;
    }
    this.element.dataset.editable = String(editable);
    if (!editable) this.setHistory(false, false);
  }
}
