import { parse } from "csv-parse/sync";
import type { Figure, Indicator, Observation } from "./types.js";
import type { Problem } from "../errors.js";

/** The columns of data/<year>/indicators/*.csv, documented in docs/data-and-templates.md. */
export const COLUMNS = ["id", "region", "value", "unit", "growth", "delta", "format", "label", "source", "note", "previous"] as const;
type Column = (typeof COLUMNS)[number];
/** May be left out of a header: `previous` (last year's value, for reference while filling in a new year; never printed). */
const OPTIONAL: readonly Column[] = ["previous"];
type Row = Record<Column, string>;

const ID = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** What rows are checked against; undefined when that file itself failed to load (its problems are reported). */
export interface IndicatorContext {
  readonly regionCodes: ReadonlySet<string> | undefined;
  readonly sources: ReadonlySet<string> | undefined;
}

interface Draft {
  id: string;
  label: string;
  unit: string;
  source: string;
  file: string;
  line: number;
  observations: Map<string, Observation>;
}

/**
 * Parses indicator CSV files (display name → text) into indicators, collecting every problem with its
 * file, line and column instead of stopping at the first.
 */
export function parseIndicators(
  files: readonly { display: string; text: string }[],
  ctx: IndicatorContext,
): { indicators: Map<string, Indicator>; problems: Problem[] } {
  const drafts = new Map<string, Draft>();
  const problems: Problem[] = [];
  for (const { display, text } of files) {
    let records: { record: Row; info: { lines: number; invalid_field_length: number } }[];
    try {
      records = parse(text, { columns: true, bom: true, skip_empty_lines: true, info: true, trim: true, relax_column_count: true }) as typeof records;
    } catch (e) {
      const err = e as { message: string; lines?: number };
      problems.push({ file: display, line: err.lines, message: `CSV syntax: ${err.message}`, hint: "quote a field that contains a comma or a quote with \"…\"" });
      continue;
    }
    const header = Object.keys(records[0]?.record ?? {});
    const missing = COLUMNS.filter((c) => !header.includes(c) && !OPTIONAL.includes(c));
    const extra = header.filter((c) => !(COLUMNS as readonly string[]).includes(c));
    if (records.length > 0 && (missing.length > 0 || extra.length > 0)) {
      problems.push({
        file: display,
        line: 1,
        message: `header ${missing.length ? `lacks ${missing.join(", ")}` : ""}${missing.length && extra.length ? "; " : ""}${extra.length ? `has unknown ${extra.join(", ")}` : ""}`,
        hint: `the header is: ${COLUMNS.filter((c) => !OPTIONAL.includes(c)).join(",")} (then optionally ${OPTIONAL.join(",")})`,
      });
      continue;
    }
    let invalidSoFar = 0; // csv-parse counts rows of the wrong length cumulatively
    for (const { record, info } of records) {
      const wrongLength = info.invalid_field_length > invalidSoFar;
      invalidSoFar = info.invalid_field_length;
      if (wrongLength) {
        problems.push({
          file: display,
          line: info.lines,
          path: record.id || undefined,
          message: `this row does not have the ${header.length} fields of the header`,
          hint: "a figure must not contain a comma (no thousands separators); quote text that contains one with \"…\"",
        });
        continue;
      }
      readRow(record, display, info.lines, ctx, drafts, problems);
    }
  }
  const indicators = new Map<string, Indicator>();
  for (const d of drafts.values()) {
    indicators.set(d.id, { id: d.id, label: d.label, unit: d.unit, source: d.source, observations: d.observations });
  }
  return { indicators, problems };
}

function readRow(
  row: Row,
  file: string,
  line: number,
  ctx: IndicatorContext,
  drafts: Map<string, Draft>,
  problems: Problem[],
): void {
  const at = (column: Column, message: string, hint?: string): void => {
    problems.push({ file, line, path: `${row.id || "(no id)"}.${column}`, message, hint });
  };
  const before = problems.length;
  if (!ID.test(row.id)) at("id", `"${row.id}" is not an indicator id`, "use dotted lower-case ASCII, e.g. employment.urban_new_jobs");
  if (ctx.regionCodes && !ctx.regionCodes.has(row.region)) at("region", `unknown region "${row.region}"`, "use a six-digit code from data/regions.yaml, e.g. 520000");
  for (const column of ["unit", "label", "source"] as const) {
    if (row[column] === "") at(column, `${column} is empty`, `every row needs a ${column}`);
  }
  if (row.source !== "" && ctx.sources && !ctx.sources.has(row.source)) {
    at("source", `unknown source "${row.source}"`, `declare it under sources: in document.yaml, or use one of: ${[...ctx.sources].join(", ")}`);
  }
  const figure = (column: "value" | "growth" | "delta"): Figure | undefined => {
    const text = row[column];
    if (text === "") return undefined;
    if (!NUMBER.test(text)) {
      at(column, `"${text}" is not a number as published`, "write digits with an optional decimal point and sign, no thousands separators or units (e.g. 61.64)");
      return undefined;
    }
    return { text, value: Number(text) };
  };
  const value = figure("value");
  const growth = figure("growth");
  const delta = figure("delta");
  // An empty value with a note: not published (shown as —). With no note: not published *yet* — a gap,
  // marked 待补充 in a --draft build and an error in any other (src/template/gaps.ts).
  if (row.previous !== undefined && row.previous !== "" && !NUMBER.test(row.previous)) {
    at("previous", `"${row.previous}" is not a number as published`, "last year's value, as published, or empty");
  }
  if (row.format !== "" && !row.format.includes("{value}")) at("format", `format "${row.format}" lacks {value}`, "e.g. {value}余名");
  const existing = drafts.get(row.id);
  if (existing) {
    if (existing.file !== file) {
      at("id", `indicator already defined in ${existing.file} (line ${existing.line})`, "an indicator's rows belong in one file");
    }
    for (const column of ["label", "unit", "source"] as const) {
      if (existing[column] !== row[column]) at(column, `"${row[column]}" differs from "${existing[column]}" on line ${existing.line}`, `all rows of ${row.id} share one ${column}`);
    }
    if (existing.observations.has(row.region)) at("region", `second row for region ${row.region}`, "keep one row per indicator and region");
  }
  if (problems.length > before) return;
  const draft = existing ?? { id: row.id, label: row.label, unit: row.unit, source: row.source, file, line, observations: new Map() };
  drafts.set(row.id, draft);
  draft.observations.set(row.region, {
    region: row.region,
    value: value ?? null,
    ...(growth && { growth }),
    ...(delta && { delta }),
    ...(row.format && { format: row.format }),
    ...(row.note && { note: row.note }),
    at: { file, line },
  });
}
