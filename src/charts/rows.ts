/**
 * Dataset → the rows a chart spec sees as its data source "indicators": one per (indicator × region)
 * with a published value. Unpublished figures (value null) are left out, never estimated.
 */
import { UserError } from "../errors.js";
import { growthWords } from "../template/wording.js";
import { PROVINCE, type Dataset, type Region } from "../data/types.js";
import type { ChartSpec } from "./spec.js";

export interface ChartRow {
  readonly id: string;
  /** usermeta.bulletin.labels[id], else the indicator's label from data. */
  readonly label: string;
  /** usermeta.bulletin.series[id], else null: a second dimension (grouped bars, colour). */
  readonly series: string | null;
  readonly region: string;
  /** The region's short name (遵义, 黔西南州). */
  readonly regionName: string;
  readonly level: Region["level"];
  readonly value: number;
  /** The figure as published (trailing zeros kept): use it for labels, never format `value`. */
  readonly text: string;
  readonly unit: string;
  /** Published growth in %, or null. */
  readonly growth: number | null;
  /** `增长5.4%` / `下降6.1%` (shared/conventions.md wording), or null. */
  readonly change: string | null;
  /** The row's region is the report's region and a prefecture: its bar stands out. Never in the province report. */
  readonly highlight: boolean;
  /** Position in usermeta order (indicator, then region in code order): sort by it to keep that order. */
  readonly order: number;
}

export interface ChartData {
  readonly rows: ChartRow[];
  /** The unit all the chart's indicators share, if they share one. */
  readonly unit?: string;
}

/** @param only one indicator to draw instead of the spec's list (`::chart{spec="…" indicator="…"}`). */
export function chartRows(chart: ChartSpec, dataset: Dataset, region: Region, only?: string): ChartData {
  const { display } = chart;
  const meta = only === undefined ? chart.meta : { ...chart.meta, indicators: [only] };
  const unknown = meta.indicators.filter((id) => !dataset.indicators.has(id));
  if (only !== undefined && unknown.length > 0) {
    throw new UserError({ message: `::chart{spec="${chart.name}" indicator="${only}"}: unknown indicator (not in data/${dataset.year}/indicators/*.csv)`, hint: "use an id from the indicator CSV files (column id)" });
  }
  if (unknown.length > 0) {
    throw new UserError(
      unknown.map((id) => ({
        file: display,
        line: chart.lineOf(id),
        path: "usermeta.bulletin.indicators",
        message: `unknown indicator "${id}" (not in data/${dataset.year}/indicators/*.csv)`,
        hint: "use an id from the indicator CSV files (column id)",
      })),
    );
  }
  // "province": the province's figures; "prefectures": the nine prefectures plus the province row
  // (level "province"), which a spec may draw as a reference line or filter out.
  const regions = meta.regions === "province" ? dataset.regions.filter((r) => r.code === PROVINCE) : dataset.regions;
  const rows: ChartRow[] = [];
  const units = new Set<string>();
  for (const id of meta.indicators) {
    const indicator = dataset.indicators.get(id)!;
    units.add(indicator.unit);
    for (const r of regions) {
      const obs = indicator.observations.get(r.code);
      if (!obs?.value) continue;
      rows.push({
        id,
        label: meta.labels?.[id] ?? indicator.label,
        series: meta.series?.[id] ?? null,
        region: r.code,
        regionName: r.short,
        level: r.level,
        value: obs.value.value,
        text: obs.value.text,
        unit: indicator.unit,
        growth: obs.growth ? obs.growth.value : null,
        change: obs.growth ? growthWords(obs.growth) : null,
        highlight: region.level === "prefecture" && r.code === region.code,
        order: rows.length,
      });
    }
  }
  if (rows.length === 0) {
    throw new UserError({
      file: display,
      message: `none of the chart's figures is published for ${meta.regions === "province" ? "the province" : "any region"}`,
      hint: "a chart of missing figures would mislead: choose published indicators or remove the ::chart line",
    });
  }
  return { rows, unit: units.size === 1 ? [...units][0] : undefined };
}
