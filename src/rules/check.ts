/**
 * Checking the consistency rules of data/<year>/rules.yaml against a dataset. Every check gives a result
 * (pass, fail or skip) with the figures it read, where each came from, and the difference against the
 * tolerance; figures are compared in the decimals they are published in, never adjusted.
 */
import { PROVINCE, type Dataset, type Figure, type Observation, type SourceLocation } from "../data/types.js";
import type { ChangeRule, RangeRule, Rule, SumRule } from "./schema.js";

export interface LocatedRule {
  readonly rule: Rule;
  /** rules.yaml and the rule's line. */
  readonly at: { readonly file: string; readonly line: number | undefined };
}

export interface FigureRef {
  readonly id: string;
  readonly region: string;
  /** Which figure of the row: the value, the published growth or delta, or last year's value. */
  readonly column: "value" | "growth" | "delta" | "previous";
  readonly text: string;
  readonly at: SourceLocation;
}

export interface RuleResult {
  readonly rule: LocatedRule;
  readonly region: string;
  readonly status: "pass" | "fail" | "skip";
  readonly figures: readonly FigureRef[];
  /** What was compared, in words with the figures, e.g. "54 + 30 + … = 878; total 878". */
  readonly detail: string;
  /** Signed difference (computed − published), and the tolerance it was held against; in the figures' unit. */
  readonly difference?: string;
  readonly tolerance?: string;
}

/** Decimals of a published figure's text (157.10 → 2). */
const decimals = (f: Figure): number => f.text.split(".")[1]?.length ?? 0;
/** Half a unit of the last published digit: how far the rounded figure may be from the true one. */
const halfUnit = (f: Figure): number => 0.5 * 10 ** -decimals(f);
/** A number in `d` decimals without floating-point noise. */
const fixed = (n: number, d: number): string => (Math.abs(n) < 0.5 * 10 ** -d ? 0 : n).toFixed(d);

export function checkRules(rules: readonly LocatedRule[], dataset: Dataset, lastYear?: Dataset): RuleResult[] {
  return rules.flatMap((r) => {
    const results = r.rule.check === "sum" ? checkSum(r, r.rule, dataset) : r.rule.check === "range" ? checkRange(r, r.rule, dataset) : checkChange(r, r.rule, dataset, lastYear);
    return results.length > 0 ? results : [{ rule: r, region: r.rule.region ?? "", status: "skip" as const, figures: [], detail: "no figure to check" }];
  });
}

/** A figure of a row, located at its own cell in a workbook (a growth at the growth column's cell, not the value's). */
function ref(id: string, obs: Observation, column: FigureRef["column"], figure: Figure): FigureRef {
  const cell = column === "value" ? undefined : obs.at.cells?.[column];
  const { cells: _, ...at } = obs.at;
  return { id, region: obs.region, column, text: figure.text, at: cell ? { ...at, cell } : at };
}

function regionsOf(rule: Rule, dataset: Dataset, fallback: string): string[] {
  const region = rule.region ?? fallback;
  return region === "all" ? dataset.regions.map((r) => r.code) : [region];
}

function checkSum(located: LocatedRule, rule: SumRule, dataset: Dataset): RuleResult[] {
  return regionsOf(rule, dataset, PROVINCE).flatMap((region): RuleResult[] => {
    const totalObs = dataset.indicators.get(rule.total)?.observations.get(region);
    if (!totalObs && rule.region === "all") return []; // the total is not kept for this region
    const observed = [rule.total, ...rule.parts].map((id) => ({ id, obs: dataset.indicators.get(id)?.observations.get(region) }));
    const unpublished = observed.filter((o) => !o.obs?.value).map((o) => o.id);
    const figures = observed.flatMap(({ id, obs }) => (obs?.value ? [ref(id, obs, "value", obs.value)] : []));
    if (unpublished.length > 0) return [{ rule: located, region, status: "skip", figures, detail: `not published: ${unpublished.join(", ")}` }];
    const [total, ...parts] = observed.map((o) => o.obs!.value!);
    const d = Math.max(...[total!, ...parts].map(decimals));
    const scale = 10 ** d;
    // In whole units of the last decimal, so that 2.19 + 8.53 + 0.13 + 2.32 is exactly 13.17.
    const sum = parts.reduce((s, p) => s + Math.round(p.value * scale), 0);
    const difference = (sum - Math.round(total!.value * scale)) / scale;
    const tolerance = rule.tolerance ?? [total!, ...parts].reduce((s, f) => s + halfUnit(f), 0);
    return [{
      rule: located,
      region,
      status: Math.abs(difference) <= tolerance + 1e-9 ? "pass" : "fail",
      figures,
      detail: `${parts.map((p) => p.text).join(" + ")} = ${fixed(sum / scale, d)}; total ${total!.text}`,
      difference: fixed(difference, d),
      tolerance: fixed(tolerance, d + 1).replace(/\.?0+$/, "") || "0",
    }];
  });
}

function checkRange(located: LocatedRule, rule: RangeRule, dataset: Dataset): RuleResult[] {
  const indicators = [...dataset.indicators.values()].filter((i) => (rule.ids ? rule.ids.includes(i.id) : rule.units!.includes(i.unit)));
  const regions = new Set(regionsOf(rule, dataset, "all"));
  const bounds = `${rule.min ?? "−∞"} ≤ value ≤ ${rule.max ?? "∞"}`;
  return indicators.flatMap((ind) =>
    [...ind.observations.values()]
      .filter((obs) => regions.has(obs.region) && obs.value)
      .map((obs): RuleResult => {
        const v = obs.value!.value;
        const below = rule.min !== undefined && v < rule.min ? v - rule.min : 0;
        const above = rule.max !== undefined && v > rule.max ? v - rule.max : 0;
        const off = below || above;
        return {
          rule: located,
          region: obs.region,
          status: off === 0 ? "pass" : "fail",
          figures: [ref(ind.id, obs, "value", obs.value!)],
          detail: `${ind.id} ${obs.value!.text}${ind.unit}; ${bounds}`,
          difference: fixed(off, decimals(obs.value!)),
          tolerance: "0",
        };
      }),
  );
}

function checkChange(located: LocatedRule, rule: ChangeRule, dataset: Dataset, lastYear: Dataset | undefined): RuleResult[] {
  const regions = new Set(regionsOf(rule, dataset, "all"));
  const indicators = [...dataset.indicators.values()].filter((i) => rule.ids === "all" || rule.ids.includes(i.id));
  return indicators.flatMap((ind) =>
    [...ind.observations.values()]
      .filter((obs) => regions.has(obs.region) && obs.value && (obs.growth || obs.delta))
      .flatMap((obs): RuleResult[] => {
        const earlier = lastYear?.indicators.get(ind.id)?.observations.get(obs.region);
        const previous = obs.previous ? ref(ind.id, obs, "previous", obs.previous) : earlier?.value ? ref(ind.id, earlier, "value", earlier.value) : undefined;
        const p = obs.previous ?? earlier?.value ?? undefined;
        if (!previous || !p) return rule.ids === "all" ? [] : [{ rule: located, region: obs.region, status: "skip", figures: [ref(ind.id, obs, "value", obs.value!)], detail: `${ind.id}: no last year's value` }];
        const v = obs.value!;
        const results: RuleResult[] = [];
        if (obs.growth) {
          const g = obs.growth;
          // The growth implied by the rounded figures lies between these bounds (interval arithmetic).
          const lo = ((v.value - halfUnit(v)) / (p.value + halfUnit(p)) - 1) * 100;
          const hi = ((v.value + halfUnit(v)) / (p.value - halfUnit(p)) - 1) * 100;
          const implied = (v.value / p.value - 1) * 100;
          const tolerance = (hi - lo) / 2 + halfUnit(g);
          const difference = implied - g.value;
          const d = decimals(g) + 1;
          results.push({
            rule: located,
            region: obs.region,
            status: Math.abs(difference) <= tolerance ? "pass" : "fail",
            figures: [ref(ind.id, obs, "value", v), previous, ref(ind.id, obs, "growth", g)],
            detail: `${v.text} / ${p.text} − 1 = ${fixed(implied, d)}%; published growth ${g.text}%`,
            difference: fixed(difference, d),
            tolerance: fixed(tolerance, d),
          });
        }
        if (obs.delta) {
          const dl = obs.delta;
          const d = Math.max(decimals(v), decimals(p), decimals(dl));
          const scale = 10 ** d;
          const computed = (Math.round(v.value * scale) - Math.round(p.value * scale)) / scale;
          const difference = computed - dl.value;
          const tolerance = halfUnit(v) + halfUnit(p) + halfUnit(dl);
          results.push({
            rule: located,
            region: obs.region,
            status: Math.abs(difference) <= tolerance + 1e-9 ? "pass" : "fail",
            figures: [ref(ind.id, obs, "value", v), previous, ref(ind.id, obs, "delta", dl)],
            detail: `${v.text} − ${p.text} = ${fixed(computed, d)}; published delta ${dl.text}`,
            difference: fixed(difference, d),
            tolerance: fixed(tolerance, d + 1),
          });
        }
        return results;
      }),
  );
}
