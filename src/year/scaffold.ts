/**
 * `npm run new-year -- <yyyy>`: the next year, scaffolded from the last one, to be filled in —
 *
 *   data/<yyyy>/document.yaml             the year, its keywords; each source's title 待补充 (last year's beside it, as a comment)
 *   data/<yyyy>/indicators/*.csv          every row of last year, its value, growth, delta and note empty, last
 *                                         year's value in the `previous` column (reference only, never printed);
 *                                         or, with `workbook`, one fill-in workbook <yyyy>.xlsx in their place
 *                                         (src/data/fill-in-workbook.ts: 上年数 beside each figure to fill in)
 *   data/<yyyy>/rules.yaml                last year's consistency rules, to keep or adapt
 *   templates/<kind>/<yyyy>/document.yaml for every kind of last year: each field it had set to `unknown`
 *   templates/<kind>/<yyyy>/*.md.hbs      a copy of the kind's text as last year used it, to edit
 *
 * No figure is carried over: an empty value with no note is a figure not published yet, which a --draft
 * build marks 待补充 (src/template/gaps.ts). The plan (files and their text) is made first and written
 * only if nothing is in the way, so other producers (e.g. a fill-in workbook) can add files to it.
 *
 * A year starts from the year before it (last year's values are its 上年数, and the change rules compare with
 * them); another year only when named with --from, and then without 上年数 — never from itself or a later
 * year. With --force, the files replaced are copied first to backups/new-year-<yyyy>-<time>/ and listed;
 * a kind that has the year already (its templates/<kind>/<yyyy>/document.yaml) keeps its folder as it is.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "yaml";
import { UserError } from "../errors.js";
import { fsStep } from "../io/fs-step.js";
import { loadYaml, readText } from "../data/yaml.js";
import { COLUMNS } from "../data/indicators.js";
import { documentSchema } from "../data/schema.js";
import { compileTemplates } from "../template/compile.js";
import { resolveTemplate } from "../template/kinds.js";
import { loadDataset } from "../data/load.js";
import { writeFillInWorkbook } from "../data/fill-in-workbook.js";
import { confinedTo } from "../io/project-path.js";
import { inputNames, readInput } from "../io/read.js";

export interface ScaffoldFile {
  /** Relative to the project root. */
  readonly path: string;
  readonly data: string | Buffer;
}

export interface YearScaffold {
  readonly year: number;
  readonly from: number;
  /** Why `from`: said to the user (scripts/new-year.ts). */
  readonly reason: string;
  readonly files: ScaffoldFile[];
  /** Kinds' year folders that exist already: kept as they are, even with --force. */
  readonly kept: readonly string[];
}

/** What writeYear did beyond writing the plan: the files it replaced and where their old versions are. */
export interface WriteReport {
  readonly replaced: readonly string[];
  readonly backup?: string;
}

/** The latest year of data/ before `year`. */
export function previousYear(root: string, year: number): number {
  const dataDir = join(root, "data");
  const years = inputNames(dataDir, "data", "data folder", confinedTo(root)).filter((d) => /^\d{4}$/.test(d)).map(Number).filter((y) => y < year);
  if (years.length === 0) throw new UserError({ file: "data", message: `no year before ${year} to start from`, hint: "data/<yyyy>/ holds a year's data (docs/data-and-templates.md)" });
  return Math.max(...years);
}

/**
 * The year to start from and why. The year before, by default; when it is missing, an error naming the
 * latest earlier one (its figures are not last year's: they would be the 上年数 and the base of the change
 * rules). --from names any earlier year that has data.
 */
function startingYear(root: string, year: number, from: number | undefined): { from: number; reason: string } {
  if (from !== undefined) {
    if (from >= year) {
      throw new UserError({ message: `cannot scaffold ${year} from ${from}: a year starts from an earlier one`, hint: `--from names an earlier year, e.g. npm run new-year -- ${year} --from ${year - 1}${from === year ? ` (scaffolding ${year} from itself would empty every figure of ${year})` : ""}` });
    }
    if (!existsSync(join(root, "data", String(from), "document.yaml"))) {
      throw new UserError({ file: `data/${from}`, message: `no data for ${from} to start from`, hint: "name a year that has data/<yyyy>/document.yaml" });
    }
    return { from, reason: from === year - 1 ? `${from}, the year before` : `${from}, as --from asks (not the year before: 上年数 left empty)` };
  }
  const latest = previousYear(root, year);
  if (latest !== year - 1) {
    throw new UserError({
      file: `data/${year - 1}`,
      message: `${year - 1}, the year before ${year}, has no data: ${latest} is the latest earlier year, and its figures are not ${year}'s 上年数`,
      hint: `scaffold ${year - 1} first (npm run new-year -- ${year - 1}), or start from ${latest} on purpose: npm run new-year -- ${year} --from ${latest} (上年数 then left empty)`,
    });
  }
  return { from: latest, reason: `${latest}, the year before` };
}

export interface ScaffoldOptions {
  /** The year to start from (default: the latest earlier year). */
  readonly from?: number;
  /** The indicators as one fill-in workbook instead of CSV files. */
  readonly workbook?: boolean;
}

/** What new-year would write for `year`. Writes nothing. */
export async function planYear(root: string, year: number, options: ScaffoldOptions = {}): Promise<YearScaffold> {
  const { from, reason } = startingYear(root, year, options.from);
  // Last year's values are the 上年数 only when `from` is last year.
  const lastYear = from === year - 1;
  const display = (file: string): string => relative(root, file) || file;
  // Everything copied is read from inside the project (src/io/read.ts): a linked file is refused, not copied.
  const where = confinedTo(root);
  const files: ScaffoldFile[] = [];
  const fromDir = join(root, "data", String(from));

  const documentFile = join(fromDir, "document.yaml");
  const doc = loadYaml(documentFile, display(documentFile), documentSchema, where);
  const sources = Object.entries(doc.sources)
    .map(([key, s]) => `  ${key}:\n    # ${from}: ${s.title}\n    title: 待补充${s.publisher ? `\n    publisher: ${stringify(s.publisher).trim()}` : ""}`)
    .join("\n");
  files.push({
    path: `data/${year}/document.yaml`,
    data: `# The ${year} data, scaffolded from ${from} by npm run new-year: name each source as published.\nyear: ${year}\nkeywords: ${stringify(doc.keywords, { collectionStyle: "flow" }).trim()}\nsources:\n${sources}\n`,
  });

  const rulesFile = join(fromDir, "rules.yaml");
  if (existsSync(rulesFile)) files.push({ path: `data/${year}/rules.yaml`, data: readText(rulesFile, display(rulesFile), "a YAML file", where) });

  const indicatorDir = join(fromDir, "indicators");
  if (options.workbook) {
    // Every indicator of last year (CSV files and workbooks alike), its figures as 上年数.
    const last = loadDataset(join(root, "data"), from, root);
    files.push({ path: `data/${year}/indicators/${year}.xlsx`, data: await writeFillInWorkbook(last, { mode: "new-year", year, previous: lastYear }) });
  } else {
    for (const name of inputNames(indicatorDir, display(indicatorDir), "data file", where).filter((f) => f.endsWith(".csv"))) {
      const file = join(indicatorDir, name);
      files.push({ path: `data/${year}/indicators/${name}`, data: nextYearIndicators(readText(file, display(file), "a CSV file", where), lastYear) });
    }
  }

  const templates = compileTemplates(join(root, "templates"), display);
  const kept: string[] = [];
  for (const kind of templates.kindsFor(from)) {
    const last = templates.document(kind.kind, from);
    const fields = (["title", "docNumber", "issuers", "date"] as const).filter((f) => last[f] !== undefined);
    const documentFile = join(kind.dir, String(year), "document.yaml");
    const document = [
      `# ${kind.name ?? kind.kind} ${year}, scaffolded from ${from} by npm run new-year. Replace each unknown by the`,
      `# document's own value (a --draft build marks what is still unknown 待补充), or delete a field it does not have.`,
      ...fields.map((f) => `${f}: unknown`),
      `keywords: ${stringify(last.keywords, { collectionStyle: "flow" }).trim()}`,
      "",
    ].join("\n");
    // A kind that has the year already — made by hand, or its scaffold's metadata filled in since — keeps its
    // folder as it is, even with --force; an untouched scaffold of it is planned again (and backed up if replaced).
    if (kind.years.includes(year) && !(existsSync(documentFile) && readText(documentFile, display(documentFile), "a YAML file", where) === document)) {
      kept.push(display(join(kind.dir, String(year))));
      continue;
    }
    files.push({ path: display(documentFile), data: document });
    for (const entry of kind.templates.filter((t) => !t.includes("/"))) {
      const source = resolveTemplate(templates.kinds, kind, entry, from, display, where);
      files.push({ path: display(join(kind.dir, String(year), entry)), data: readText(source, display(source), "a template", where) });
    }
  }
  return { year, from, reason, files, kept };
}

/**
 * Last year's indicator CSV → this year's: the same rows, figures and notes emptied, the old value kept in
 * `previous` (when `previous` is false — starting from an older year — left empty: it is not last year's).
 */
export function nextYearIndicators(csv: string, previous = true): string {
  const rows = parse(csv, { columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as Record<string, string>[];
  const header = [...COLUMNS, "previous"] as const;
  const field = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const out = rows.map((row) => {
    const next: Record<string, string> = { ...row, value: "", growth: "", delta: "", note: "", previous: previous ? (row.value ?? "") : "" };
    return header.map((c) => field(next[c] ?? "")).join(",");
  });
  return `${header.join(",")}\n${out.map((l) => `${l}\n`).join("")}`;
}

/**
 * Writes a scaffold; refuses (before writing anything) if any of its files exists, unless `force` — then
 * each file it replaces is first copied to backups/new-year-<yyyy>-<time>/ (the same path inside), so no
 * figure is lost without a copy. `now` names the backup folder (tests give it).
 */
export function writeYear(root: string, plan: YearScaffold, force = false, now = new Date()): WriteReport {
  const existing = plan.files.filter((f) => existsSync(join(root, f.path)));
  if (existing.length > 0 && !force) {
    throw new UserError({
      file: existing[0]!.path,
      message: `${plan.year} exists already (${existing.length} of its files: ${existing.slice(0, 3).map((f) => f.path).join(", ")}${existing.length > 3 ? ", …" : ""})`,
      hint: `edit those files, or run npm run new-year -- ${plan.year} --force to replace them with a fresh scaffold (the files replaced are kept in backups/)`,
    });
  }
  // Every file to be replaced is read first, through the one read path (inside the project, a regular file):
  // a folder, a FIFO or a link out where a file is to be written stops the command before anything is written.
  const where = confinedTo(root);
  const kept = existing.map((f) => {
    try {
      return { path: f.path, bytes: readInput(join(root, f.path), f.path, "file", where) };
    } catch (e) {
      if (e instanceof UserError && / is a folder, /.test(e.message)) {
        throw new UserError({ file: f.path, message: "cannot write: a folder stands where a file is to be written (EISDIR)", hint: "move it away (nothing was written), then run the command again" });
      }
      throw e;
    }
  });
  const backup = existing.length > 0 ? `backups/new-year-${plan.year}-${now.toISOString().replace(/[:.]/g, "-")}` : undefined;
  fsStep(() => {
    for (const f of kept) {
      mkdirSync(dirname(join(root, backup!, f.path)), { recursive: true });
      writeFileSync(join(root, backup!, f.path), f.bytes);
    }
  }, backup ?? "backups");
  for (const f of plan.files) {
    fsStep(() => {
      mkdirSync(dirname(join(root, f.path)), { recursive: true });
      writeFileSync(join(root, f.path), f.data);
    }, f.path);
  }
  return { replaced: existing.map((f) => f.path), ...(backup && { backup }) };
}

/** Plans and writes `year`; returns the plan and what was replaced. */
export async function scaffoldYear(root: string, year: number, options: ScaffoldOptions & { force?: boolean } = {}): Promise<YearScaffold & WriteReport> {
  const plan = await planYear(root, year, options);
  return { ...plan, ...writeYear(root, plan, options.force) };
}
