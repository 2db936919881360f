import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { UserError, type Problem } from "../errors.js";
import { loadYaml, readText } from "./yaml.js";
import { documentSchema, regionsSchema } from "./schema.js";
import { parseIndicators } from "./indicators.js";
import { PROVINCE, type Dataset, type Region } from "./types.js";

/**
 * data/ → Dataset. Reads regions.yaml, <year>/document.yaml and <year>/indicators/*.csv, validates them,
 * and reports every problem at once (file, field path, line, how to fix).
 */
export function loadDataset(dataDir: string, year: number, root = process.cwd()): Dataset {
  const display = (file: string): string => relative(root, file) || file;
  const yearDir = join(dataDir, String(year));
  if (!existsSync(yearDir)) {
    const years = existsSync(dataDir) ? readdirSync(dataDir).filter((d) => /^\d{4}$/.test(d)) : [];
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
  const regions = attempt(() => loadYaml(regionsFile, display(regionsFile), regionsSchema).regions as Region[]);
  const documentFile = join(yearDir, "document.yaml");
  const document = attempt(() => loadYaml(documentFile, display(documentFile), documentSchema));
  if (document && document.year !== year) {
    problems.push({ file: display(documentFile), path: "year", message: `says ${document.year} but lives in ${year}/`, hint: `set year: ${year}` });
  }
  if (regions && regions[0]?.code !== PROVINCE) {
    problems.push({ file: display(regionsFile), path: "regions[0].code", message: `the first region must be the province ${PROVINCE}` });
  }

  const indicatorDir = join(yearDir, "indicators");
  const names = existsSync(indicatorDir) ? readdirSync(indicatorDir).filter((f) => f.endsWith(".csv")).sort() : [];
  if (names.length === 0) {
    problems.push({ file: display(indicatorDir), message: "no indicator files (*.csv)", hint: "see docs/data-and-templates.md" });
  }
  const files = names.flatMap((n) => {
    const file = join(indicatorDir, n);
    const text = attempt(() => readText(file, display(file)));
    return text === undefined ? [] : [{ display: display(file), text }];
  });
  const parsed = parseIndicators(files, {
    regionCodes: regions ? new Set(regions.map((r) => r.code)) : undefined,
    sources: document ? new Set(Object.keys(document.sources)) : undefined,
  });
  problems.push(...parsed.problems);
  if (problems.length > 0 || !regions || !document) throw new UserError(problems);
  const indicators = parsed.indicators;

  const sorted = [regions[0]!, ...regions.slice(1).sort((a, b) => a.code.localeCompare(b.code))];
  return { year, document, regions: sorted, indicators };
}
