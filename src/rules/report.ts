/**
 * Rule results → what people read: warnings naming the rule, each figure (id, value, file and line or
 * sheet and cell) and the difference against the tolerance; out/<year>/validation.csv (BOM and CRLF, as
 * completeness.csv, so that Excel opens it with the Chinese intact); and a one-line summary.
 */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { confinedTo } from "../io/project-path.js";
import { UserError, type Problem } from "../errors.js";
import { loadDataset } from "../data/load.js";
import { placeOf } from "../data/indicators.js";
import type { Dataset } from "../data/types.js";
import { checkRules, type FigureRef, type RuleResult } from "./check.js";
import { loadRules } from "./load.js";

export interface Validation {
  /** rules.yaml, relative to the root; undefined when the year has none. */
  readonly file: string | undefined;
  readonly rules: number;
  readonly results: readonly RuleResult[];
}

/**
 * The year's rules checked against its dataset, with last year's figures (data/<year-1>/) when that year
 * is there and loads; a row's `previous` column takes precedence.
 */
export function validateDataset(root: string, dataDir: string, dataset: Dataset): Validation {
  const display = (file: string): string => relative(root, file) || file;
  const file = join(dataDir, String(dataset.year), "rules.yaml");
  const rules = loadRules(file, display(file), dataset, confinedTo(root));
  if (rules.length === 0) return { file: existsSync(file) ? display(file) : undefined, rules: 0, results: [] };
  let lastYear: Dataset | undefined;
  if (rules.some((r) => r.rule.check === "change") && existsSync(join(dataDir, String(dataset.year - 1)))) {
    try {
      lastYear = loadDataset(dataDir, dataset.year - 1, root);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      // Last year's own problems are reported when it is built; its figures are then not compared.
    }
  }
  return { file: display(file), rules: rules.length, results: checkRules(rules, dataset, lastYear) };
}

const figureText = (f: FigureRef): string => `${f.id}${f.column === "value" ? "" : `.${f.column}`} = ${f.text} (${f.at.file}: ${placeOf(f.at)})`;

/** Failed checks as problems: warnings normally, the errors of a --strict build. */
export function ruleProblems(results: readonly RuleResult[]): Problem[] {
  return results
    .filter((r) => r.status === "fail")
    .map((r) => ({
      file: r.rule.at.file,
      ...(r.rule.at.line !== undefined && { line: r.rule.at.line }),
      path: r.rule.rule.name,
      message: [
        `rule fails for region ${r.region}: ${r.detail}; difference ${r.difference}, beyond the tolerance ${r.tolerance}`,
        ...r.figures.map((f) => `    ${figureText(f)}`),
        ...(r.rule.rule.note ? [`    note: ${r.rule.rule.note}`] : []),
      ].join("\n"),
      hint: "check these figures against the source; if they are published so, keep them (未作机械调整) and say so in the rule's note",
    }));
}

/** "12 rules, 57 checks: 55 passed, 1 failed, 1 skipped (out/2020/validation.csv)" */
export function validationSummary(v: Validation, csv?: string): string {
  const count = (s: RuleResult["status"]): number => v.results.filter((r) => r.status === s).length;
  if (v.rules === 0) return "no consistency rules (data/<year>/rules.yaml)";
  return `${v.rules} consistency rule(s) in ${v.file}, ${v.results.length} check(s): ${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped${csv ? ` (${csv})` : ""}`;
}

export const VALIDATION_COLUMNS = ["rule", "check", "region", "status", "detail", "difference", "tolerance", "figures", "rule_file", "rule_line", "note"] as const;

export function validationCsv(v: Validation): string {
  const quote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = v.results.map((r) =>
    [
      r.rule.rule.name,
      r.rule.rule.check,
      r.region,
      r.status,
      r.detail,
      r.difference ?? "",
      r.tolerance ?? "",
      r.figures.map(figureText).join("; "),
      r.rule.at.file,
      r.rule.at.line === undefined ? "" : String(r.rule.at.line),
      r.rule.rule.note ?? "",
    ]
      .map(quote)
      .join(","),
  );
  return `\uFEFF${[VALIDATION_COLUMNS.join(","), ...lines].join("\r\n")}\r\n`;
}
