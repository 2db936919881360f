/**
 * Every way the dataset's published figures are worded in text, as the helpers word them (src/template/wording.ts):
 * `{{fig}}` value with unit (`61.64万人`, or a format such as `1200余名`), `{{change}}` (`增长36.5%`), `{{delta}}`
 * (`增加115元`, `提高1.13个百分点`) and `{{cell}}` (the value alone, in a table). The importer finds a draft's
 * number among these by the number's digits, then checks the words around it.
 */
import type { Dataset, Figure, Indicator, Region } from "../data/types.js";
import { PROVINCE } from "../data/types.js";
import { deltaWords, growthWords, magnitude, withUnit } from "../template/wording.js";

export type FormKind = "fig" | "change" | "delta" | "cell";

export interface Form {
  readonly kind: FormKind;
  readonly indicator: Indicator;
  readonly region: string;
  /** The helper's output, as it stands in text. */
  readonly text: string;
  /** The digits of the figure in it (no sign) and where they start in `text`. */
  readonly digits: string;
  readonly at: number;
  /** For change and delta: the figure (its sign gives the word). */
  readonly figure: Figure;
}

export interface FormIndex {
  /** Forms by their digits. */
  readonly byDigits: ReadonlyMap<string, readonly Form[]>;
  /** Every unit the dataset uses, longest first (a draft's `万人次` is not `万人` followed by 次). */
  readonly units: readonly string[];
  readonly regions: readonly Region[];
  readonly year: number;
}

export function formIndex(dataset: Dataset): FormIndex {
  const byDigits = new Map<string, Form[]>();
  const add = (form: Omit<Form, "at">) => {
    const at = form.text.indexOf(form.digits);
    if (at < 0) return;
    const list = byDigits.get(form.digits) ?? [];
    list.push({ ...form, at });
    byDigits.set(form.digits, list);
  };
  const units = new Set<string>();
  for (const ind of dataset.indicators.values()) {
    if (ind.unit) units.add(ind.unit);
    for (const obs of ind.observations.values()) {
      if (obs.value) {
        const digits = magnitude(obs.value);
        add({ kind: "fig", indicator: ind, region: obs.region, text: withUnit(obs.value, ind.unit, obs.format), digits, figure: obs.value });
        add({ kind: "cell", indicator: ind, region: obs.region, text: obs.value.text, digits, figure: obs.value });
      }
      if (obs.growth) add({ kind: "change", indicator: ind, region: obs.region, text: growthWords(obs.growth), digits: magnitude(obs.growth), figure: obs.growth });
      if (obs.delta) add({ kind: "delta", indicator: ind, region: obs.region, text: deltaWords(obs.delta, ind.unit), digits: magnitude(obs.delta), figure: obs.delta });
    }
  }
  return { byDigits, units: [...units].sort((a, b) => b.length - a.length), regions: dataset.regions, year: dataset.year };
}

/** The helper call that writes a form: `fig "id"`, with `region="…"` for a prefecture's figure. */
export function helperCall(form: Pick<Form, "kind" | "indicator" | "region">): string {
  const region = form.region === PROVINCE ? "" : ` region="${form.region}"`;
  return `${form.kind} "${form.indicator.id}"${region}`;
}
