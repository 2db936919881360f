/** The names a template can use besides the helpers (documented in docs/data-and-templates.md). */
import { PROVINCE, type Dataset, type Indicator, type Region } from "../data/types.js";
import { MISSING_MARK } from "./helpers.js";

export interface RegionalRow {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  /** This region's figure as published, or the missing mark. */
  readonly value: string;
  readonly province: string;
  /** Rank among the prefectures by value, largest first, when all of them are published; else missing mark. */
  readonly rank: string;
  readonly published: boolean;
}

export interface TemplateContext {
  readonly year: number;
  readonly doc: { readonly title: string };
  readonly region: Region;
  readonly province: Region;
  /** The province, then the prefectures in code order. */
  readonly regions: readonly Region[];
  readonly prefectures: readonly Region[];
  /** Every indicator published by prefecture, seen from `region`. */
  readonly regional: readonly RegionalRow[];
}

export function buildContext(dataset: Dataset, region: Region): TemplateContext {
  const prefectures = dataset.regions.filter((r) => r.level === "prefecture");
  return {
    year: dataset.year,
    doc: { title: dataset.document.title },
    region,
    province: dataset.regions[0]!,
    regions: dataset.regions,
    prefectures,
    regional: regionalIndicators(dataset).map((ind) => regionalRow(ind, region, prefectures)),
  };
}

/** Indicators that have a row (published or marked missing) for at least one prefecture. */
export function regionalIndicators(dataset: Dataset): Indicator[] {
  return [...dataset.indicators.values()].filter((ind) => [...ind.observations.keys()].some((code) => code !== PROVINCE));
}

/** 1-based rank of `code` by value (largest first) among the prefectures, or undefined if any is unpublished. */
export function rankAmong(ind: Indicator, code: string, prefectures: readonly Region[]): number | undefined {
  const values = prefectures.map((p) => ind.observations.get(p.code)?.value?.value);
  const own = ind.observations.get(code)?.value?.value;
  if (own === undefined || values.some((v) => v === undefined)) return undefined;
  return 1 + values.filter((v) => v! > own).length;
}

function regionalRow(ind: Indicator, region: Region, prefectures: readonly Region[]): RegionalRow {
  const own = ind.observations.get(region.code)?.value;
  const rank = rankAmong(ind, region.code, prefectures);
  return {
    id: ind.id,
    label: ind.label,
    unit: ind.unit,
    value: own?.text ?? MISSING_MARK,
    province: ind.observations.get(PROVINCE)?.value?.text ?? MISSING_MARK,
    rank: rank === undefined ? MISSING_MARK : `${rank}/${prefectures.length}`,
    published: own !== undefined,
  };
}
