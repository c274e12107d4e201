/** The editor toolbar: tools (Select, Wall), the level switcher slot, Fit. */

import type { ToolName } from "../tools/tool";
import { h } from "./dom";

export interface ToolbarActions {
  tool(name: ToolName): void;
  fit(): void;
}

export class Toolbar {
  readonly element: HTMLElement;
  private readonly buttons: Record<ToolName, HTMLButtonElement>;

  constructor(actions: ToolbarActions, levelSwitcher: HTMLElement) {
    const button = (name: ToolName, label: string, key: string) =>
      h(
        "button",
        {
          class: "tool",
          testid: `tool-${name}`,
          title: `${label} (${key})`,
          "aria-pressed": "false",
          onclick: () => actions.tool(name),
        },
        label,
        h("kbd", null, key),
      );
    this.buttons = { select: button("select", "Select", "V"), wall: button("wall", "Wall", "W") };
    const fit = h("button", { class: "tool", testid: "fit", title: "Frame the model (F)", onclick: () => actions.fit() }, "Fit", h("kbd", null, "F"));
    this.element = h(
      "div",
      { class: "toolbar", role: "toolbar", "aria-label": "Tools" },
      h("div", { class: "group" }, this.buttons.select, this.buttons.wall),
      h("div", { class: "group" }, levelSwitcher),
      h("div", { class: "spacer" }),
      h("div", { class: "group" }, fit),
    );
  }

  setActive(name: ToolName): void {
    for (const [key, b] of Object.entries(this.buttons)) {
      const on = key === name;
      b.classList.toggle("active", on);
      b.setAttribute("aria-pressed", String(on));
    }
  }

  /** Viewers cannot place walls. */
  setEditable(editable: boolean): void {
    this.buttons.wall.disabled = !editable;
    this.buttons.wall.title = editable ? "Wall (W)" : "Wall — view-only access";
  }
}
