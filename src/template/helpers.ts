/**
 * Handlebars helpers: the only way a figure reaches a template. Each looks the indicator up in the dataset
 * and words it with wording.ts. Any misuse (unknown id, missing value, no growth published) is a UserError
 * naming the template and line.
 */
import type { HelperOptions } from "handlebars";
import { UserError } from "../errors.js";
import { PROVINCE, type Dataset, type Figure, type Indicator, type Observation } from "../data/types.js";
import { deltaWords, growthList, growthWords, withUnit } from "./wording.js";
import { gapDirective, type Gap } from "./gaps.js";
import { findRegion, regionHelpers } from "./regions.js";
import type { HelperContract } from "./helper-guard.js";
import { figureDirective, figureOrMissing } from "./figures.js";
import { markdown } from "./literal.js";

/** What every render passes to the helpers as @data. */
export interface RenderData {
  readonly dataset: Dataset;
  /** Template file, relative to the repo, for error messages. */
  readonly template: string;
  /** Where the helpers put each figure not published yet; they give back its mark (gaps.ts). */
  readonly gaps: Gap[];
}

type Options = HelperOptions & { loc?: { start: { line: number; column: number } } };

function fail(options: Options, message: string, hint?: string): never {
  const data = options.data as { bulletin: RenderData };
  throw new UserError({ file: data.bulletin.template, line: options.loc?.start.line, message, hint });
}

function dataset(options: Options): Dataset {
  return (options.data as { bulletin: RenderData }).bulletin.dataset;
}

function indicator(id: unknown, options: Options): Indicator {
  if (typeof id !== "string") fail(options, `expected an indicator id in quotes, got ${String(id)}`);
  const found = dataset(options).indicators.get(id);
  if (!found) fail(options, `unknown indicator "${id}"`, "add a row for it in data/<year>/indicators/*.csv, or fix the id");
  return found;
}

function observation(id: unknown, options: Options): { ind: Indicator; obs: Observation } {
  const ind = indicator(id, options);
  const region = regionCode(options);
  const obs = ind.observations.get(region);
  if (!obs) fail(options, `indicator "${ind.id}" has no row for region ${region}`, "add the row to data, or use {{cell}} in a table to show it as missing");
  return { ind, obs };
}

/**
 * The region a helper's `region=` names (a code, a name or a region object), the province without it. An
 * unknown one is an error listing the valid ones — never a figure "not published yet".
 */
function regionCode(options: Options): string {
  const asked = (options.hash as { region?: unknown }).region;
  return asked === undefined ? PROVINCE : findRegion(asked, options).code;
}

/** Records a gap at the helper's place and gives back its Markdown mark. */
function gap(options: Options, ind: Indicator, label = ind.label): string {
  const data = (options.data as { bulletin: RenderData }).bulletin;
  data.gaps.push({ file: data.template, line: options.loc?.start.line, id: ind.id, label });
  return gapDirective(label, ind.id);
}

/** The figure, or — when it has no value (not published yet, or not at all) or no row — a gap mark. */
function published(id: unknown, options: Options): { ind: Indicator; obs: Observation; value: Figure } | string {
  const ind = indicator(id, options);
  const region = regionCode(options);
  const obs = ind.observations.get(region);
  if (!obs?.value) return gap(options, ind);
  return { ind, obs, value: obs.value };
}

/** The published growth, with its indicator and region (a figure, for provenance), or a gap mark. */
function growthOf(id: unknown, options: Options): { growth: Figure; id: string; region: string } | string {
  const ind = indicator(id, options);
  const region = regionCode(options);
  const growth = ind.observations.get(region)?.growth;
  return growth ? { growth, id: ind.id, region } : gap(options, ind, `${ind.label}增速`);
}

const ID = '"<indicator id>"';
const IN_REGION = '(region="<code>" optional)';
/** What each helper takes (helper-guard.ts checks every call against it). */
export const HELPER_CONTRACTS: Readonly<Record<string, HelperContract>> = {
  fig: { args: 1, usage: `{{fig ${ID}}} ${IN_REGION}` },
  num: { args: 1, usage: `{{num ${ID}}} ${IN_REGION}` },
  unitOf: { args: 1, usage: `{{unitOf ${ID}}}` },
  labelOf: { args: 1, usage: `{{labelOf ${ID}}}` },
  cell: { args: 1, usage: `{{cell ${ID} region=code}}` },
  change: { args: 1, usage: `{{change ${ID}}} ${IN_REGION}` },
  delta: { args: 1, usage: `{{delta ${ID}}} ${IN_REGION}` },
  changes: { min: 2, usage: '{{changes "<id>" "<id>" …}} (style="分别为", sep="、" optional)' },
  prefecturesMissing: { min: 1, usage: '(prefecturesMissing "<id>" …) inside {{#if}}' },
  regionsOf: { args: 1, usage: '(regionsOf "all" | "province" | "prefectures" | "520100,520300")' },
  region: { args: 1, usage: '(region "520300")' },
  attr: { args: 2, usage: '{{attr region "table"}} (fallback="short" optional)' },
  isProvince: { args: 1, usage: "(isProvince region)" },
  eq: { args: 2, usage: "(eq a b)" },
  ne: { args: 2, usage: "(ne a b)" },
  not: { args: 1, usage: "(not x)" },
  and: { min: 1, usage: "(and a b …)" },
  or: { min: 1, usage: "(or a b …)" },
};

export const helpers: Record<string, (...args: unknown[]) => unknown> = {
  fig(id: unknown, options: unknown) {
    const found = published(id, options as Options);
    return markdown(typeof found === "string" ? found : figureDirective(withUnit(found.value, found.ind.unit, found.obs.format), found.ind.id, found.obs.region));
  },
  num(id: unknown, options: unknown) {
    const found = published(id, options as Options);
    return markdown(typeof found === "string" ? found : figureDirective(found.value.text, found.ind.id, found.obs.region));
  },
  unitOf(id: unknown, options: unknown) {
    return indicator(id, options as Options).unit;
  },
  labelOf(id: unknown, options: unknown) {
    return indicator(id, options as Options).label;
  },
  cell(id: unknown, options: unknown) {
    const ind = indicator(id, options as Options);
    const region = regionCode(options as Options);
    const obs = ind.observations.get(region);
    // A row with an empty value and no note is a figure not published yet: a gap, not a missing figure.
    if (obs && !obs.value && obs.note === undefined) return markdown(gap(options as Options, ind));
    return markdown(figureOrMissing(ind, obs, (v) => v.text));
  },
  change(id: unknown, options: unknown) {
    const found = growthOf(id, options as Options);
    return markdown(typeof found === "string" ? found : figureDirective(growthWords(found.growth), found.id, found.region));
  },
  delta(id: unknown, options: unknown) {
    const { ind, obs } = observation(id, options as Options);
    if (!obs.delta) return markdown(gap(options as Options, ind, `${ind.label}增减`));
    return markdown(figureDirective(deltaWords(obs.delta, ind.unit), ind.id, obs.region));
  },
  /** True when any prefecture's row of these indicators has no published value: for a table's note on them. */
  prefecturesMissing(...args: unknown[]) {
    const options = args.pop() as Options;
    const codes = dataset(options).regions.filter((r) => r.level === "prefecture").map((r) => r.code);
    return args.some((id) => codes.some((code) => indicator(id, options).observations.get(code)?.value == null));
  },
  changes(...args: unknown[]) {
    const options = args.pop() as Options;
    const style = (options.hash as { style?: string }).style ?? "分别";
    if (style !== "分别" && style !== "分别为") fail(options, `style="${style}" is not known`, 'use style="分别为" or leave it out');
    const last = (options.hash as { sep?: string }).sep ?? "和";
    if (last !== "和" && last !== "、") fail(options, `sep="${last}" is not known`, 'use sep="、" or leave it out (和)');
    if (args.length < 2) fail(options, "changes needs two or more indicator ids", "use {{change}} for one");
    const growths = args.map((id) => growthOf(id, options));
    const marks = growths.filter((g): g is string => typeof g === "string");
    // Any growth not published yet: the marks stand for the whole list (its wording needs every figure).
    if (marks.length) return markdown(marks.join("、"));
    const found = growths as Exclude<(typeof growths)[number], string>[];
    return markdown(growthList(found.map((g) => g.growth), style, last, (text, i) => figureDirective(text, found[i]!.id, found[i]!.region)));
  },
  /**
   * Handlebars' own `lookup`, narrowed to a value's own fields: a name every object inherits (`constructor`,
   * `toString`) or a field the value lacks is an error at the template line, never empty text.
   */
  lookup(value: unknown, key: unknown, options: unknown) {
    const name = String(key);
    if (value !== null && typeof value === "object" && Object.hasOwn(value, name)) return (value as Record<string, unknown>)[name];
    return fail(options as Options, `lookup: "${name}" is not a field of the value looked up`, "check the name against the template context (docs/data-and-templates.md)");
  },
  ...regionHelpers,
};
