/**
 * Command-line flags → BuildOptions, in one place. Each flag is declared once in FLAGS: its help text
 * (USAGE, and the README's table, which test/options.test.ts checks against it), how it parses, its default.
 */
import { existsSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { z } from "zod";
import { UserError } from "../errors.js";
import { confinedTo } from "../io/project-path.js";
import { loadYaml } from "../data/yaml.js";
import { DEFAULT_FORMATS, FORMATS, type Format } from "../formats.js";

/** The output formats come from the one format table (src/formats.ts). */
export { FORMATS, type Format };
export const EMITS = ["model", "markdown", "charts", "layout"] as const;
export type Emit = (typeof EMITS)[number];

export interface BuildOptions {
  readonly year: number;
  /** A code, full or short name, or "all". */
  readonly region: string;
  /** Report kinds to build (templates/<kind>/); empty: every kind of the year. */
  readonly reports: readonly string[];
  readonly formats: readonly Format[];
  /** Output folder, relative to the repo root. */
  readonly out: string;
  readonly emit: readonly Emit[];
  readonly fonts: string;
  /** Build the i-th of n deterministic slices (1-based). */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Worker threads; 0 = one per core. */
  readonly jobs: number;
  /** Progress display: "auto" (a bar on a terminal, lines in CI), "lines", "quiet". */
  readonly progress: "auto" | "lines" | "quiet";
  /** Compose and check every report, render and write nothing. */
  readonly check: boolean;
  /** Figures not published yet and unknown metadata become 待补充 marks, listed in out/<year>/gaps.csv. */
  readonly draft: boolean;
  /** Warnings are errors: a failed consistency rule (data/<year>/rules.yaml) is exit 2. */
  readonly strict: boolean;
  /** Build into an --out folder that holds files a build did not write (they are kept). */
  readonly force: boolean;
}

interface Flag {
  readonly name: string;
  /** The value's form in the help, e.g. `<yyyy>`; none for a switch. */
  readonly value?: string;
  readonly help: string;
}

/** Every flag, in the order of the help. */
export const FLAGS: readonly Flag[] = [
  { name: "region", value: "<code|name|all>", help: "520300, 遵义市 or 遵义; default all (every region a report kind is made for)" },
  { name: "report", value: "<kind[,kind]>", help: "report kinds (templates/<kind>/); default every kind of the year" },
  { name: "year", value: "<yyyy>", help: "data year (data/<yyyy>/); default the defaultYear of data/config.yaml" },
  { name: "format", value: `<${FORMATS.join(",")}>`, help: `output formats; default ${DEFAULT_FORMATS.join(",")}` },
  { name: "out", value: "<dir>", help: "output folder; default out" },
  { name: "emit", value: `<${EMITS.join(",")}>`, help: "also write the document model (JSON), the Markdown, each chart's SVG, and the laid-out pages (JSON: every line with its place and spacing (and `tighter` where its paragraph was set tighter to leave no loose line), why each page ends, what pagination did)" },
  { name: "fonts", value: "<auto|default|official>", help: "font profile; auto: the official fonts when all are in fonts/ (fonts/README.md)" },
  { name: "draft", help: "figures not published yet and unknown metadata show as 待补充 marks, listed in out/<year>/gaps.csv" },
  { name: "strict", help: "warnings are errors (exit 2): a failed consistency rule of data/<yyyy>/rules.yaml" },
  { name: "force", help: "build into an --out folder that holds files a build did not write (kept as they are)" },
  { name: "shard", value: "<i/n>", help: "build the i-th of n slices of the reports (CI matrices)" },
  { name: "jobs", value: "<n>", help: "render threads, the main thread included (default: one per core; 1 = all in one thread)" },
  { name: "progress", value: "<auto|lines|quiet>", help: "a progress line on a terminal, plain lines in CI" },
  { name: "check", help: "compose and check every report (data, templates, charts, fonts); write nothing" },
];

const usageLine = (f: Flag): string => {
  const head = `--${f.name}${f.value ? ` ${f.value}` : ""}`;
  return `  ${head.padEnd(26)}${head.length >= 26 ? " " : ""}${f.help}`;
};

export const USAGE = `Usage: npm run build -- [options]

${FLAGS.map(usageLine).join("\n")}
  -h, --help

Dates written into outputs come from SOURCE_DATE_EPOCH, or else the report's 成文日期.`;

/** The flags as the README's command-line block shows them (test/options.test.ts keeps it in step). */
export function readmeFlags(): string {
  return `npm run build -- [options]\n\n${FLAGS.map(usageLine).join("\n")}`;
}

const configSchema = z.object({ defaultYear: z.number().int().min(1990).max(2100) }).strict();

/** data/config.yaml's defaultYear: the year `npm run build` builds without --year. */
export function defaultYear(root: string): number {
  const file = join(root, "data", "config.yaml");
  if (!existsSync(file)) throw new UserError({ file: "data/config.yaml", message: "missing: it names the default year", hint: "create it with the line: defaultYear: 2020, or pass --year" });
  return loadYaml(file, "data/config.yaml", configSchema, confinedTo(root)).defaultYear;
}

/** @param root where data/config.yaml is, read only when --year is not given. */
export function parseArgs(argv: readonly string[], root = process.cwd()): BuildOptions | "help" {
  const values = new Map<string, string>();
  const byName = new Map(FLAGS.map((f) => [f.name, f]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") return "help";
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UserError({ message: `unexpected argument "${arg}"`, hint: "see npm run build -- --help" });
    const name = m[1]!;
    const flag = byName.get(name);
    if (!flag) throw new UserError({ message: `unknown option --${name}`, hint: "see npm run build -- --help" });
    if (!flag.value) {
      if (m[2] !== undefined) throw new UserError({ message: `--${name} takes no value`, hint: `write --${name} alone` });
      values.set(name, "true");
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith("--")) throw new UserError({ message: `--${name} needs a value`, hint: "see npm run build -- --help" });
    values.set(name, value);
  }
  const list = <T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): T[] => {
    const raw = values.get(name);
    if (raw === undefined) return [...fallback];
    const items = raw.split(",").map((s) => s.trim()).filter(Boolean);
    // `--format=` (an empty list) would build nothing and exit 0.
    if (items.length === 0) throw new UserError({ message: `--${name} is given no value`, hint: `name one or more of ${allowed.join(", ")} (separated by commas), or leave --${name} out for the default` });
    const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
    if (bad.length) throw new UserError({ message: `--${name}: unknown ${bad.join(", ")}`, hint: `use any of ${allowed.join(", ")}` });
    return [...new Set(items)] as T[];
  };
  const int = (name: string, fallback: () => number): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback();
    if (!/^\d+$/.test(raw)) throw new UserError({ message: `--${name} "${raw}" is not a whole number` });
    return Number(raw);
  };
  let shard: BuildOptions["shard"];
  const rawShard = values.get("shard");
  if (rawShard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(rawShard);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UserError({ message: `--shard "${rawShard}" is not i/n with 1 ≤ i ≤ n`, hint: "e.g. --shard 2/4" });
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  const progress = values.get("progress") ?? "auto";
  if (!["auto", "lines", "quiet"].includes(progress)) throw new UserError({ message: `--progress "${progress}" is not auto, lines or quiet` });
  const reports = [...new Set((values.get("report") ?? "").split(",").map((s) => s.trim()).filter(Boolean))];
  if (values.has("report") && reports.length === 0) throw new UserError({ message: "--report is given no value", hint: "name one or more report kinds (templates/<kind>/), or leave --report out for every kind" });
  return {
    year: int("year", () => defaultYear(root)),
    region: values.get("region") ?? "all",
    reports,
    formats: list("format", FORMATS, DEFAULT_FORMATS),
    out: checkOutName(values.get("out") ?? "out", root),
    emit: list("emit", EMITS, []),
    fonts: values.get("fonts") ?? "auto",
    ...(shard && { shard }),
    jobs: int("jobs", () => 0),
    progress: progress as BuildOptions["progress"],
    check: values.has("check"),
    draft: values.has("draft"),
    strict: values.has("strict"),
    force: values.has("force"),
  };
}

/**
 * The latest SOURCE_DATE_EPOCH: 2099-12-31 00:00 UTC. A DOCX is a zip, whose entries' dates (MS-DOS date
 * format, as fflate writes them) run from 1980 to 2099 only; the PDF's dates would take more, but one range
 * serves every format.
 */
export const MAX_SOURCE_DATE_EPOCH = 4102358400;

/** SOURCE_DATE_EPOCH (seconds) if set, else the fallback (the report's 成文日期). */
export function buildDate(env: NodeJS.ProcessEnv, fallbackIso: string): Date {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === "") return new Date(`${fallbackIso}T00:00:00+08:00`);
  const hint = "e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it to date the documents by their 成文日期";
  if (!/^\d+$/.test(raw)) throw new UserError({ message: `SOURCE_DATE_EPOCH "${raw}" is not a whole number of seconds since 1970-01-01 UTC`, hint });
  if (Number(raw) > MAX_SOURCE_DATE_EPOCH) throw new UserError({ message: `SOURCE_DATE_EPOCH "${raw}" is later than 2099-12-31 (${MAX_SOURCE_DATE_EPOCH}), the last date a DOCX can carry`, hint });
  return new Date(Number(raw) * 1000);
}

/** Longest name of a file or folder (NAME_MAX of Linux's file systems, in bytes), and of a whole path (PATH_MAX). */
const NAME_MAX = 255;
const PATH_MAX = 4095;
/** What a build adds to --out's name (the staging folder `.<out>.staging-<pid>`, src/output/stage.ts) and to its path (`2020/520300-prefecture.model.json`). */
const STAGING_NAME = ".".length + ".staging-".length + 7;
const LONGEST_OUTPUT = 64;

/** --out as given, refused when the file system could not hold its staging folder or its files. */
function checkOutName(out: string, root: string): string {
  const full = resolve(root, out);
  const tooLong = full.split(sep).find((part, i, all) => Buffer.byteLength(part) + (i === all.length - 1 ? STAGING_NAME : 0) > NAME_MAX);
  if (tooLong !== undefined) {
    throw new UserError({ message: `--out ${out}: the name "${tooLong.slice(0, 40)}…" is ${Buffer.byteLength(tooLong)} bytes long; a folder name may have at most ${NAME_MAX - STAGING_NAME} (the file system allows ${NAME_MAX}, and the build writes beside it under a longer one)`, hint: "choose a shorter --out" });
  }
  if (Buffer.byteLength(full) + STAGING_NAME + LONGEST_OUTPUT > PATH_MAX) {
    throw new UserError({ message: `--out ${out.slice(0, 60)}…: the path is ${Buffer.byteLength(full)} bytes long; the documents' paths under it would pass the file system's ${PATH_MAX}`, hint: "choose a shorter --out" });
  }
  return out;
}
