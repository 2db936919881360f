/** data/<year>/rules.yaml → located rules, every problem (schema, unknown indicator, repeated name) at once. */
import { existsSync } from "node:fs";
import { LineCounter, parseDocument, isNode, type Node } from "yaml";
import { UserError, type Problem } from "../errors.js";
import { loadYaml } from "../data/yaml.js";
import { readText } from "../data/text.js";
import type { Dataset } from "../data/types.js";
import type { Confinement } from "../io/read.js";
import { rulesSchema, type Rule } from "./schema.js";
import type { LocatedRule } from "./check.js";

/** The rules of a year; none when the year has no rules.yaml. */
export function loadRules(file: string, display: string, dataset: Dataset, where: Confinement): LocatedRule[] {
  if (!existsSync(file)) return [];
  const { rules } = loadYaml(file, display, rulesSchema, where) as { rules: Rule[] };
  const lines = new LineCounter();
  const doc = parseDocument(readText(file, display, "a YAML file", where), { lineCounter: lines });
  const lineOf = (...path: (string | number)[]): number | undefined => {
    const node = doc.getIn(path, true) as Node | undefined;
    return isNode(node) && node.range ? lines.linePos(node.range[0]).line : undefined;
  };
  const problems: Problem[] = [];
  const names = new Map<string, number>();
  const regions = new Set(dataset.regions.map((r) => r.code));
  rules.forEach((rule, i) => {
    const at = (path: string, message: string, hint: string, ...node: (string | number)[]): void => {
      problems.push({ file: display, line: lineOf("rules", i, ...node) ?? lineOf("rules", i), path: `rules[${i}]${path}`, message, hint });
    };
    if (names.has(rule.name)) at(".name", `"${rule.name}" is also the name of rules[${names.get(rule.name)}]`, "give every rule its own name", "name");
    names.set(rule.name, i);
    if (rule.region && rule.region !== "all" && !regions.has(rule.region)) at(".region", `unknown region "${rule.region}"`, "use a code from data/regions.yaml or all", "region");
    const ids = rule.check === "sum" ? [["total", rule.total] as const, ...rule.parts.map((id, j) => [`parts[${j}]`, id] as const)] : rule.check === "range" ? (rule.ids ?? []).map((id, j) => [`ids[${j}]`, id] as const) : rule.ids === "all" ? [] : rule.ids.map((id, j) => [`ids[${j}]`, id] as const);
    for (const [path, id] of ids) {
      if (!dataset.indicators.has(id)) {
        const [key, index] = path.split(/[[\]]/);
        at(`.${path}`, `unknown indicator "${id}"`, "use an id from data/<year>/indicators/ (check the spelling)", ...(index !== undefined ? [key!, Number(index)] : [key!]));
      }
    }
    if (rule.check === "range") {
      if ((rule.ids === undefined) === (rule.units === undefined)) at("", "a range rule needs either ids or units", "add ids: [...] or units: [...], not both");
      if (rule.min === undefined && rule.max === undefined) at("", "a range rule needs min, max or both", "e.g. min: 0 and max: 100 for a rate in %");
    }
  });
  if (problems.length > 0) throw new UserError(problems);
  return rules.map((rule, i) => ({ rule, at: { file: display, line: lineOf("rules", i) } }));
}
