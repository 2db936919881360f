/**
 * What a brief's templates see as `brief` (templates/prefecture/, documented in docs/data-and-templates.md):
 * the region's published figures beside the province's and the other prefectures', each rank, the
 * indicators not yet published for it, the passages of the basis report that name it, and the basis line.
 */
import { UserError } from "../errors.js";
import { PROVINCE, type Dataset, type Indicator, type Region } from "../data/types.js";
import type { DocModel } from "../model/types.js";
import { officialDate } from "../model/numbering.js";
import { figureDirective, figureOrMissing } from "../template/figures.js";
import { markdown } from "../template/literal.js";
import { joinList, withUnit } from "../template/wording.js";
import type { BriefConfig } from "./config.js";
import { passagesNaming, type Passage } from "./passages.js";
import { gapDirective, gapsError, type Gap } from "../template/gaps.js";

export interface BriefFigure {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  /** The comparison table's column heading: the label, with the unit when the columns' units differ. */
  readonly column: string;
  /** The region's figure with its unit as published (`2316元`), as Markdown naming its row in data/ (template/figures.ts). */
  readonly valueText: string;
  /** The province's, likewise, or "" when it has none. */
  readonly provinceText: string;
  /** 1-based rank among the prefectures, largest first, when every prefecture's figure is published; else 0. */
  readonly rank: number;
  /** Published for this prefecture and at least one other: a chart compares them. */
  readonly chart: boolean;
  /** The title of the figure's source when it is not the basis report's (a bureau's own figure), else "". */
  readonly source: string;
}

export interface BriefRow {
  /** The table form of the region's name (全省, 黔西南州). */
  readonly name: string;
  /** One cell per figure, in `figures` order: as published, or the missing mark; as Markdown naming the row in data/. */
  readonly cells: readonly string[];
}

export interface BriefContext {
  /** The basis report: 《title》（number）, and where it is published. */
  readonly basis: { readonly title: string; readonly number: string; readonly publisher: string };
  /** The build date (SOURCE_DATE_EPOCH, else the kind's 成文日期), Beijing calendar day: 2021年6月9日; a 待补充 mark when unknown. */
  readonly date: string;
  readonly prefectureCount: number;
  /** Indicators with a published figure for the region, in data order. */
  readonly figures: readonly BriefFigure[];
  readonly ranked: boolean;
  /** The province, then the prefectures in code order. */
  readonly table: readonly BriefRow[];
  /** The unit line of the table when all its figures share one unit, else "". */
  readonly unit: string;
  /** The table has a missing mark. */
  readonly tableHasMissing: boolean;
  /** Labels of the indicators the data lists for the region but not yet published, joined (`a、b和c`), or "". */
  readonly missing: string;
  readonly passages: readonly Passage[];
}

const BEIJING_MS = 8 * 3600 * 1000;

/**
 * @param basisText the basis kind's title and 发文字号 as text (a 待补充 mark where unknown).
 * @param gaps where a figure not published yet (no value, no note: a year being filled in) goes; it is shown
 *   as a 待补充 mark. Without it such a figure is an error (template/gaps.ts), as in any report.
 */
export function briefContext(config: BriefConfig, dataset: Dataset, region: Region, basis: DocModel, basisText: { readonly title: string; readonly number: string }, date: Date | { readonly unknown: Gap }, gaps?: Gap[]): BriefContext {
  const doc = dataset.document;
  const source = doc.sources[config.source];
  if (!source) {
    throw new UserError({ file: config.display, line: config.lineOf("source"), path: "source", message: `"${config.source}" is not a source of data/${dataset.year}/document.yaml`, hint: `use one of: ${Object.keys(doc.sources).join(", ")}` });
  }
  const prefectures = dataset.regions.filter((r) => r.level === "prefecture");
  const listed = [...dataset.indicators.values()].filter((ind) => ind.observations.has(region.code));
  // Not published yet (no value and no note): a gap, shown where the figure will be.
  const pending = listed.filter((ind) => { const o = ind.observations.get(region.code)!; return !o.value && o.note === undefined; });
  const found: Gap[] = pending.map((ind) => { const at = ind.observations.get(region.code)!.at; return { file: at.file, line: at.line, id: ind.id, label: ind.label }; });
  // An unknown 成文日期 (and no SOURCE_DATE_EPOCH) is a gap too, never a made-up day.
  if (!(date instanceof Date)) found.push(date.unknown);
  if (found.length > 0 && !gaps) throw gapsError(found);
  gaps?.push(...found);
  const published = listed.filter((ind) => ind.observations.get(region.code)!.value || pending.includes(ind));
  const units = new Set(published.map((ind) => ind.unit));
  const figures = published.map((ind): BriefFigure => {
    const own = ind.observations.get(region.code)!;
    const province = ind.observations.get(PROVINCE);
    const others = prefectures.filter((p) => p.code !== region.code && ind.observations.get(p.code)?.value);
    return {
      id: ind.id,
      label: ind.label,
      unit: ind.unit,
      column: units.size > 1 ? `${ind.label}（${ind.unit}）` : ind.label,
      valueText: markdown(own.value ? figureDirective(withUnit(own.value, ind.unit, own.format), ind.id, region.code) : gapDirective(ind.label, ind.id)),
      provinceText: markdown(province?.value ? figureDirective(withUnit(province.value, ind.unit, province.format), ind.id, PROVINCE) : ""),
      rank: rankAmong(ind, region.code, prefectures) ?? 0,
      chart: others.length > 0,
      source: (own.source ?? ind.source) === config.source ? "" : (doc.sources[own.source ?? ind.source]?.title ?? own.source ?? ind.source),
    };
  });
  // The region's own figure not published yet is a gap (listed above); any other figure missing is the missing mark.
  const pendingHere = (ind: Indicator, code: string): boolean => code === region.code && pending.includes(ind);
  const table = dataset.regions.map((r): BriefRow => ({
    name: r.table ?? r.short,
    cells: published.map((ind) => markdown(pendingHere(ind, r.code) ? gapDirective(ind.label, ind.id) : figureOrMissing(ind, ind.observations.get(r.code), (v) => v.text))),
  }));
  const tableHasMissing = dataset.regions.some((r) => published.some((ind) => !ind.observations.get(r.code)?.value && !pendingHere(ind, r.code)));
  const day = date instanceof Date ? new Date(date.getTime() + BEIJING_MS).toISOString().slice(0, 10) : undefined;
  return {
    basis: { title: basisText.title, number: basisText.number, publisher: source.publisher ?? source.title },
    date: day !== undefined ? officialDate(day) : markdown(gapDirective(date instanceof Date ? "" : date.unknown.label, "document.date")),
    prefectureCount: prefectures.length,
    figures,
    ranked: figures.some((f) => f.rank > 0),
    table,
    unit: units.size === 1 ? [...units][0]! : "",
    tableHasMissing,
    missing: joinList(listed.filter((ind) => !ind.observations.get(region.code)!.value && !pending.includes(ind)).map((ind) => ind.label)),
    passages: passagesNaming(basis, region).map((p) => ({ ...p, markdown: markdown(p.markdown) })),
  };
}

/** 1-based rank of `code` by value (largest first) among the prefectures, or undefined if any is unpublished. */
function rankAmong(ind: Indicator, code: string, prefectures: readonly Region[]): number | undefined {
  const values = prefectures.map((p) => ind.observations.get(p.code)?.value?.value);
  const own = ind.observations.get(code)?.value?.value;
  if (own === undefined || values.some((v) => v === undefined)) return undefined;
  return 1 + values.filter((v) => v! > own).length;
}
