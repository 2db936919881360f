/**
 * What a chart spec may not do: read anything but the data set the build gives it, or make vega compute
 * without bound. Checked on the spec as written (every layer, facet, concat, repeat and transform), each
 * problem named by its JSON path; at render time vega gets a loader that refuses every load (render.ts).
 *
 * - data: only `{"name": "indicators"}`, wherever a `data` appears (top level, a layer, a lookup's `from`);
 *   no `datasets`, `url`, inline `values`, `sequence`, `graticule` or `sphere` anywhere;
 * - fields: every `field`, and every `datum.x` in an expression, names a column of the rows (rows.ts) or one
 *   a transform of the spec makes (`as`), so a misspelt field is an error rather than an empty chart;
 * - bounded work: only the transforms listed in TRANSFORMS, every expression calling only what
 *   expressions.ts allows with bounded arguments (vega's expression language can otherwise make any number
 *   of rows, or backtrack without end), every number within its range (numbers.ts), no property that is
 *   range-checked computed by an expression, number formats of bounded width, bins of at most MAX_BINS;
 *   rows and text a chain of transforms makes are bounded while vega runs (budget.ts).
 */
import { formatPath } from "../data/yaml.js";
import { EXPRESSION_HINT, MAX_FORMAT_WIDTH, expressionProblems, numberFormatProblem } from "./expressions.js";
import { EXPR_REF_KEYS, MAX_BINS, numberProblem } from "./numbers.js";

/** Columns of every row the chart receives (rows.ts ChartRow). */
export const ROW_FIELDS = ["id", "label", "series", "region", "regionName", "level", "value", "text", "unit", "growth", "change", "highlight", "order"] as const;

/** vega-lite transforms whose output is bounded by their input. */
const TRANSFORMS = ["filter", "calculate", "aggregate", "joinaggregate", "window", "fold", "stack", "bin", "timeUnit", "extent", "sample", "flatten"] as const;

/** Data sources other than the named data set, under any key. */
const FORBIDDEN_KEYS: Readonly<Record<string, string>> = {
  datasets: "inline data sets",
  url: "a file or URL to load",
  values: "inline figures",
  sequence: "generated rows",
  graticule: "generated rows",
  sphere: "generated rows",
};

export { MAX_BINS } from "./numbers.js";

/** Keys whose string value is a vega expression (vega-lite: a transform, a condition, an ExprRef, a param, an axis's labels). */
const EXPRESSION_KEYS = new Set(["calculate", "filter", "test", "expr", "signal", "labelExpr"]);
/** Predicates combined by and/or/not are expressions too (vega-lite LogicalComposition). */
const LOGICAL_KEYS = new Set(["and", "or", "not"]);
const FORMAT_TYPES = ["number", "time", "utc"];

/** A string at `path` is an expression: under an expression key, through array items and logical composition. */
function isExpression(path: readonly (string | number)[]): boolean {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i]!;
    if (typeof key === "number" || LOGICAL_KEYS.has(key)) continue;
    return EXPRESSION_KEYS.has(key);
  }
  return false;
}

/** `{"expr": …}` (or `{"signal": …}`) standing for a property's value: its parent key is a property name. */
function isExprRef(path: readonly (string | number)[]): boolean {
  const last = path[path.length - 1];
  return (last === "expr" || last === "signal") && typeof path[path.length - 2] === "string" && path[path.length - 2] !== "params";
}

export interface SandboxProblem {
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** @param dataName the one data set a chart reads (spec.ts DATA_NAME). */
export function sandboxProblems(spec: Record<string, unknown>, dataName: string): SandboxProblem[] {
  const problems: SandboxProblem[] = [];
  const made = new Set<string>();
  const fields: { path: (string | number)[]; field: string }[] = [];
  let open = false; // a transform whose output columns depend on the data (pivot is refused; fold keeps its names)

  const visit = (node: Json, path: (string | number)[]): void => {
    if (Array.isArray(node)) return node.forEach((v, i) => visit(v, [...path, i]));
    if (node === null || typeof node !== "object") {
      if (typeof node === "number") {
        const why = numberProblem(path, node);
        if (why) problems.push({ path: formatPath(path), message: why, hint: "write a number in that range (see src/charts/numbers.ts)" });
      }
      if (typeof node !== "string") return;
      if (isExpression(path)) {
        for (const why of expressionProblems(node)) problems.push({ path: formatPath(path), message: why, hint: EXPRESSION_HINT });
        if (isExprRef(path) && !EXPR_REF_KEYS.has(String(path[path.length - 2]))) {
          problems.push({ path: formatPath(path), message: `${String(path[path.length - 2])} may not be computed by an expression: its value is range-checked`, hint: `write the value itself; expressions give only ${[...EXPR_REF_KEYS].join(", ")}` });
        }
      }
      const key = path[path.length - 1];
      if (key === "format") {
        const why = numberFormatProblem(node);
        if (why) problems.push({ path: formatPath(path), message: why, hint: `a number format pads to at most ${MAX_FORMAT_WIDTH} characters, e.g. ",.1f"` });
      }
      if (key === "formatType" && !FORMAT_TYPES.includes(node)) {
        problems.push({ path: formatPath(path), message: `formatType "${node}" is not one of ${FORMAT_TYPES.join(", ")}`, hint: "a custom formatType would call any function" });
      }
      // datum.x in an expression (calculate, filter, a condition's test) names a field too
      if (EXPRESSION_KEYS.has(String(key))) {
        for (const m of node.matchAll(/\bdatum\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*(["'])(.*?)\2\s*\])/g)) fields.push({ path, field: (m[1] ?? m[3])!.replace(/\./g, "\\.") });
      }
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      const at = [...path, key];
      if (key === "data") {
        const ok = value !== null && typeof value === "object" && !Array.isArray(value) && value.name === dataName && Object.keys(value).length === 1;
        if (!ok) problems.push({ path: formatPath(at), message: `a chart reads only the data set "${dataName}"`, hint: `write "data": {"name": "${dataName}"} (or leave it out in a layer); figures come from data/, never from the spec` });
        continue; // its contents are not walked: the one problem is enough
      }
      if (key in FORBIDDEN_KEYS && !(key === "values" && isScaleOrAxisValues(path))) {
        problems.push({ path: formatPath(at), message: `a chart may not name ${FORBIDDEN_KEYS[key]} ("${key}")`, hint: "charts read the data set \"indicators\" only; list the indicators in usermeta.bulletin.indicators" });
        continue;
      }
      if (key === "transform" && Array.isArray(value)) {
        value.forEach((t, i) => {
          if (t === null || typeof t !== "object" || Array.isArray(t)) return;
          const kind = TRANSFORMS.find((k) => k in t);
          if (!kind) {
            const name = Object.keys(t)[0] ?? "?";
            problems.push({ path: formatPath([...at, i]), message: `the ${name} transform is not allowed in a chart`, hint: `use ${TRANSFORMS.join(", ")}` });
          }
          collectAs(t, made);
          if (kind === "fold") for (const n of asNames(t.as, ["key", "value"])) made.add(n);
        });
      }
      if (key === "bin" && value !== null && typeof value === "object" && !Array.isArray(value)) {
        if ("step" in value || "steps" in value) problems.push({ path: formatPath([...at, "step" in value ? "step" : "steps"]), message: "a bin step can make any number of bins", hint: `use maxbins (at most ${MAX_BINS})` });
      }
      if (key === "field" && typeof value === "string") fields.push({ path: at, field: value });
      if (key === "pivot") open = true;
      visit(value, at);
    }
  };
  visit(spec as Json, []);
  if (!open) {
    const known = new Set<string>([...ROW_FIELDS, ...made]);
    for (const { path, field } of fields) {
      const column = field.split(/(?<!\\)\./)[0]!.replace(/\\\./g, ".");
      if (!known.has(column) && !isParamField(path)) {
        problems.push({ path: formatPath(path), message: `unknown field "${field}": the chart would be empty`, hint: `a row has ${ROW_FIELDS.join(", ")}${made.size ? `; the spec's transforms make ${[...made].join(", ")}` : ""}` });
      }
    }
  }
  return problems;
}

/** `values` of a scale's domain/range or an axis/legend is a list of ticks or categories, not data. */
function isScaleOrAxisValues(path: readonly (string | number)[]): boolean {
  const parent = path[path.length - 1];
  return parent === "axis" || parent === "legend" || parent === "scale" || parent === "header";
}

/** A `field` inside `fields` of a param's projection names no column (vega-lite selections). */
function isParamField(path: readonly (string | number)[]): boolean {
  return path.includes("params") || path.includes("select");
}

function asNames(as: unknown, fallback: string[] = []): string[] {
  if (typeof as === "string") return [as];
  if (Array.isArray(as)) return as.filter((a): a is string => typeof a === "string");
  return fallback;
}

/** Every `as` in a transform (calculate, aggregate's and window's lists, bin, timeUnit…). */
function collectAs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => collectAs(n, into));
  if (node === null || typeof node !== "object") return;
  for (const [k, v] of Object.entries(node)) {
    if (k === "as") asNames(v).forEach((n) => into.add(n));
    else collectAs(v, into);
  }
}
