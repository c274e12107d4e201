/** The keyboard shortcut overlay (`?`): a modal list; Esc, `?` or a click outside closes it. */

import { h } from "./dom";
import { HELP } from "./shortcuts";

export class HelpOverlay {
  readonly element: HTMLElement;

  constructor() {
    const close = h("button", { class: "ghost", testid: "help-close", "aria-label": "Close help", onclick: () => this.hide() }, "×");
    const rows = HELP.map(([keys, what]) => h("tr", null, h("td", null, ...keys.split(" / ").flatMap((k, i) => [i ? " / " : "", h("kbd", null, k)])), h("td", null, what)));
    const card = h("div", { class: "card help-card", role: "dialog", "aria-label": "Keyboard shortcuts" }, h("div", { class: "dialog-head" }, h("h2", null, "Keyboard shortcuts"), close), h("table", { class: "help-table" }, h("tbody", null, ...rows)));
    this.element = h("div", { class: "overlay", testid: "help-overlay", hidden: true }, card);
    this.element.addEventListener("click", (ev) => {
      if (ev.target === this.element) this.hide();
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  toggle(): void {
    this.element.hidden = !this.element.hidden;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
