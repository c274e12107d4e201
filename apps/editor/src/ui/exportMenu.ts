/**
 * The Export menu (any member): IFC4, IFC2X3, GLB, and a DXF plan of the current level. A
 * choice starts an export job of the model at its newest seq; the panel under the menu lists
 * this visit's exports with their progress and, once one is done, a link that downloads it.
 * The artefact's same-origin URL needs the session's bearer token, which a plain link cannot
 * carry, so the file is fetched first and offered as a blob link under a readable name. A
 * failed export says why in words.
 */

import type { Level } from "../model/elements";
import type { ExportFormat, ExportResult } from "../net/protocol";
import type { RestClient } from "../net/rest";
import { h } from "./dom";
import { errorText } from "./errors";
import { describeFailure, exportFileName, formatBytes } from "./importReport";
import { isSettled, progressLabel, type JobView } from "./jobState";
import type { JobBoard } from "./jobWatch";

export interface ExportDeps {
  rest: RestClient;
  projectId: string;
  jobs: JobBoard;
  currentLevel(): Level | null;
  notify(text: string, kind: "info" | "error"): void;
}

const FORMATS: { format: ExportFormat; label: string; hint: string }[] = [
  { format: "ifc4", label: "IFC4", hint: "BIM exchange" },
  { format: "ifc2x3", label: "IFC2X3", hint: "for older BIM tools" },
  { format: "glb", label: "GLB", hint: "the 3D model (glTF)" },
  { format: "dxf", label: "DXF", hint: "plan of the current level" },
];

export class ExportMenu {
  readonly element: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly menu: HTMLElement;
  private readonly dxfHint = h("span", { class: "muted small" });
  private readonly dxfItem: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly list = h("ul", { class: "export-list", testid: "export-list" });
  private readonly urls = new Set<string>();
  private readonly cleanups: (() => void)[] = [];

  constructor(private readonly deps: ExportDeps) {
    this.button = h("button", { class: "tool", testid: "export-button", title: "Export the model", "aria-haspopup": "menu", "aria-expanded": "false", onclick: () => this.toggleMenu() }, "Export ▾");
    const items = FORMATS.map(({ format, label, hint }) =>
      h("button", { class: "menu-item", role: "menuitem", testid: `export-${format}`, onclick: () => void this.export(format) }, h("strong", null, label), " ", format === "dxf" ? this.dxfHint : h("span", { class: "muted small" }, hint)),
    );
    this.dxfItem = items[3]!;
    this.menu = h("div", { class: "menu", role: "menu", testid: "export-menu", hidden: true }, ...items);
    const close = h("button", { class: "ghost", testid: "export-panel-close", "aria-label": "Close the exports", onclick: () => this.clear() }, "×");
    this.panel = h("div", { class: "export-panel", testid: "export-panel", hidden: true }, h("div", { class: "dialog-head" }, h("h3", null, "Exports"), close), this.list);
    this.element = h("div", { class: "menu-anchor" }, this.button, this.menu, this.panel);
    const outside = (ev: Event) => {
      if (!this.menu.hidden && !this.element.contains(ev.target as Node)) this.showMenu(false);
    };
    document.addEventListener("pointerdown", outside);
    this.cleanups.push(() => document.removeEventListener("pointerdown", outside));
    this.element.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape" && !this.menu.hidden) {
        this.showMenu(false);
        ev.stopPropagation();
      }
    });
  }

  dispose(): void {
    for (const fn of this.cleanups.splice(0)) fn();
    this.clear();
  }

  private toggleMenu(): void {
    this.showMenu(this.menu.hidden);
  }

  private showMenu(open: boolean): void {
    if (open) {
      const level = this.deps.currentLevel();
      this.dxfHint.textContent = level ? `plan of ${level.name}` : "plan of a level (there is none)";
      this.dxfItem.disabled = !level;
    }
    this.menu.hidden = !open;
    this.button.setAttribute("aria-expanded", String(open));
  }

  private async export(format: ExportFormat): Promise<void> {
    this.showMenu(false);
    const { label } = FORMATS.find((f) => f.format === format)!;
    const level = format === "dxf" ? this.deps.currentLevel() : null;
    const name = level ? `${label} · ${level.name}` : label;
    const row = new ExportRow(name, format, () => this.remove(row));
    this.list.prepend(row.element);
    this.panel.hidden = false;
    try {
      const job = await this.deps.rest.startExport(this.deps.projectId, format, level?.id);
      this.deps.jobs.follow(job, (view) => void this.jobChanged(row, view));
    } catch (err) {
      row.fail(errorText(err, `${name} export failed`));
    }
  }

  private async jobChanged(row: ExportRow, view: JobView): Promise<void> {
    if (view.status === "failed") {
      if (isSettled(view)) row.fail(describeFailure(`${row.name} export`, view.error));
      return;
    }
    if (view.status !== "done" || !isSettled(view)) {
      row.progress(view);
      return;
    }
    const result = view.result as unknown as ExportResult;
    row.preparing();
    try {
      const url = URL.createObjectURL(await this.deps.rest.blob(result.url));
      this.urls.add(url);
      row.ready(url, result);
      this.deps.notify(`${row.name} export ready: ${exportFileName(result)} (${formatBytes(result.size)}).`, "info");
    } catch (err) {
      row.fail(errorText(err, `${row.name} export could not be downloaded`));
    }
  }

  private remove(row: ExportRow): void {
    if (row.url) {
      URL.revokeObjectURL(row.url);
      this.urls.delete(row.url);
    }
    row.element.remove();
    if (!this.list.childElementCount) this.panel.hidden = true;
  }

  private clear(): void {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls.clear();
    this.list.replaceChildren();
    this.panel.hidden = true;
  }
}

/** One export in the panel: its progress, then its download link or its error. */
class ExportRow {
  readonly element: HTMLElement;
  url: string | null = null;
  private readonly status = h("span", { class: "export-status", testid: "export-status" }, "starting…");
  private readonly bar = h("progress", { max: 1, value: 0, testid: "export-bar" });
  private readonly body = h("div", { class: "export-body" });

  constructor(
    readonly name: string,
    format: ExportFormat,
    onDismiss: () => void,
  ) {
    const dismiss = h("button", { class: "ghost small", testid: "export-dismiss", "aria-label": `Dismiss the ${name} export`, onclick: onDismiss }, "×");
    this.body.append(this.bar);
    this.element = h("li", { class: "export-job", testid: "export-job", "data-format": format, "data-status": "queued" }, h("div", { class: "export-head" }, h("strong", null, name), this.status, dismiss), this.body);
  }

  progress(view: JobView): void {
    this.element.dataset.status = view.status;
    this.status.textContent = progressLabel(view);
    this.bar.value = view.progress;
  }

  preparing(): void {
    this.element.dataset.status = "downloading";
    this.status.textContent = "fetching the file…";
    this.bar.value = 1;
  }

  ready(url: string, result: ExportResult): void {
    this.url = url;
    const name = exportFileName(result);
    this.element.dataset.status = "done";
    this.status.textContent = `ready · seq ${result.seq}`;
    this.body.replaceChildren(h("a", { class: "download", href: url, download: name, testid: "export-download", "data-source": result.url }, `Download ${name}`, h("span", { class: "muted small" }, ` (${formatBytes(result.size)})`)));
  }

  fail(text: string): void {
    this.element.dataset.status = "failed";
    this.status.textContent = "failed";
    this.body.replaceChildren(h("p", { class: "form-error", role: "alert", testid: "export-error" }, text));
  }
}
