/**
 * The import report as the import dialog shows it: totals, the native elements and levels
 * made, one table row per source type (in the file / native / reference / skipped), why
 * objects came in as reference geometry, what was skipped and why, and the warnings.
 */

import type { ImportReport } from "../net/protocol";
import { h } from "./dom";
import { plural, summarizeReport, type ReasonCount } from "./importReport";

const COLUMNS = [
  ["total", "In file"],
  ["native", "Native"],
  ["reference", "Reference"],
  ["skipped", "Skipped"],
] as const;

export function reportView(report: ImportReport): HTMLElement {
  const s = summarizeReport(report);
  const t = s.totals;
  const cell = (row: Record<(typeof COLUMNS)[number][0], number>, col: (typeof COLUMNS)[number][0]) => h("td", { class: "num", "data-col": col }, row[col]);
  const table = h(
    "table",
    { class: "report-table", testid: "report-table" },
    h("thead", null, h("tr", null, h("th", null, "Source type"), ...COLUMNS.map(([, label]) => h("th", { class: "num" }, label)))),
    h("tbody", null, ...s.rows.map((r) => h("tr", { testid: "report-row", "data-source": r.source }, h("td", null, r.source), ...COLUMNS.map(([col]) => cell(r, col))))),
    h("tfoot", null, h("tr", { testid: "report-total-row" }, h("td", null, "All"), ...COLUMNS.map(([col]) => cell(t, col)))),
  );
  return h(
    "section",
    { class: "import-report", testid: "import-report" },
    h("h3", { testid: "report-title" }, s.title, s.origin && h("span", { class: "muted small" }, ` · ${s.origin}`)),
    h("p", { testid: "report-totals" }, `${plural(t.total, "object", "objects")} in the file: ${t.native} mapped natively, ${t.reference} as reference geometry, ${t.skipped} skipped.`),
    h("p", { testid: "report-native" }, h("strong", null, "Native PRYZM elements: "), s.nativeLine),
    s.levels.length > 0 && h("p", { testid: "report-levels" }, h("strong", null, "Levels: "), s.levels.join(", ")),
    table,
    reasonList("Came in as reference geometry because", "report-fallbacks", s.asReference),
    reasonList("Skipped", "report-skipped", s.skipped),
    s.warnings.length > 0 &&
      h(
        "div",
        { class: "report-section", testid: "report-warnings" },
        h("h4", null, `Warnings (${s.warnings.reduce((n, w) => n + w.count, 0)})`),
        h("ul", null, ...s.warnings.map((w) => h("li", { testid: "report-warning", "data-code": w.code }, h("code", null, w.code), w.count > 1 ? ` ×${w.count}` : "", `: ${w.message}`))),
      ),
  );
}

function reasonList(title: string, testid: string, items: ReasonCount[]): HTMLElement | null {
  if (!items.length) return null;
  return h(
    "div",
    { class: "report-section", testid },
    h("h4", null, `${title} (${items.reduce((n, r) => n + r.count, 0)})`),
    h("ul", null, ...items.map((r) => h("li", { "data-source": r.source }, h("span", { class: "count" }, `${r.count} ×`), ` ${r.source}${r.source ? ": " : ""}${r.reason}`))),
  );
}
