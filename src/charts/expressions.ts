/**
 * What a vega expression in a chart spec may call: an allow-list of functions, each with the arguments
 * that bound what it can make. The expression is parsed with vega's own parser (vega 6 `parseExpression`,
 * the one `vega.parse` uses) and every call in the tree is checked — whatever its spelling: `(sequence)(0, 1e8)`
 * parses to the same call as `sequence(0, 1e8)` (vega-expression's parser drops the parentheses, and its code
 * generator calls any identifier it knows, vega-expression src/codegen.js `CallExpression`).
 *
 * Why each bound:
 * - a function that makes rows or text from a number (`sequence`, `pad`, a `format` width, `split` without a
 *   limit) takes that number written in the spec, within a bound — never from the data;
 * - a regular expression is a literal of the safe form (`safeRegexProblem`): V8 backtracks, so a pattern like
 *   `(a+)+$` takes exponential time inside one call, where no time limit can stop it;
 * - nothing random or clock-dependent (`random`, `now`): same inputs, same bytes;
 * - nothing that reads other data than the chart's rows (`data` only of the one data set).
 * Rows and text a chain of transforms makes are bounded while vega runs (budget.ts).
 */
import * as vega from "vega";

/** Longest text `pad` may make, characters (a label is a few dozen). */
export const MAX_PAD = 200;
/** Most pieces `split` may make of one text (its third argument, required). */
export const MAX_SPLIT = 100;
/** Widest a number format may pad its number (d3-format's width), characters. */
export const MAX_FORMAT_WIDTH = 40;
/** Longest expression, characters: vega's parser recurses into nested brackets. */
export const MAX_EXPRESSION_LENGTH = 2000;
/** Deepest nesting of brackets in an expression. */
export const MAX_EXPRESSION_DEPTH = 32;

type Node = { type: string; [k: string]: unknown };
type Check = (args: readonly Node[], name: string) => string | undefined;

const free: Check = () => undefined;

/** Functions whose result is bounded by their arguments' size (numbers, dates, strings, colours, scales). */
const FREE = [
  // Math (vega-expression functions.js)
  "isNaN", "isFinite", "abs", "acos", "asin", "atan", "atan2", "ceil", "cos", "exp", "floor", "hypot", "log", "max", "min", "pow", "round", "sin", "sqrt", "tan", "clamp",
  // dates (fixed, never the clock)
  "datetime", "date", "day", "year", "month", "hours", "minutes", "seconds", "milliseconds", "time", "timezoneoffset",
  "utc", "utcdate", "utcday", "utcyear", "utcmonth", "utchours", "utcminutes", "utcseconds", "utcmilliseconds",
  "quarter", "utcquarter", "week", "utcweek", "dayofyear", "utcdayofyear", "monthFormat", "monthAbbrevFormat", "dayFormat", "dayAbbrevFormat",
  // types
  "isArray", "isBoolean", "isDate", "isDefined", "isNumber", "isObject", "isRegExp", "isString", "isValid", "toBoolean", "toDate", "toNumber", "toString",
  // text and arrays: a result no longer than the arguments (vega-functions sequence.js, vega-util)
  "length", "parseFloat", "parseInt", "upper", "lower", "substring", "trim", "truncate", "indexof", "lastindexof", "slice", "reverse", "join", "sort",
  "if", "inrange", "lerp", "peek", "span", "extent", "clampRange", "pluck",
  // colours
  "rgb", "hsl", "lab", "hcl", "luminance", "contrast",
  // scales (a value or the scale's own domain/range)
  "scale", "invert", "domain", "range", "bandwidth", "bandspace",
  // src/charts/ticks.ts
  "roundTicks",
];

const CHECKS: Readonly<Record<string, Check>> = {
  ...Object.fromEntries(FREE.map((f) => [f, free])),
  pad: (args) => literalNumberAtMost(args[1], MAX_PAD, "pad's length (its second argument)"),
  split: (args) => pattern(args[1], "split's separator") ?? literalNumberAtMost(args[2], MAX_SPLIT, "split's limit (its third argument: the most pieces)"),
  format: (args) => numberFormat(args[1]),
  timeFormat: (args) => literalString(args[1], "the date format"),
  utcFormat: (args) => literalString(args[1], "the date format"),
  timeParse: (args) => literalString(args[1], "the date format"),
  utcParse: (args) => literalString(args[1], "the date format"),
  regexp: (args) => pattern(args[0], "regexp's pattern", true) ?? (args[1] === undefined ? undefined : literalString(args[1], "regexp's flags")),
  test: (args) => pattern(args[0], "test's regular expression", true),
  replace: (args) => pattern(args[1], "replace's pattern"),
  data: (args) => (isLiteral(args[0]) && args[0].value === "indicators" ? undefined : `data() reads only the chart's data set: data('indicators')`),
};

/** Why a call is refused, for functions vega knows but charts may not call. */
const REFUSED: Readonly<Record<string, string>> = {
  sequence: "makes any number of rows",
  timeSequence: "makes any number of rows",
  utcSequence: "makes any number of rows",
  random: "gives other figures on every build",
  now: "gives other figures on every build",
  sampleNormal: "gives other figures on every build",
  sampleLogNormal: "gives other figures on every build",
  sampleUniform: "gives other figures on every build",
};

/** Every problem of one expression (empty: fine). */
export function expressionProblems(source: string): string[] {
  if (source.length > MAX_EXPRESSION_LENGTH) return [`the expression is ${source.length} characters long, more than ${MAX_EXPRESSION_LENGTH}`];
  const depth = bracketDepth(source);
  if (depth > MAX_EXPRESSION_DEPTH) return [`the expression nests brackets ${depth} deep, more than ${MAX_EXPRESSION_DEPTH}`];
  let ast: Node;
  try {
    ast = vega.parseExpression(source) as unknown as Node;
  } catch (e) {
    return [`not a vega expression: ${(e as Error).message}`];
  }
  const problems: string[] = [];
  walk(ast, (node) => {
    if (node.type === "Literal" && isRegexLiteral(node)) {
      const why = safeRegexProblem(node.regex.pattern);
      if (why) problems.push(`the regular expression /${node.regex.pattern}/ has ${why}`);
    }
    if (node.type !== "CallExpression") return;
    const callee = node.callee as Node;
    if (callee.type !== "Identifier") return void problems.push("only a function's name may be called");
    const name = callee.name as string;
    const args = node.arguments as Node[];
    if (Object.hasOwn(REFUSED, name)) return void problems.push(`${name}() ${REFUSED[name]}`);
    if (!Object.hasOwn(CHECKS, name)) return void problems.push(`${name}() is not one of the functions a chart may call`);
    const why = CHECKS[name]!(args, name);
    if (why) problems.push(why);
  });
  return problems;
}

/** The hint every expression problem carries. */
export const EXPRESSION_HINT = `charts call the functions listed in src/charts/expressions.ts with bounded arguments: numbers for pad (≤ ${MAX_PAD}) and split (a limit ≤ ${MAX_SPLIT}) written in the spec, a number format's width ≤ ${MAX_FORMAT_WIDTH}, a regular expression without repetition (*, +, ?, {n}), back-references or look-arounds (or indexof, slice, split and replace with plain text)`;

/**
 * Why a regular expression is not of the safe form, or undefined. The safe form holds characters, escapes,
 * classes ([0-9]), anchors, groups and alternatives (a|b) — no repetition (`*`, `+`, `?`, `{n,m}`), no
 * back-reference, no look-around: then a match tries each start once against each alternative, time
 * proportional to the text times the pattern, whatever the text (V8's irregexp backtracks: with repetition
 * a pattern such as `^(a|aa)*$` takes time exponential in the text's length).
 */
export function safeRegexProblem(pattern: string): string | undefined {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      const next = pattern[i + 1] ?? "";
      if (/[1-9]/.test(next) || next === "k") return "a back-reference";
      i++;
    } else if (c === "[") {
      for (i++; i < pattern.length && pattern[i] !== "]"; i++) if (pattern[i] === "\\") i++;
    } else if (c === "(" && pattern[i + 1] === "?") {
      if (/^\(\?<?[=!]/.test(pattern.slice(i))) return "a look-around";
    } else if (c === "*" || c === "+" || c === "?" || (c === "{" && /^\{\d+(,\d*)?\}/.test(pattern.slice(i)))) {
      return `a repetition ("${c}")`;
    }
  }
  return undefined;
}

function walk(node: unknown, visit: (n: Node) => void): void {
  // Iterative: the depth is bounded above, but a tree walk needs no stack of its own.
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (Array.isArray(n)) stack.push(...n);
    else if (n !== null && typeof n === "object" && typeof (n as Node).type === "string") {
      visit(n as Node);
      for (const [k, v] of Object.entries(n)) if (k !== "regex" && k !== "value") stack.push(v);
    }
  }
}

function bracketDepth(source: string): number {
  let depth = 0;
  let max = 0;
  let quote: string | undefined;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "(" || c === "[" || c === "{") max = Math.max(max, ++depth);
    else if (c === ")" || c === "]" || c === "}") depth--;
  }
  return max;
}

function isLiteral(n: Node | undefined): n is Node & { value: unknown } {
  return n?.type === "Literal";
}

function isRegexLiteral(n: Node): n is Node & { regex: { pattern: string; flags: string } } {
  return typeof (n as { regex?: unknown }).regex === "object";
}

function literalNumberAtMost(n: Node | undefined, max: number, what: string): string | undefined {
  if (isLiteral(n) && typeof n.value === "number" && n.value >= 0 && n.value <= max) return undefined;
  if (n === undefined) return `${what} is missing: write a number up to ${max}`;
  return `${what} must be a number written in the spec, from 0 to ${max}${isLiteral(n) ? ` (it is ${String(n.raw)})` : ""}`;
}

function literalString(n: Node | undefined, what: string): string | undefined {
  return isLiteral(n) && typeof n.value === "string" && n.value.length <= 100 ? undefined : `${what} must be text written in the spec (at most 100 characters)`;
}

/**
 * A pattern argument: text, a regular expression literal (checked as a node), or regexp('…') (checked as a
 * call). @param compiled the text is compiled as a regular expression (regexp, test), so it must be safe too.
 */
function pattern(n: Node | undefined, what: string, compiled = false): string | undefined {
  if (isLiteral(n) && isRegexLiteral(n)) return undefined;
  if (isLiteral(n) && typeof n.value === "string") {
    const why = compiled ? safeRegexProblem(n.value) : undefined;
    return why && `the regular expression "${n.value}" has ${why}`;
  }
  if (n?.type === "CallExpression" && (n.callee as Node).type === "Identifier" && (n.callee as Node).name === "regexp") return undefined;
  if (n === undefined && what.startsWith("split")) return undefined;
  return `${what} must be written in the spec (text, or a regular expression literal), not computed`;
}

/** d3-format's specifier (d3-format src/formatSpecifier.js): [[fill]align][sign][symbol][0][width][,][.precision][~][type]. */
const D3_FORMAT = /^(?:(.)?([<>=^]))?([+\-( ])?([$#])?(0)?(\d+)?(,)?(\.\d+)?(~)?([a-z%])?$/i;

/** A number format: written in the spec, its width bounded (d3-format pads to any width it is given). */
export function numberFormatProblem(specifier: string): string | undefined {
  const width = D3_FORMAT.exec(specifier)?.[6];
  if (width !== undefined && Number(width) > MAX_FORMAT_WIDTH) return `the number format "${specifier}" pads to ${width} characters, more than ${MAX_FORMAT_WIDTH}`;
  return undefined;
}

function numberFormat(n: Node | undefined): string | undefined {
  if (!(isLiteral(n) && typeof n.value === "string")) return "format's specifier (its second argument) must be text written in the spec";
  return numberFormatProblem(n.value);
}
