/**
 * A chart's rows → its figures as a plain table (FigureBlock.data): what a reader who cannot see the
 * chart, or wants the numbers, gets instead — the HTML page shows it under the chart and offers it as CSV.
 * Figures stay as published (`text`, trailing zeros kept); a figure the chart leaves out (unpublished)
 * is `—`, as in the document's own tables.
 *
 * One row per item the chart compares (an indicator's label, or a region for a by-prefecture chart), one
 * column per series (or per indicator for a by-prefecture chart); the unit goes into the column heads
 * when the chart has one, else into a 单位 column.
 */
import type { CellRef, ChartTable } from "../model/types.js";
import type { ChartRow } from "./rows.js";
import type { ChartSpec } from "./spec.js";

export const MISSING = "—";

export function chartTable(meta: ChartSpec["meta"], rows: readonly ChartRow[], unit: string | undefined): ChartTable {
  const byRegion = meta.regions === "prefectures";
  // The province's row in a by-prefecture chart is its reference line, drawn as 全省.
  const rowKey = (r: ChartRow): string => (byRegion ? (r.level === "province" ? "全省" : r.regionName) : r.label);
  const columnKey = (r: ChartRow): string => r.series ?? (byRegion ? r.label : "数值");
  const keys = [...new Set(rows.map(rowKey))];
  const columns = [...new Set(rows.map(columnKey))];
  const cell = new Map(rows.map((r) => [`${rowKey(r)}\0${columnKey(r)}`, r]));
  const unitOf = (key: string): string => [...new Set(rows.filter((r) => rowKey(r) === key).map((r) => r.unit))].join("、");
  // Each figure's cell names its row in data/ (provenance: the HTML table's data-ref, data-region).
  const refs: CellRef[] = keys.flatMap((key, row) =>
    columns.flatMap((c, i) => {
      const r = cell.get(`${key}\0${c}`);
      return r ? [{ row, column: 1 + i, ref: r.id, region: r.region }] : [];
    }),
  );
  return {
    columns: [byRegion ? "地区" : "项目", ...columns.map((c) => (unit ? `${c}（${unit}）` : c)), ...(unit ? [] : ["单位"])],
    rows: keys.map((key) => [key, ...columns.map((c) => cell.get(`${key}\0${c}`)?.text ?? MISSING), ...(unit ? [] : [unitOf(key)])]),
    refs,
  };
}
