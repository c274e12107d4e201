/** The level switcher: a select over the mirror's levels, and a button to add a level. */

import type { Level } from "../model/elements";
import { h } from "./dom";

export class LevelSwitcher {
  readonly element: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly add: HTMLButtonElement;
  private shown = ""; // what the options show, so an unchanged list is not rebuilt (an open menu stays open)

  constructor(onSelect: (levelId: string) => void, onAdd: () => void) {
    this.select = h("select", { testid: "level-select", "aria-label": "Level", disabled: true });
    this.select.addEventListener("change", () => onSelect(this.select.value));
    this.add = h("button", { class: "tool", title: "Add a level above the top one", testid: "level-add", onclick: onAdd }, "+ Level");
    this.element = h("div", { class: "level-switcher" }, h("span", { class: "muted small" }, "Level"), this.select, this.add);
  }

  update(levels: Level[], currentId: string | null): void {
    const shown = JSON.stringify([levels, currentId]);
    if (shown === this.shown) return;
    this.shown = shown;
    const options = levels.map((l) =>
      h("option", { value: l.id, selected: l.id === currentId }, `${l.name} (${formatElevation(l.elevation)})`),
    );
    this.select.replaceChildren(...options);
    if (currentId) this.select.value = currentId;
    this.select.disabled = levels.length === 0;
  }

  setEditable(editable: boolean): void {
    this.add.disabled = !editable;
  }
}

export function formatElevation(e: number): string {
  return `${e >= 0 ? "+" : ""}${e.toFixed(2)} m`;
}
