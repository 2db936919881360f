import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { UserError, type Problem } from "../errors.js";
import { loadYaml } from "./yaml.js";
import { readText } from "./text.js";
import { documentSchema, regionsSchema } from "./schema.js";
import { parseIndicatorTables, type IndicatorTable } from "./indicators.js";
import { readCsvTable } from "./csv.js";
import { readWorkbookTables } from "./xlsx.js";
import { confinedTo } from "../io/project-path.js";
import { inputNames } from "../io/read.js";
import { PROVINCE, type Dataset, type Region } from "./types.js";

/**
 * data/ → Dataset. Reads regions.yaml, <year>/document.yaml and <year>/indicators/*.csv and *.xlsx, validates them,
 * and reports every problem at once (file, field path, line, how to fix).
 */
export function loadDataset(dataDir: string, year: number, root = process.cwd()): Dataset {
  const display = (file: string): string => relative(root, file) || file;
  const yearDir = join(dataDir, String(year));
  // Data is read only from inside the project (src/io/read.ts): a file (or data/ itself) linked to a place
  // outside, or anything but a regular file, is an error naming it.
  const where = confinedTo(root);
  if (!existsSync(yearDir)) {
    const years = inputNames(dataDir, display(dataDir), "data folder", where).filter((d) => /^\d{4}$/.test(d));
    throw new UserError({
      file: display(yearDir),
      message: `no data for ${year}`,
      hint: years.length ? `available years: ${years.join(", ")}` : "create data/<year>/ with document.yaml and indicators/",
    });
  }
  // Every file is read even when an earlier one has problems, so that all problems are reported at once.
  const problems: Problem[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      problems.push(...e.problems);
      return undefined;
    }
  };
  const regionsFile = join(dataDir, "regions.yaml");
  const regions = attempt(() => loadYaml(regionsFile, display(regionsFile), regionsSchema, where).regions as Region[]);
  const documentFile = join(yearDir, "document.yaml");
  const document = attempt(() => loadYaml(documentFile, display(documentFile), documentSchema, where));
  if (document && document.year !== year) {
    problems.push({ file: display(documentFile), path: "year", message: `says ${document.year} but lives in ${year}/`, hint: `set year: ${year}` });
  }
  if (regions && regions[0]?.code !== PROVINCE) {
    problems.push({ file: display(regionsFile), path: "regions[0].code", message: `the first region must be the province ${PROVINCE}` });
  }

  const indicatorDir = join(yearDir, "indicators");
  // CSV files and workbooks side by side, in name order; "~$…" is the lock file Excel keeps beside an open workbook.
  const names = attempt(() => inputNames(indicatorDir, display(indicatorDir), "data folder", where).filter((f) => /\.(csv|xlsx|xls)$/i.test(f) && !f.startsWith("~$"))) ?? [];
  if (names.length === 0) {
    problems.push({ file: display(indicatorDir), message: "no indicator files (*.csv, *.xlsx)", hint: "see docs/data-and-templates.md" });
  }
  const tables = names.flatMap((n): IndicatorTable[] => {
    const file = join(indicatorDir, n);
    if (/\.xls$/i.test(n)) return [{ rows: [], problems: [{ file: display(file), message: "is an Excel 97–2003 (.xls) workbook", hint: "save it in Excel as Excel 工作簿 (*.xlsx)" }] }];
    if (/\.xlsx$/i.test(n)) return attempt(() => readWorkbookTables(file, display(file), where)) ?? [];
    const text = attempt(() => readText(file, display(file), "a CSV file", where));
    return text === undefined ? [] : [readCsvTable(text, display(file))];
  });
  const parsed = parseIndicatorTables(tables, {
    regionCodes: regions ? new Set(regions.map((r) => r.code)) : undefined,
    sources: document ? new Set(Object.keys(document.sources)) : undefined,
  });
  problems.push(...parsed.problems);
  if (problems.length > 0 || !regions || !document) throw new UserError(problems);
  const indicators = parsed.indicators;

  const sorted = [regions[0]!, ...regions.slice(1).sort((a, b) => a.code.localeCompare(b.code))];
  return { year, document, regions: sorted, indicators };
}
