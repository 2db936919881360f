/** The names a template can use besides the helpers (documented in docs/data-and-templates.md). */
import { PROVINCE, type Dataset, type Indicator, type Region } from "../data/types.js";
import { MISSING_MARK } from "./helpers.js";
import { joinList, withUnit } from "./wording.js";
import { docNumberText } from "../model/numbering.js";

export interface RegionalRow {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  /** This region's figure as published, or the missing mark. */
  readonly value: string;
  /** With its unit as published (`2316元`), or the missing mark. */
  readonly valueText: string;
  readonly province: string;
  readonly provinceText: string;
  /** Rank among the prefectures by value, largest first (`3/9`), when all of them are published; else missing mark. */
  readonly rank: string;
  /** The rank alone (3), or 0 when there is none. */
  readonly rankNumber: number;
  readonly published: boolean;
}

export interface TemplateContext {
  readonly year: number;
  readonly doc: { readonly title: string; readonly number: string; readonly source: string };
  readonly region: Region;
  readonly province: Region;
  /** The province, then the prefectures in code order. */
  readonly regions: readonly Region[];
  readonly prefectures: readonly Region[];
  /** Every indicator published by prefecture, seen from `region`. */
  readonly regional: readonly RegionalRow[];
  /** The labels of the regional indicators not published for `region`, joined (`a、b和c`), or "". */
  readonly regionalMissing: string;
}

export function buildContext(dataset: Dataset, region: Region): TemplateContext {
  const prefectures = dataset.regions.filter((r) => r.level === "prefecture");
  const regional = regionalIndicators(dataset).map((ind) => regionalRow(ind, region, prefectures));
  const doc = dataset.document;
  return {
    year: dataset.year,
    doc: { title: doc.title, number: docNumberText(doc.docNumber), source: Object.values(doc.sources)[0]?.title ?? doc.title },
    region,
    province: dataset.regions[0]!,
    regions: dataset.regions,
    prefectures,
    regional,
    regionalMissing: joinList(regional.filter((r) => !r.published).map((r) => r.label)),
  };
}

/** Indicators that have a row (published or marked missing) for at least one prefecture. */
export function regionalIndicators(dataset: Dataset): Indicator[] {
  return [...dataset.indicators.values()].filter((ind) => [...ind.observations.keys()].some((code) => code !== PROVINCE));
}

/** 1-based rank of `code` by value (largest first) among the prefectures, or undefined if any is unpublished. */
function rankAmong(ind: Indicator, code: string, prefectures: readonly Region[]): number | undefined {
  const values = prefectures.map((p) => ind.observations.get(p.code)?.value?.value);
  const own = ind.observations.get(code)?.value?.value;
  if (own === undefined || values.some((v) => v === undefined)) return undefined;
  return 1 + values.filter((v) => v! > own).length;
}

function regionalRow(ind: Indicator, region: Region, prefectures: readonly Region[]): RegionalRow {
  const own = ind.observations.get(region.code);
  const province = ind.observations.get(PROVINCE);
  const rank = rankAmong(ind, region.code, prefectures);
  return {
    id: ind.id,
    label: ind.label,
    unit: ind.unit,
    value: own?.value?.text ?? MISSING_MARK,
    valueText: own?.value ? withUnit(own.value, ind.unit, own.format) : MISSING_MARK,
    province: province?.value?.text ?? MISSING_MARK,
    provinceText: province?.value ? withUnit(province.value, ind.unit, province.format) : MISSING_MARK,
    rank: rank === undefined ? MISSING_MARK : `${rank}/${prefectures.length}`,
    rankNumber: rank ?? 0,
    published: own?.value != null,
  };
}
