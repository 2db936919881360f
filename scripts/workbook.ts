/**
 * `npm run workbook -- <year> [--region <code>] [--out <file>] [--force]`: writes the fill-in workbook of
 * a year (src/data/fill-in-workbook.ts).
 *
 * - A year without indicator files yet (a new year): last year's indicators with their figures as 上年数 and
 *   the year's left to fill in, written to data/<year>/indicators/<year>.xlsx, where the build reads it.
 * - A year with data: its figures as they are, to fill-in/<year>/<year>.xlsx (to hand out for revision;
 *   it replaces the year's CSV files once returned, never sits beside them: it would define every indicator twice).
 * - --region <code>: only that region's rows, with the province's figure beside each, to
 *   fill-in/<year>/<code>.xlsx (for the prefecture's clerk).
 *
 * fill-in/ (git-ignored) rather than out/: out/ holds only what the build writes.
 *
 * - --new-year: from last year's figures even when the year has indicator files already (e.g. the
 *   prefectures' workbooks after the year's own was written).
 *
 * An existing file is never overwritten without --force. Exit 2 with a message for a user's mistake.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { UserError } from "../src/errors.js";
import { runMain } from "../src/main-handler.js";
import { loadDataset } from "../src/data/load.js";
import { writeFillInWorkbook } from "../src/data/fill-in-workbook.js";
import { confinedTo } from "../src/io/project-path.js";
import { inputNames } from "../src/io/read.js";
import { fsStep } from "../src/io/fs-step.js";

const USAGE = "Usage: npm run workbook -- <year> [--region <code>] [--new-year] [--out <file.xlsx>] [--force]";

async function main(argv: readonly string[]): Promise<void> {
  const root = process.cwd();
  let year: number | undefined;
  let region: string | undefined;
  let out: string | undefined;
  let force = false;
  let newYear = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") {
      console.log(USAGE);
      return;
    }
    if (arg === "--force") force = true;
    else if (arg === "--new-year") newYear = true;
    else if (arg === "--region" || arg === "--out") {
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) throw new UserError({ message: `${arg} needs a value`, hint: USAGE });
      if (arg === "--region") region = value;
      else out = value;
    } else if (/^\d{4}$/.test(arg) && year === undefined) year = Number(arg);
    else throw new UserError({ message: `unexpected argument "${arg}"`, hint: USAGE });
  }
  if (year === undefined) throw new UserError({ message: "which year?", hint: USAGE });

  const dataDir = resolve(root, "data");
  const indicatorDir = join(dataDir, String(year), "indicators");
  // --new-year: from last year's figures even when the year has files (its workbook, not yet filled in).
  const hasData = !newYear && inputNames(indicatorDir, relative(root, indicatorDir), "data file", confinedTo(root)).some((f) => /\.(csv|xlsx)$/i.test(f) && !f.startsWith("~$"));
  const dataset = loadDataset(dataDir, hasData ? year : year - 1, root);
  const lastYear = hasData && existsSync(join(dataDir, String(year - 1))) ? loadDataset(dataDir, year - 1, root) : undefined;
  if (region !== undefined && !dataset.regions.some((r) => r.code === region)) {
    throw new UserError({ message: `unknown region "${region}"`, hint: `use one of: ${dataset.regions.map((r) => `${r.code} ${r.short}`).join(", ")}` });
  }
  const target = resolve(
    root,
    out ?? (region !== undefined ? join("fill-in", String(year), `${region}.xlsx`) : hasData ? join("fill-in", String(year), `${year}.xlsx`) : join(indicatorDir, `${year}.xlsx`)),
  );
  const shown = relative(root, target) || target;
  if (!target.endsWith(".xlsx")) throw new UserError({ message: `--out ${shown}: a workbook's name ends in .xlsx` });
  if (existsSync(target) && !force) throw new UserError({ file: shown, message: "already exists", hint: "add --force to overwrite it" });
  if (hasData && dirname(target) === indicatorDir) {
    throw new UserError({ file: shown, message: `would sit beside data/${year}/indicators/'s files and define their indicators twice`, hint: "write it elsewhere (the default is fill-in/<year>/), or replace the CSV files with it by hand" });
  }
  const data = await writeFillInWorkbook(dataset, { mode: hasData ? "same-year" : "new-year", ...(lastYear && { lastYear }), ...(region !== undefined && { region }) });
  const tmp = `${target}.${process.pid}.tmp`;
  fsStep(() => {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  }, shown);
  console.error(`wrote ${shown}: ${hasData ? `the ${year} figures` : `the ${year - 1} indicators to fill in for ${year}`}${region ? `, region ${region}` : ""}`);
}

runMain(() => main(process.argv.slice(2)));
