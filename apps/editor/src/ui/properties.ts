/**
 * The properties panel. One element selected: its parameters (editable where a command can
 * change them: `update_wall`, `update_opening`, `update_slab`, `update_column`, `update_room`), computed
 * quantities, and its property sets (-> `set_properties`: edit, add, remove). Several
 * selected: a summary and Delete. Nothing selected: the current level (-> `update_level`).
 * Viewers see everything read-only. A rejection of a change made here is shown in the panel.
 */

import type { Command, PropertyValue } from "../net/protocol";
import type { Element, Level, ModelState } from "../model/elements";
import { isOpening } from "../model/elements";
import { polygonArea, polygonPerimeter, wallLength } from "../model/geometry";
import { h, mount } from "./dom";
import { FIELDS, type Field } from "./propertyFields";

export interface PropertiesDeps {
  issue(command: Command, label: string): void;
  /** The newest bake's warnings for an element (none before it is baked). */
  bakeWarnings(id: string): string[];
}

export class PropertiesPanel {
  readonly element: HTMLElement;
  private readonly body = h("div", { class: "props-body" });
  private readonly error = h("p", { class: "props-error form-error", testid: "props-error", role: "alert" });
  private shownKey = "";
  private deferred: (() => void) | null = null;
  private force = false;

  constructor(private readonly deps: PropertiesDeps) {
    this.element = h("aside", { class: "props", testid: "properties-panel", "aria-label": "Properties" }, h("h2", null, "Properties"), this.error, this.body);
    this.element.addEventListener("focusout", () => {
      queueMicrotask(() => {
        if (!this.element.contains(document.activeElement) && this.deferred) {
          const run = this.deferred;
          this.deferred = null;
          run();
        }
      });
    });
  }

  /** A message next to the fields; `revert` redraws them from the model at the next `show`. */
  showError(text: string, revert = false): void {
    this.error.textContent = text;
    if (revert) {
      this.shownKey = "";
      this.force = true;
    }
  }

  /** Render for this selection; an input being edited is left alone until it loses focus. */
  show(state: ModelState, selected: string[], level: Level | null, editable: boolean): void {
    const elements = selected.map((id) => state.elements.get(id)).filter((e): e is Element => e !== undefined);
    const warnings = elements.length === 1 ? this.deps.bakeWarnings(elements[0]!.id) : [];
    const key = JSON.stringify([elements, level, editable, warnings]);
    if (key === this.shownKey) return;
    const render = () => {
      this.shownKey = key;
      if (elements.length === 1) this.element.dataset.kind = elements[0]!.kind;
      else delete this.element.dataset.kind;
      if (elements.length === 0) mount(this.body, ...this.levelView(level, editable));
      else if (elements.length === 1) mount(this.body, ...this.elementView(state, elements[0]!, editable), ...warningsView(warnings));
      else mount(this.body, ...this.multiView(elements, editable));
    };
    const sameSelection = this.element.dataset.selection === selected.join(",");
    this.element.dataset.selection = selected.join(",");
    const editing = this.element.contains(document.activeElement) && document.activeElement !== this.element;
    if (sameSelection && editing && !this.force) {
      this.deferred = render;
      return;
    }
    if (!sameSelection) this.error.textContent = "";
    this.force = false;
    render();
  }

  /** A button's change (add, remove, delete): shown at once, even with focus in the panel,
   * and any earlier error goes (a typed field's change waits until the field is left). */
  private issueNow(command: Command, label: string): void {
    this.showError("");
    this.force = true;
    this.deps.issue(command, label);
  }

  private levelView(level: Level | null, editable: boolean): Node[] {
    if (!level) return [h("p", { class: "muted" }, "No level yet.")];
    const rows = [
      this.row("Level", "name", "text", level.name, editable, (v) => ({ type: "update_level", id: level.id, name: String(v) })),
      this.row("Elevation (m)", "elevation", "number", level.elevation, editable, (v) => ({ type: "update_level", id: level.id, elevation: Number(v) })),
      this.row("Storey height (m)", "height", "number", level.height, editable, (v) => ({ type: "update_level", id: level.id, height: Number(v) }), { min: 0.01 }),
    ];
    return [h("p", { class: "muted small" }, "Nothing selected: click an element in the plan (Shift adds, drag a box to select many)."), h("div", { class: "props-grid" }, ...rows)];
  }

  private multiView(elements: Element[], editable: boolean): Node[] {
    const counts = new Map<string, number>();
    for (const e of elements) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
    const summary = [...counts].map(([k, n]) => `${n} ${k}${n > 1 ? "s" : ""}`).join(", ");
    const ids = elements.filter((e) => !(isOpening(e) && elements.some((w) => w.id === e.host_id))).map((e) => e.id);
    const del = h("button", { class: "danger", testid: "props-delete", disabled: !editable, onclick: () => this.issueNow({ type: "delete_elements", ids }, `delete ${ids.length} elements`) }, "Delete selection");
    return [h("p", null, `${elements.length} elements selected: ${summary}.`), del];
  }

  private elementView(state: ModelState, e: Element, editable: boolean): Node[] {
    const fields = FIELDS[e.kind] as Field<Element>[];
    const rows = fields.map((f) =>
      this.row(f.label, f.key, f.input, f.get(e), editable && f.command !== undefined, (v) => f.command!(e, v), f.limits, f.options),
    );
    const info = quantities(state, e).map(([label, value]) => h("div", { class: "props-row" }, h("span", { class: "muted" }, label), h("span", { testid: `qty-${label.split(" ")[0]!.toLowerCase()}` }, value)));
    return [
      h("p", { class: "props-kind" }, h("strong", null, title(e)), h("span", { class: "muted small" }, ` ${e.id.slice(0, 8)}`)),
      h("div", { class: "props-grid" }, ...rows, ...info),
      this.psetsView(e, editable),
    ];
  }

  private psetsView(e: Element, editable: boolean): HTMLElement {
    const rows: Node[] = [];
    for (const [set, props] of Object.entries(e.properties).sort(([a], [b]) => a.localeCompare(b))) {
      rows.push(h("div", { class: "pset-name" }, set));
      for (const [name, value] of Object.entries(props).sort(([a], [b]) => a.localeCompare(b))) {
        const input = h("input", { type: "text", value: String(value), disabled: !editable, "aria-label": `${set}.${name}`, testid: `pset-${set}-${name}` });
        input.addEventListener("change", () => {
          this.showError("");
          this.deps.issue({ type: "set_properties", id: e.id, psets: { [set]: { [name]: parseValue(input.value) } } }, `set ${name}`);
        });
        const remove = h("button", { class: "ghost small", title: "Remove this property", disabled: !editable, onclick: () => this.issueNow({ type: "set_properties", id: e.id, psets: { [set]: { [name]: null } } }, `remove ${name}`) }, "×");
        rows.push(h("div", { class: "props-row" }, h("label", null, name), h("span", { class: "pset-value" }, input, remove)));
      }
    }
    const setInput = h("input", { type: "text", placeholder: "Set", value: "Pset_Custom", "aria-label": "Property set", testid: "pset-new-set" });
    const nameInput = h("input", { type: "text", placeholder: "Name", "aria-label": "Property name", testid: "pset-new-name" });
    const valueInput = h("input", { type: "text", placeholder: "Value", "aria-label": "Property value", testid: "pset-new-value" });
    const add = h("form", { class: "pset-add" }, setInput, nameInput, valueInput, h("button", { type: "submit", disabled: !editable, testid: "pset-add" }, "Add"));
    add.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const set = setInput.value.trim();
      const name = nameInput.value.trim();
      if (!set || !name) {
        this.showError("A property needs a set and a name.");
        return;
      }
      this.issueNow({ type: "set_properties", id: e.id, psets: { [set]: { [name]: parseValue(valueInput.value) } } }, `set ${name}`);
    });
    return h("section", { class: "psets" }, h("h3", null, "Property sets"), ...(rows.length ? rows : [h("p", { class: "muted small" }, "No properties yet.")]), editable ? add : null);
  }

  private row(
    label: string,
    key: string,
    type: Field<Element>["input"],
    value: unknown,
    editable: boolean,
    command: (v: string | number | boolean) => Command,
    limits?: { min?: number; max?: number },
    options?: string[],
  ): HTMLElement {
    let input: HTMLInputElement | HTMLSelectElement;
    if (type === "select") {
      input = h("select", { disabled: !editable }, ...(options ?? []).map((o) => h("option", { value: o, selected: o === value }, o)));
    } else if (type === "checkbox") {
      input = h("input", { type: "checkbox", checked: Boolean(value), disabled: !editable });
    } else {
      input = h("input", { type: type === "number" ? "number" : "text", step: "any", value: type === "number" ? fmt(value as number) : String(value ?? ""), readOnly: !editable, disabled: false });
    }
    input.dataset.testid = `prop-${key}`;
    input.setAttribute("aria-label", label);
    input.addEventListener("change", () => {
      let v: string | number | boolean;
      if (input instanceof HTMLInputElement && input.type === "checkbox") v = input.checked;
      else if (type === "number") {
        v = Number(input.value);
        const min = limits?.min ?? -Infinity;
        const max = limits?.max ?? Infinity;
        if (input.value.trim() === "" || !Number.isFinite(v) || v < min || v > max) {
          this.showError(`${label}: enter a number${Number.isFinite(min) ? ` from ${min}` : ""}${Number.isFinite(max) ? ` up to ${max}` : ""}.`);
          input.value = fmt(value as number);
          return;
        }
      } else v = input.value.trim();
      this.showError("");
      this.deps.issue(command(v), `change ${label.replace(/ \(.*\)$/, "").toLowerCase()}`);
    });
    return h("div", { class: "props-row" }, h("label", null, label), input);
  }
}

function title(e: Element): string {
  if (e.kind === "room") return `Room ${e.number} ${e.name}`.replace(/\s+/g, " ");
  return e.kind.charAt(0).toUpperCase() + e.kind.slice(1);
}

function quantities(state: ModelState, e: Element): [string, string][] {
  switch (e.kind) {
    case "wall":
      return [["Length", `${wallLength(e).toFixed(3)} m`]];
    case "slab":
    case "room": {
      const area = Math.abs(polygonArea(e.boundary)) - (e.kind === "slab" ? e.holes.reduce((s, h) => s + Math.abs(polygonArea(h)), 0) : 0);
      const out: [string, string][] = [["Area", `${area.toFixed(2)} m²`], ["Perimeter", `${polygonPerimeter(e.boundary).toFixed(2)} m`]];
      if (e.kind === "room") out.push(["Height", `${state.roomHeight(e).toFixed(2)} m`]);
      return out;
    }
    default:
      return [];
  }
}

export function parseValue(text: string): PropertyValue {
  const t = text.trim();
  if (t === "true") return true;
  if (t === "false") return false;
  if (t !== "" && /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(t)) return Number(t);
  return text;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toFixed(6))) : "";
}

/** The bake's warnings for the selected element, in words, with their codes. */
function warningsView(warnings: string[]): Node[] {
  if (warnings.length === 0) return [];
  const items = warnings.map((w) => {
    const at = w.indexOf(": ");
    const [code, text] = at > 0 ? [w.slice(0, at), w.slice(at + 2)] : ["", w];
    // Ids as the panel shows them: their first 8 characters.
    const short = text.replace(/\b([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, "$1");
    const sentence = short ? short.charAt(0).toUpperCase() + short.slice(1) : "";
    return h("li", { "data-code": code }, `${sentence}${sentence.endsWith(".") ? "" : "."} `, h("span", { class: "muted small" }, `[${code}]`));
  });
  return [h("div", { class: "props-warnings", testid: "bake-warnings", role: "status" }, h("strong", null, "From the bake"), h("ul", null, ...items))];
}
