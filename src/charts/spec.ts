/**
 * templates/charts/<name>.vl.json → a validated vega-lite spec and its bulletin contract (usermeta).
 *
 * A chart binds to data by indicator id, never by numbers written into the spec:
 *   "data": {"name": "indicators"},
 *   "usermeta": {"bulletin": {
 *     "caption": "{year}年全省…",                 // 图N is added by the document; {year}, {region} are filled in
 *     "indicators": ["employment.urban_new_jobs", …],
 *     "regions": "province" | "prefectures",
 *     "labels": {"employment.urban_new_jobs": "城镇新增就业"},   // optional short labels
 *     "series": {"social.fund_income_employee_pension": "基金收入"} // optional second dimension
 *   }}
 * The rows vega receives are described in rows.ts.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { UserError, type Problem } from "../errors.js";
import { readText, formatPath } from "../data/yaml.js";
import { COLOURS } from "./theme.js";
import { sandboxProblems } from "./sandbox.js";
import { confinedTo } from "../io/project-path.js";
import { inputNames } from "../io/read.js";

export const DATA_NAME = "indicators";

const ID = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

const bulletinSchema = z
  .object({
    caption: z.string().trim().min(1, "the caption is the figure's title (图N is added by the document)"),
    indicators: z
      .array(z.string().regex(ID, "an indicator id is dotted lower-case ASCII, e.g. employment.urban_new_jobs"))
      .min(1, "list the indicators the chart shows")
      .refine((ids) => new Set(ids).size === ids.length, "an indicator is listed twice"),
    regions: z.enum(["province", "prefectures"]),
    labels: z.record(z.string().trim().min(1)).optional(),
    series: z.record(z.string().trim().min(1)).optional(),
  })
  .strict();

export type ChartMeta = z.infer<typeof bulletinSchema>;

export interface ChartSpec {
  readonly name: string;
  /** The file as shown to the user (relative path). */
  readonly display: string;
  /** The vega-lite spec without usermeta; data/size/config are completed by the renderer. */
  readonly spec: Record<string, unknown>;
  readonly meta: ChartMeta;
  /** The line of a JSON string value in the file (first occurrence), to point at, e.g., an indicator id. */
  readonly lineOf: (value: string) => number | undefined;
}

/** Reads and validates one chart spec; every problem of the file is reported at once. */
export function loadChartSpec(chartsDir: string, name: string, display: (file: string) => string): ChartSpec {
  const file = join(chartsDir, `${name}.vl.json`);
  const shown = display(file);
  // templates/charts/ is in the project: a spec linked from outside it is refused (its text would show in the messages).
  const where = confinedTo(dirname(dirname(chartsDir)));
  if (!NAME.test(name) || !existsSync(file)) {
    const available = inputNames(chartsDir, display(chartsDir), "chart spec", where)
      .filter((f) => f.endsWith(".vl.json"))
      .map((f) => f.slice(0, -".vl.json".length));
    throw new UserError({
      file: shown,
      message: `no chart spec "${name}"`,
      hint: available.length ? `available: ${available.join(", ")}` : `create ${shown} (a vega-lite spec; see docs/data-and-templates.md)`,
    });
  }
  const text = readText(file, shown, "a chart spec", where).replace(/^\uFEFF/, "");
  // Before anything walks it (JSON.parse does not recurse, but the checks below do): a spec is a few levels deep.
  const deep = tooDeep(text, MAX_JSON_DEPTH);
  if (deep) {
    throw new UserError({ file: shown, line: deep.line, path: deep.path, message: `nested more than ${MAX_JSON_DEPTH} levels deep`, hint: "a vega-lite spec needs a dozen levels at most: remove the extra brackets" });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const at = jsonErrorOffset(text);
    throw new UserError({
      file: shown,
      line: at === undefined ? undefined : lineAt(text, at),
      message: `invalid JSON: ${(e as Error).message.split("\n")[0]}`,
      hint: "JSON has no comments or trailing commas; strings take double quotes",
    });
  }

  const problems: Problem[] = [];
  const problem = (path: string, message: string, hint?: string): void => {
    problems.push({ file: shown, path, line: lineOfKey(text, path), message, hint });
  };
  if (!isObject(json)) throw new UserError({ file: shown, message: "a chart spec is a JSON object (a vega-lite spec)" });
  const { usermeta, ...spec } = json;
  const bulletin = isObject(usermeta) ? usermeta.bulletin : undefined;
  let meta: ChartMeta | undefined;
  if (bulletin === undefined) {
    problem("usermeta.bulletin", "missing: the chart's caption and indicators", 'add "usermeta": {"bulletin": {"caption": "…", "indicators": ["…"], "regions": "province"}}');
  } else {
    const parsed = bulletinSchema.safeParse(bulletin);
    if (parsed.success) meta = parsed.data;
    else for (const issue of parsed.error.issues) problem(formatPath(["usermeta", "bulletin", ...issue.path]), issue.message);
  }
  if (meta) {
    for (const key of ["labels", "series"] as const) {
      for (const id of Object.keys(meta[key] ?? {})) {
        if (!meta.indicators.includes(id)) problem(`usermeta.bulletin.${key}`, `"${id}" is not one of the chart's indicators`);
      }
    }
    const series = [...new Set(Object.values(meta.series ?? {}))];
    if (series.length > COLOURS.category.length) {
      problem("usermeta.bulletin.series", `${series.length} series (${series.join("、")}): only ${COLOURS.category.length} colours stay apart in black-and-white print (src/charts/theme.ts)`, "split the chart, or give the figures as a table");
    }
  }
  if (spec.data === undefined) {
    problem("data", `a chart reads its figures from the data set, by indicator: "data": {"name": "${DATA_NAME}"}`, "list the indicators in usermeta.bulletin.indicators; never write figures into the spec");
  }
  // Anywhere in the spec: no other data source, no unknown field, no unbounded transform (sandbox.ts).
  for (const p of sandboxProblems(spec, DATA_NAME)) problem(p.path, p.message, p.hint);
  if ("title" in spec) problem("title", "a chart has no title of its own", "the caption (usermeta.bulletin.caption) is set under the figure as 图N …");
  if ("width" in spec || "autosize" in spec) problem("width" in spec ? "width" : "autosize", "the width is the type area's; the renderer sets it", "remove it (height may be set, in points)");
  if ("height" in spec && (typeof spec.height !== "number" || spec.height < 80 || spec.height > 600)) {
    problem("height", "height is a number of points between 80 and 600");
  }
  if (problems.length > 0 || !meta) throw new UserError(problems);
  return { name, display: shown, spec, meta, lineOf: (value) => lineOfString(text, value) };
}

/** Deepest nesting of objects and arrays a chart spec may have (the bulletin's are 7 deep). */
export const MAX_JSON_DEPTH = 40;

/**
 * Where a JSON text first nests deeper than `max` (line and JSON path), or undefined. Iterative, and
 * tolerant of invalid JSON (JSON.parse reports that afterwards).
 */
export function tooDeep(s: string, max: number): { line: number; path: string } | undefined {
  const frames: { object: boolean; key: string | number; expectKey: boolean }[] = [];
  let line = 1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\n") line++;
    else if (c === '"') {
      const start = i;
      for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === "\\") i++;
      const top = frames[frames.length - 1];
      if (top?.object && top.expectKey) {
        try {
          top.key = JSON.parse(s.slice(start, i + 1)) as string;
        } catch {
          top.key = "?";
        }
        top.expectKey = false;
      }
    } else if (c === "{" || c === "[") {
      if (frames.length >= max) return { line, path: formatPath(frames.map((f) => f.key)) };
      frames.push({ object: c === "{", key: 0, expectKey: c === "{" });
    } else if (c === "}" || c === "]") frames.pop();
    else if (c === ",") {
      const top = frames[frames.length - 1];
      if (top?.object) top.expectKey = true;
      else if (top) top.key = (top.key as number) + 1;
    }
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function lineOfString(text: string, value: string): number | undefined {
  const at = text.indexOf(JSON.stringify(value));
  return at < 0 ? undefined : lineAt(text, at);
}

/** The line of a JSON path (as formatPath writes it) in the file, or of its nearest existing parent. */
function lineOfKey(text: string, path: string): number | undefined {
  const lines = jsonPathLines(text);
  for (let p = path; p; p = p.replace(/(\.[^.[]*|\[\d+\])$/, "")) {
    const line = lines.get(p);
    if (line !== undefined) return line;
    if (!/(\.[^.[]*|\[\d+\])$/.test(p)) break;
  }
  return undefined;
}

/** Every key and array item of a valid JSON text → the line it starts on, by path (formatPath's form). */
export function jsonPathLines(s: string): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  let line = 1;
  const ws = (): void => {
    while (i < s.length && (s[i] === " " || s[i] === "\t" || s[i] === "\n" || s[i] === "\r")) if (s[i++] === "\n") line++;
  };
  const string = (): string => {
    const start = i++;
    while (i < s.length && s[i] !== '"') i += s[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(s.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    ws();
    if (s[i] === "{" || s[i] === "[") {
      const object = s[i] === "{";
      i++;
      ws();
      for (let n = 0; s[i] !== (object ? "}" : "]"); n++) {
        ws();
        if (object) {
          const key = string();
          const at = path ? `${path}.${key}` : key;
          out.set(at, line);
          ws();
          i++; // :
          value(at);
        } else {
          const at = `${path}[${n}]`;
          ws();
          out.set(at, line);
          value(at);
        }
        ws();
        if (s[i] === ",") i++;
        ws();
      }
      i++;
      return;
    }
    if (s[i] === '"') return void string();
    while (i < s.length && !/[,\]}\s]/.test(s[i]!)) i++;
  };
  value("");
  return out;
}

/**
 * Offset of the first JSON syntax error (V8's messages do not always carry a position). A strict
 * RFC 8259 scanner, used only to name the line; JSON.parse has already said what is wrong.
 */
export function jsonErrorOffset(s: string): number | undefined {
  let i = 0;
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
  const fail = (): never => {
    throw i;
  };
  const ws = (): void => {
    while (i < s.length && (s[i] === " " || s[i] === "\t" || s[i] === "\n" || s[i] === "\r")) i++;
  };
  const string = (): void => {
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 34) return void i++;
      if (c === 92) i += 2;
      else if (c < 32) fail();
      else i++;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const c = s[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      ws();
      if (s[i] === close) return void i++;
      for (;;) {
        if (c === "{") {
          ws();
          if (s[i] !== '"') fail();
          string();
          ws();
          if (s[i] !== ":") fail();
          i++;
        }
        value();
        ws();
        if (s[i] === ",") i++;
        else if (s[i] === close) return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    NUMBER.lastIndex = i;
    if (!NUMBER.test(s)) fail();
    i = NUMBER.lastIndex;
  };
  try {
    value();
    ws();
    if (i < s.length) fail();
    return undefined;
  } catch (at) {
    return Math.min(at as number, s.length);
  }
}
