/**
 * Words for imports and exports: the import report (docs/interop.md, case B8) as what the
 * report dialog shows, a failed job's error, file sizes and download names. Pure.
 */

import type { Level } from "../model/elements";
import type { ExportResult, ImportReport, JobError, ReportCount } from "../net/protocol";
import { formatElevation } from "./levels";

export interface ReportRow extends ReportCount {
  source: string;
}

export interface ReasonCount {
  source: string;
  reason: string;
  count: number;
}

export interface ReportSummary {
  title: string; // "AC20-FZK-Haus.ifc"
  origin: string; // "IFC4 · GRAPHISOFT ARCHICAD-64 20.0.0"
  totals: ReportCount;
  /** "9 walls, 5 doors, 2 slabs, 2 levels": the PRYZM elements made natively. */
  nativeLine: string;
  rows: ReportRow[];
  asReference: ReasonCount[];
  skipped: ReasonCount[];
  warnings: { code: string; count: number; message: string }[];
  levels: string[];
}

const KIND_WORDS: Record<string, [string, string]> = {
  level: ["level", "levels"],
  wall: ["wall", "walls"],
  door: ["door", "doors"],
  window: ["window", "windows"],
  slab: ["slab", "slabs"],
  column: ["column", "columns"],
  room: ["room", "rooms"],
  underlay_layer: ["underlay layer", "underlay layers"],
};

const KIND_ORDER = ["level", "wall", "door", "window", "slab", "column", "room"];

export function summarizeReport(report: ImportReport): ReportSummary {
  const rows = Object.entries(report.counts ?? {})
    .map(([source, c]) => ({ source, total: c.total, native: c.native, reference: c.reference, skipped: c.skipped }))
    .sort((a, b) => a.source.localeCompare(b.source));
  const totals = rows.reduce((t, r) => ({ total: t.total + r.total, native: t.native + r.native, reference: t.reference + r.reference, skipped: t.skipped + r.skipped }), { total: 0, native: 0, reference: 0, skipped: 0 });
  const kinds = Object.keys(report.native ?? {}).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const nativeLine = kinds.filter((k) => report.native[k]! > 0).map((k) => plural(report.native[k]!, ...(KIND_WORDS[k] ?? [k.replace(/_/g, " "), `${k.replace(/_/g, " ")}s`]))).join(", ");
  const source = report.source ?? {};
  const origin = [source.schema, shortApplication(source.application)].filter(Boolean).join(" · ");
  return {
    title: source.filename || `${(report.format ?? "").toUpperCase()} file`,
    origin,
    totals,
    nativeLine: nativeLine || "none",
    rows,
    asReference: reasons(report.as_reference_because),
    skipped: reasons(report.skipped_reasons),
    warnings: groupWarnings(report.warnings ?? []),
    levels: (report.levels ?? []).map((l) => `${l.name} (${formatElevation(l.elevation)})`),
  };
}

/** "source: reason" -> count, most frequent first. */
function reasons(counts: Record<string, number> | undefined): ReasonCount[] {
  return Object.entries(counts ?? {})
    .map(([key, count]) => {
      const at = key.indexOf(": ");
      return at < 0 ? { source: "", reason: key, count } : { source: key.slice(0, at), reason: key.slice(at + 2), count };
    })
    .sort((a, b) => b.count - a.count || a.source.localeCompare(b.source) || a.reason.localeCompare(b.reason));
}

function groupWarnings(warnings: ImportReport["warnings"]): ReportSummary["warnings"] {
  const byCode = new Map<string, { code: string; count: number; message: string }>();
  for (const w of warnings) {
    const g = byCode.get(w.code);
    if (g) g.count += 1;
    else byCode.set(w.code, { code: w.code, count: 1, message: w.message });
  }
  return [...byCode.values()];
}

/** The report in one sentence, for the status bar. */
export function reportSentence(s: ReportSummary): string {
  return `Imported ${s.title}: ${s.nativeLine === "none" ? "nothing native" : s.nativeLine}; ${plural(s.totals.reference, "reference object", "reference objects")}; ${s.totals.skipped} skipped.`;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const FAILURES: Record<string, string> = {
  empty_file: "The file is empty.",
  truncated: "The file is cut short, as if its upload was interrupted.",
  wrong_content: "The file is not what its name says it is.",
  unreadable: "The file could not be read.",
  zip_bomb: "The zip file would expand too far to open safely.",
  too_many_entities: "The file holds more objects than PRYZM imports at once.",
  too_large: "Importing the file needs more memory than the server allows.",
  importer_crashed: "The importer crashed on this file.",
  timeout: "The import ran for more than 30 minutes and was stopped.",
  unknown_format: "PRYZM cannot import this kind of file.",
  unsupported_format: "PRYZM cannot import this kind of file: only IFC, IFC-zip, DXF and 3dm files import.",
  upload_too_large: "The file is larger than this server accepts.",
  unknown_upload: "The uploaded file is no longer on the server.",
  unknown_level: "The chosen level no longer exists.",
  forbidden: "You can no longer edit this project.",
  rejected: "The project changed during the import and refused part of it; trying again is safe.",
  sync_unavailable: "The server could not store the import; trying again is safe.",
  export_invalid: "The exported file failed its validation, so it is not offered.",
  unknown_job: "The server no longer knows this job.",
};

/** A failed job's error in words: what it means, the server's own message, the code. */
export function describeFailure(action: string, error: JobError | null | undefined): string {
  if (!error) return `${action} failed.`;
  const meaning = FAILURES[error.code];
  const message = error.message && error.message !== error.code ? error.message : "";
  const parts = [meaning, message && message !== meaning ? message : ""].filter(Boolean);
  return `${action} failed: ${parts.join(" ") || "the server gave no reason."} [${error.code}]`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** The name to save an export as: "model-ifc4.ifc", "model-dxf.dxf". */
export function exportFileName(result: Pick<ExportResult, "filename" | "format">): string {
  const name = result.filename || `model.${result.format}`;
  const dot = name.lastIndexOf(".");
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : "";
  return `${stem}-${result.format}${ext}`;
}

/**
 * The level the plan should show after an import, when the user is on an empty one: of the
 * levels the import made or drew on, the one with the most native elements (walls, doors,
 * rooms... rather than a roof's many reference rafters), then the most elements of any kind,
 * then the lower one; null when none has any.
 */
export function levelAfterImport(levels: Level[], importedIds: string[], count: (levelId: string) => { native: number; all: number }): string | null {
  const wanted = new Set(importedIds);
  let best: { level: Level; native: number; all: number } | null = null;
  for (const level of levels) {
    if (!wanted.has(level.id)) continue;
    const { native, all } = count(level.id);
    if (all === 0) continue;
    const better = !best || native > best.native || (native === best.native && (all > best.all || (all === best.all && level.elevation < best.level.elevation)));
    if (better) best = { level, native, all };
  }
  return best?.level.id ?? null;
}

/** The kind of file by its name: what the import dialog asks (DXF and 3dm go on a level). */
export function importKind(filename: string): "ifc" | "dxf" | "3dm" | null {
  const lower = filename.toLowerCase();
  if (lower.endsWith(".ifc") || lower.endsWith(".ifczip")) return "ifc";
  if (lower.endsWith(".dxf")) return "dxf";
  if (lower.endsWith(".3dm")) return "3dm";
  return null;
}

function shortApplication(app: string | undefined): string {
  if (!app) return "";
  const text = app.replace(/^IFC file generated by\s+/i, "");
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function rank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}
