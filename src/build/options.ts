/** Command-line flags → BuildOptions, in one place (defaults included). */
import { UserError } from "../errors.js";

export const FORMATS = ["pdf", "docx"] as const;
export type Format = (typeof FORMATS)[number];
export const EMITS = ["model", "markdown", "charts"] as const;
export type Emit = (typeof EMITS)[number];

export const DEFAULT_YEAR = 2020;

export interface BuildOptions {
  readonly year: number;
  /** A code, full or short name, or "all". */
  readonly region: string;
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
  /** Build into an --out folder that holds files a build did not write (they are kept). */
  readonly force?: boolean;
}

export const USAGE = `Usage: npm run build -- [options]

  --region <code|name|all>  520300, 遵义市 or 遵义; default all (the province and the nine prefectures)
  --format <pdf,docx>       output formats; default pdf,docx
  --year <yyyy>             data year (data/<yyyy>/); default ${DEFAULT_YEAR}
  --out <dir>               output folder; default out
  --emit <model,markdown,charts>  also write the document model (JSON), the Markdown and each chart's SVG
  --fonts <auto|default|official> font profile; auto (default): the official fonts when fonts/official.yaml's
                            files are all in fonts/, else the free fonts from npm (see fonts/README.md)
  --shard <i/n>             build the i-th of n slices of the reports (for CI matrices)
  --jobs <n>                render threads, the main thread included (default: one per core; 1 = all in one thread)
  --progress <auto|lines|quiet>
  --check                   compose and check every report (data, templates, charts, fonts); write nothing
  --force                   build into an --out folder that holds files a build did not write (kept as they are)
  -h, --help

Dates written into outputs come from SOURCE_DATE_EPOCH, or else the bulletin's 成文日期.`;

export function parseArgs(argv: readonly string[]): BuildOptions | "help" {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") return "help";
    if (arg === "--check" || arg === "--force") {
      values.set(arg.slice(2), "true");
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UserError({ message: `unexpected argument "${arg}"`, hint: "see npm run build -- --help" });
    const name = m[1]!;
    if (!["region", "format", "year", "out", "emit", "fonts", "shard", "jobs", "progress"].includes(name)) {
      throw new UserError({ message: `unknown option --${name}`, hint: "see npm run build -- --help" });
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith("--")) throw new UserError({ message: `--${name} needs a value`, hint: "see npm run build -- --help" });
    values.set(name, value);
  }
  const list = <T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): T[] => {
    const raw = values.get(name);
    if (raw === undefined) return [...fallback];
    const items = raw.split(",").map((s) => s.trim()).filter(Boolean);
    const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
    if (bad.length) throw new UserError({ message: `--${name}: unknown ${bad.join(", ")}`, hint: `use any of ${allowed.join(", ")}` });
    return [...new Set(items)] as T[];
  };
  const int = (name: string, fallback: number): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
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
  return {
    year: int("year", DEFAULT_YEAR),
    region: values.get("region") ?? "all",
    formats: list("format", FORMATS, FORMATS),
    out: values.get("out") ?? "out",
    emit: list("emit", EMITS, []),
    fonts: values.get("fonts") ?? "auto",
    ...(shard && { shard }),
    jobs: int("jobs", 0),
    progress: progress as BuildOptions["progress"],
    check: values.has("check"),
    ...(values.has("force") && { force: true }),
  };
}

/** SOURCE_DATE_EPOCH (seconds) if set, else the fallback (the bulletin's 成文日期). */
export function buildDate(env: NodeJS.ProcessEnv, fallbackIso: string): Date {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === "") return new Date(`${fallbackIso}T00:00:00+08:00`);
  if (!/^\d+$/.test(raw)) throw new UserError({ message: `SOURCE_DATE_EPOCH "${raw}" is not a number of seconds`, hint: "e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" });
  return new Date(Number(raw) * 1000);
}
