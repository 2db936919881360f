/** The names a template can use besides the helpers (documented in docs/data-and-templates.md). */
import { PROVINCE, type Dataset, type Figure, type Indicator, type Observation, type Region } from "../data/types.js";
import { MISSING_MARK, figureOrMissing } from "./figures.js";
import { joinList, withUnit } from "./wording.js";
import { docNumberText, officialDate } from "../model/numbering.js";
import type { KindDocument } from "./kinds.js";
import { gapDirective, gapText, type Gap } from "./gaps.js";
import { markdown } from "./literal.js";

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
  /** Not published yet (no value, no note): a gap, shown as a 待补充 mark. */
  readonly pending: boolean;
}

/** A kind's metadata as text: "" where the document has none, a 待补充 mark where it is unknown. */
export interface DocText {
  readonly title: string;
  /** 发文字号, e.g. 黔人社通〔2021〕72号. */
  readonly number: string;
  readonly issuers: string;
  /** 成文日期, e.g. 2021年6月9日. */
  readonly date: string;
}

export interface TemplateContext {
  readonly year: number;
  /** This report's own metadata (templates/<kind>/<year>/document.yaml), and the data's first source. */
  readonly doc: DocText & { readonly source: string };
  /** Every kind's metadata for the year, by kind: `{{docs.bulletin.number}}`. Read only when used. */
  readonly docs: Readonly<Record<string, DocText>>;
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

export const DOCUMENT_LABELS = { title: "标题", docNumber: "发文字号", issuers: "发文机关", date: "成文日期" } as const;

/**
 * A kind's metadata as text. `mark` gives the text for an unknown field (a gap mark in Markdown, or plain
 * 【待补充：…】 text).
 */
export function documentText(doc: KindDocument, mark: (field: keyof typeof DOCUMENT_LABELS) => string): DocText {
  const f = <T>(field: keyof typeof DOCUMENT_LABELS, value: T | "unknown" | undefined, text: (v: T) => string): string =>
    value === undefined ? "" : value === "unknown" ? mark(field) : text(value);
  return {
    title: f("title", doc.title, (t) => t),
    number: f("docNumber", doc.docNumber, docNumberText),
    issuers: f("issuers", doc.issuers, (list) => list.join(" ")),
    date: f("date", doc.date, officialDate),
  };
}

/** The gap of a document field marked unknown, at its line in document.yaml. */
export function documentGap(doc: KindDocument, field: keyof typeof DOCUMENT_LABELS): Gap {
  return { file: doc.file, line: doc.lines[field], id: `document.${field}`, label: DOCUMENT_LABELS[field] };
}

/** Plain text for an unknown field (model metadata, 发文字号 and signature blocks). */
export const documentMark = (field: keyof typeof DOCUMENT_LABELS): string => gapText(DOCUMENT_LABELS[field]);

/**
 * @param own the report's kind's metadata: its unknown fields are gaps of every report of the kind.
 * @param others the kinds of the same year and their metadata (for `docs.<kind>`), loaded when a template reads it.
 */
export function buildContext(dataset: Dataset, region: Region, own: KindDocument, others: { readonly kinds: readonly string[]; readonly load: (kind: string) => KindDocument }, gaps: Gap[]): TemplateContext {
  const prefectures = dataset.regions.filter((r) => r.level === "prefecture");
  const regional = regionalIndicators(dataset).map((ind) => regionalRow(ind, region, prefectures, gaps));
  const marked = (doc: KindDocument) => (field: keyof typeof DOCUMENT_LABELS): string => {
    gaps.push(documentGap(doc, field));
    return markdown(gapDirective(DOCUMENT_LABELS[field], `document.${field}`));
  };
  const ownText = documentText(own, marked(own));
  const docs: Record<string, DocText> = {};
  for (const kind of others.kinds) {
    Object.defineProperty(docs, kind, { enumerable: true, get: () => documentText(others.load(kind), marked(others.load(kind))) });
  }
  const sources = Object.values(dataset.document.sources);
  return {
    year: dataset.year,
    doc: { ...ownText, source: sources[0]?.title ?? ownText.title },
    docs,
    region,
    province: dataset.regions[0]!,
    regions: dataset.regions,
    prefectures,
    regional,
    // Not published at all (a note says so), not those still to be filled in (gaps).
    regionalMissing: joinList(regional.filter((r) => !r.published && !r.pending).map((r) => r.label)),
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

/**
 * A figure's text, or the missing mark (not published, a note says so), each naming its row in data/
 * (figures.ts), or — not published yet (no value, no note) — a gap mark, its gap located at the data row
 * (these names are not helpers: no template line).
 */
function figureText(ind: Indicator, obs: Observation | undefined, text: (value: Figure) => string, gaps: Gap[]): string {
  if (obs && !obs.value && obs.note === undefined) {
    gaps.push({ file: obs.at.file, line: obs.at.line, id: ind.id, label: ind.label });
    return gapDirective(ind.label, ind.id);
  }
  return figureOrMissing(ind, obs, text);
}

function regionalRow(ind: Indicator, region: Region, prefectures: readonly Region[], gaps: Gap[]): RegionalRow {
  const own = ind.observations.get(region.code);
  const province = ind.observations.get(PROVINCE);
  const rank = rankAmong(ind, region.code, prefectures);
  // Recorded only once each report reads them: getters (Handlebars reads own properties).
  return {
    id: ind.id,
    label: ind.label,
    unit: ind.unit,
    // Markdown (figure directives): printed as it is; label and unit are data text, printed literally.
    get value() {
      return markdown(figureText(ind, own, (v) => v.text, gaps));
    },
    get valueText() {
      return markdown(figureText(ind, own, (v) => withUnit(v, ind.unit, own?.format), gaps));
    },
    get province() {
      return markdown(figureText(ind, province, (v) => v.text, gaps));
    },
    get provinceText() {
      return markdown(figureText(ind, province, (v) => withUnit(v, ind.unit, province?.format), gaps));
    },
    pending: own !== undefined && own.value === null && own.note === undefined,
    rank: rank === undefined ? MISSING_MARK : `${rank}/${prefectures.length}`,
    rankNumber: rank ?? 0,
    published: own?.value != null,
  };
}
