/**
 * A chart's description, for a reader who cannot see it — the HTML's <desc> and the PDF's alternative text of its
 * Figure, the same words in both: how many items and the highest and lowest of them (by-prefecture charts: of
 * the prefectures, with the province's figure beside), or, for a chart of several series, what it sets side by
 * side. The numbers are the published texts of the chart's data (model ChartTable); they are only compared.
 */
import type { ChartTable } from "../model/types.js";

export function describeChart(f: { readonly label: string; readonly caption: string; readonly unit?: string; readonly data?: ChartTable }): string {
  if (!f.data) return `${f.label} ${f.caption}。`;
  const { columns, rows } = f.data;
  const unit = f.unit ?? "";
  const values = columns.slice(1).filter((c) => c !== "单位");
  if (values.length !== 1) {
    return `${f.caption}：${rows.map((r) => r[0]).join("、")}的${values.map((c) => c.replace(/（[^）]*）$/, "")).join("、")}${unit ? `，单位${unit}` : ""}。各项数值见图下数据表。`;
  }
  const overall = rows.find((r) => r[0] === "全省");
  const items = rows.filter((r) => r !== overall && Number.isFinite(Number(r[1])));
  const figure = (r: readonly string[]): string => `${r[0]}${r[1]}${unit || (r[2] ?? "")}`;
  if (items.length === 0) return `${f.caption}。各项数值见图下数据表。`;
  const sorted = [...items].sort((a, b) => Number(b[1]) - Number(a[1]));
  const range = items.length > 1 ? `，最高为${figure(sorted[0]!)}，最低为${figure(sorted.at(-1)!)}` : `：${figure(items[0]!)}`;
  return `${f.caption}，共${items.length}项${range}${overall ? `；全省为${overall[1]}${unit}` : ""}。各项数值见图下数据表。`;
}
