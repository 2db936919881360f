/**
 * Per-prefecture completeness: for each prefecture and each indicator published by prefecture anywhere
 * in the data, whether this prefecture's figure is there. Written as CSV (with a BOM, so Excel shows the
 * Chinese) so statistics staff know what to fill in.
 */
import { PROVINCE, type Dataset } from "../data/types.js";
import { regionalIndicators } from "../template/context.js";

export interface CompletenessRow {
  readonly region: string;
  readonly regionName: string;
  readonly indicator: string;
  readonly label: string;
  readonly unit: string;
  readonly status: "published" | "missing" | "no row";
  readonly value: string;
  readonly note: string;
}

export function completeness(dataset: Dataset): CompletenessRow[] {
  const indicators = regionalIndicators(dataset);
  return dataset.regions
    .filter((r) => r.code !== PROVINCE)
    .flatMap((region) =>
      indicators.map((ind): CompletenessRow => {
        const obs = ind.observations.get(region.code);
        return {
          region: region.code,
          regionName: region.name,
          indicator: ind.id,
          label: ind.label,
          unit: ind.unit,
          status: !obs ? "no row" : obs.value ? "published" : "missing",
          value: obs?.value?.text ?? "",
          note: obs?.note ?? "",
        };
      }),
    );
}

export function completenessCsv(rows: readonly CompletenessRow[]): string {
  const header = ["region", "region_name", "indicator", "label", "unit", "status", "value", "note"];
  const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = rows.map((r) => [r.region, r.regionName, r.indicator, r.label, r.unit, r.status, r.value, r.note].map(quote).join(","));
  return `\uFEFF${[header.join(","), ...lines].join("\r\n")}\r\n`;
}
