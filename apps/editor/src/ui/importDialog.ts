/**
 * Import: the toolbar's Import button (disabled for viewers) and its dialog. The user picks an
 * IFC, IFC-zip, DXF or 3dm file (for DXF and 3dm also the level to draw on and the units when
 * the file says none); it is uploaded with progress, the import job is started and followed
 * (percent and stage, from the socket's job frames or polling), and its report is shown when
 * it is done. Errors of the upload or of starting the job (413 too large, 422 unsupported
 * format) are shown next to the dialog's Import button; a failed job's error in words.
 * Closing the dialog does not stop an import: the toolbar button shows its progress and the
 * dialog comes back with the outcome.
 */

import type { Level } from "../model/elements";
import type { ImportOptions, ImportReport, ImportResult, ImportUnits } from "../net/protocol";
import { ApiError, type RestClient } from "../net/rest";
import { h } from "./dom";
import { errorText } from "./errors";
import { describeFailure, formatBytes, importKind, reportSentence, summarizeReport } from "./importReport";
import { isSettled, type JobView } from "./jobState";
import type { JobBoard } from "./jobWatch";
import { formatElevation } from "./levels";
import { reportView } from "./reportView";

export interface ImportDeps {
  rest: RestClient;
  projectId: string;
  jobs: JobBoard;
  levels(): Level[];
  currentLevel(): string | null;
  notify(text: string, kind: "info" | "error"): void;
  /** An import is done (its events may still be on their way); `levelIds`: where it drew. */
  imported(result: ImportResult, levelIds: string[]): void;
}

type Phase = "choose" | "uploading" | "importing" | "done";

const ACCEPT = ".ifc,.ifczip,.dxf,.3dm";
const UNITS: [ImportUnits | "", string][] = [["", "as the file says (else metres)"], ["mm", "millimetres"], ["cm", "centimetres"], ["m", "metres"], ["in", "inches"], ["ft", "feet"]];

export class ImportDialog {
  readonly button: HTMLButtonElement;
  readonly element: HTMLElement;
  private readonly input = h("input", { type: "file", accept: ACCEPT, testid: "import-file", "aria-label": "File to import" });
  private readonly fileInfo = h("p", { class: "muted small", testid: "import-file-info" }, "IFC (.ifc, .ifczip), DXF (.dxf) or Rhino (.3dm)");
  private readonly level = h("select", { testid: "import-level", "aria-label": "Level to place the drawing on" });
  private readonly units = h("select", { testid: "import-units", "aria-label": "Units" }, ...UNITS.map(([v, label]) => h("option", { value: v }, label)));
  private readonly options: HTMLElement;
  private readonly form: HTMLElement;
  private readonly start: HTMLButtonElement;
  private readonly error = h("p", { class: "form-error", role: "alert", testid: "import-error" });
  private readonly progress: HTMLElement;
  private readonly stage = h("span", { testid: "import-stage" });
  private readonly percent = h("span", { class: "percent", testid: "import-percent" });
  private readonly bar = h("progress", { max: 1, value: 0, testid: "import-bar" });
  private readonly result = h("div", { class: "import-result", testid: "import-result", hidden: true });
  private phase: Phase = "choose";
  private editable = true;

  constructor(private readonly deps: ImportDeps) {
    this.button = h("button", { class: "tool", testid: "import-button", title: "Import an IFC, DXF or 3dm file", onclick: () => this.open() }, "Import");
    this.input.addEventListener("change", () => this.fileChosen());
    this.options = h(
      "div",
      { class: "import-options", testid: "import-options", hidden: true },
      h("label", null, "Level", this.level),
      h("label", null, "Units", this.units),
    );
    this.start = h("button", { class: "primary", testid: "import-start", disabled: true, onclick: () => void this.run() }, "Import");
    this.form = h(
      "div",
      { class: "import-form", testid: "import-form" },
      h("label", { class: "file-pick" }, h("span", null, "File"), this.input),
      this.fileInfo,
      this.options,
      h("div", { class: "dialog-actions" }, this.start, this.error),
    );
    this.progress = h(
      "div",
      { class: "job-progress", testid: "import-progress", hidden: true },
      h("div", { class: "job-progress-head" }, this.stage, this.percent),
      this.bar,
    );
    const close = h("button", { class: "ghost", testid: "import-close", "aria-label": "Close", onclick: () => this.close() }, "×");
    const card = h(
      "div",
      { class: "card dialog import-card", role: "dialog", "aria-label": "Import a model" },
      h("div", { class: "dialog-head" }, h("h2", null, "Import a model"), close),
      this.form,
      this.progress,
      this.result,
    );
    this.element = h("div", { class: "overlay", testid: "import-dialog", hidden: true }, card);
    this.element.addEventListener("click", (ev) => {
      if (ev.target === this.element) this.close();
    });
    // The editor's shortcuts listen on the window: keys typed here are the dialog's own.
    this.element.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") this.close();
      ev.stopPropagation();
    });
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  open(): void {
    if (this.phase === "choose" && !this.editable) return;
    this.refreshLevels();
    this.element.hidden = false;
    queueMicrotask(() => (this.phase === "choose" ? this.input : this.element.querySelector<HTMLElement>("[data-testid=import-close]"))?.focus());
  }

  close(): void {
    this.element.hidden = true;
    if (this.phase === "done") this.reset();
  }

  /** Viewers cannot import: the button is disabled and an open, idle dialog cannot start. */
  setEditable(editable: boolean): void {
    this.editable = editable;
    this.button.disabled = !editable && this.phase !== "importing" && this.phase !== "uploading";
    this.button.title = editable ? "Import an IFC, DXF or 3dm file" : "Import — view-only access";
    this.refreshStart();
  }

  private fileChosen(): void {
    const file = this.input.files?.[0];
    this.error.textContent = "";
    if (!file) {
      this.fileInfo.textContent = "IFC (.ifc, .ifczip), DXF (.dxf) or Rhino (.3dm)";
      this.options.hidden = true;
      this.refreshStart();
      return;
    }
    const kind = importKind(file.name);
    this.fileInfo.textContent = `${file.name} · ${formatBytes(file.size)}${kind ? "" : " — not an IFC, DXF or 3dm file by its name; the server decides by its content"}`;
    this.options.hidden = kind !== "dxf" && kind !== "3dm";
    this.refreshLevels();
    this.refreshStart();
  }

  private refreshLevels(): void {
    const levels = [...this.deps.levels()].sort((a, b) => a.elevation - b.elevation);
    const chosen = this.level.value || this.deps.currentLevel() || "";
    this.level.replaceChildren(...levels.map((l) => h("option", { value: l.id }, `${l.name} (${formatElevation(l.elevation)})`)));
    if (levels.some((l) => l.id === chosen)) this.level.value = chosen;
    this.level.disabled = levels.length === 0;
  }

  private refreshStart(): void {
    this.start.disabled = !this.editable || this.phase !== "choose" || !this.input.files?.length;
  }

  private importOptions(kind: ReturnType<typeof importKind>): ImportOptions {
    if (kind !== "dxf" && kind !== "3dm") return {};
    const options: ImportOptions = {};
    if (this.level.value) options.level_id = this.level.value;
    if (this.units.value) options.units = this.units.value as ImportUnits;
    return options;
  }

  private async run(): Promise<void> {
    const file = this.input.files?.[0];
    if (!file || this.phase !== "choose" || !this.editable) return;
    const options = this.importOptions(importKind(file.name));
    this.error.textContent = "";
    this.setPhase("uploading");
    this.showProgress(`Uploading ${file.name} (${formatBytes(file.size)})`, 0);
    let started;
    const target = options.level_id;
    try {
      const upload = await this.deps.rest.upload(this.deps.projectId, file, file.name, (f) => this.showProgress(`Uploading ${file.name} (${formatBytes(file.size)})`, f));
      this.showProgress("Starting the import", 0);
      started = await this.deps.rest.startImport(this.deps.projectId, upload.id, options);
    } catch (err) {
      this.setPhase("choose");
      this.error.textContent = startError(err);
      this.open();
      return;
    }
    this.setPhase("importing");
    this.deps.jobs.follow(started, (view) => this.jobChanged(view, file.name, target));
  }

  private jobChanged(view: JobView, filename: string, levelId: string | undefined): void {
    if (view.status === "failed") {
      if (!isSettled(view)) return;
      const text = describeFailure(`Importing ${filename}`, view.error);
      this.setPhase("choose");
      this.error.textContent = text;
      this.deps.notify(text, "error");
      this.open();
      return;
    }
    if (view.status === "done" && isSettled(view)) {
      const report = view.result?.report as ImportReport | undefined;
      this.setPhase("done");
      this.result.replaceChildren(
        report ? reportView(report) : h("p", null, `Imported ${filename}.`),
        h(
          "div",
          { class: "dialog-actions" },
          h("button", { class: "primary", testid: "import-done", onclick: () => this.close() }, "Close"),
          h("button", { testid: "import-again", onclick: () => this.reset() }, "Import another file"),
        ),
      );
      if (report) this.deps.notify(reportSentence(summarizeReport(report)), "info");
      const levelIds = (report?.levels ?? []).map((l) => l.id).concat(levelId ? [levelId] : []);
      this.deps.imported(view.result as unknown as ImportResult, levelIds);
      this.open();
      return;
    }
    const label = view.status === "queued" ? `Importing ${filename}: waiting for the server` : `Importing ${filename}${view.stage ? ` — ${view.stage}` : ""}`;
    this.showProgress(label, view.status === "done" ? 1 : view.progress);
    this.button.textContent = view.status === "queued" ? "Import queued" : `Importing ${Math.floor(view.progress * 100)}%`;
  }

  private showProgress(label: string, fraction: number): void {
    this.stage.textContent = label;
    const pct = Math.floor(fraction * 100);
    this.percent.textContent = `${pct}%`;
    this.bar.value = fraction;
    this.progress.dataset.percent = String(pct);
    if (this.phase === "uploading") this.button.textContent = `Uploading ${pct}%`;
  }

  private setPhase(phase: Phase): void {
    this.phase = phase;
    this.element.dataset.phase = phase;
    this.form.hidden = phase !== "choose";
    this.progress.hidden = phase !== "uploading" && phase !== "importing";
    this.result.hidden = phase !== "done";
    if (phase === "choose" || phase === "done") this.button.textContent = "Import";
    this.button.disabled = !this.editable && (phase === "choose" || phase === "done");
    this.refreshStart();
  }

  private reset(): void {
    this.input.value = "";
    this.result.replaceChildren();
    this.error.textContent = "";
    this.setPhase("choose");
    this.fileChosen();
  }
}

function startError(err: unknown): string {
  if (err instanceof ApiError && err.status > 0) return describeFailure("Import", { code: err.code, message: err.message });
  return errorText(err, "Import failed");
}
