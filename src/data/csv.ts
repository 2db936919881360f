/**
 * An indicator CSV file's text → its rows, each with its line, for the one row validator (indicators.ts).
 * The header is the first record and only that: a data row is never taken for it, and a file without data
 * rows still has its header checked. Excel's trailing empty columns (",,," after the last header name and
 * at the end of rows) are ignored.
 */
import { parse } from "csv-parse/sync";
import type { Problem } from "../errors.js";
import { ALL_COLUMNS, COLUMNS, type Column, type IndicatorTable, type SourceRow } from "./columns.js";

export function readCsvTable(text: string, display: string): IndicatorTable {
  if (text.replace(/^\uFEFF/, "").trim() === "") {
    return { rows: [], problems: [{ file: display, message: "the CSV file is empty", hint: `start it with the header line: ${COLUMNS.join(",")}` }] };
  }
  const delimiter = delimiterOf(text);
  let records: readonly CsvRecord[];
  try {
    records = plainRecords(text, delimiter) ?? parsedRecords(text, delimiter);
  } catch (e) {
    const err = e as { code?: string; message: string; lines?: number };
    if (err.code === "CSV_QUOTE_NOT_CLOSED") {
      return { rows: [], problems: [{ file: display, line: unclosedQuoteLine(text), message: "CSV syntax: this quote is never closed", hint: 'close the quoted field with "; a quote inside quoted text is written twice ("")' }] };
    }
    return { rows: [], problems: [{ file: display, line: err.lines, message: `CSV syntax: ${err.message}`, hint: 'quote a field that contains a comma or a quote with "…"' }] };
  }
  const [head, ...body] = records;
  if (!head) return { rows: [], problems: [{ file: display, message: "the CSV file has no lines", hint: `start it with the header line: ${COLUMNS.join(",")}` }] };
  const header = trimTrailingEmpty(head.record);
  const missing = COLUMNS.filter((c) => !header.includes(c));
  const extra = header.filter((c) => !(ALL_COLUMNS as readonly string[]).includes(c));
  const twice = header.filter((c, i) => header.indexOf(c) !== i);
  if (missing.length > 0 || extra.length > 0 || twice.length > 0) {
    const parts = [missing.length ? `lacks ${missing.join(", ")}` : "", extra.length ? `has unknown ${extra.map((c) => c || "(empty)").join(", ")}` : "", twice.length ? `repeats ${twice.join(", ")}` : ""];
    return { rows: [], problems: [{ file: display, line: head.line, message: `header ${parts.filter(Boolean).join("; ")}`, hint: `the header is: ${COLUMNS.join(",")}` }] };
  }
  const rows: SourceRow[] = [];
  const problems: Problem[] = [];
  for (const { record, line } of body) {
    // Excel writes every row as wide as its used range, the header included: extra fields are fine when the
    // row is exactly as wide as the header line and they are empty (a shifted row has a different width).
    const excelWidth = record.length === head.record.length && record.slice(header.length).every((f) => f === "");
    if (record.length !== header.length && !excelWidth) {
      problems.push({
        file: display,
        line,
        ...(record[0] && { path: record[0] }),
        message: `this row does not have the ${header.length} fields of the header`,
        hint: "a figure must not contain a comma (no thousands separators); quote text that contains one with \"…\"",
      });
      continue;
    }
    const cells: Partial<Record<Column, string>> = {};
    header.forEach((name, i) => (cells[name as Column] = record[i] ?? ""));
    rows.push({ cells, at: { file: display, line } });
  }
  return { rows, problems };
}

/** A record and the line it starts on. */
export interface CsvRecord {
  readonly record: string[];
  readonly line: number;
}

/** csv-parse's records (RFC 4180: quoted fields, quotes doubled inside them, line breaks in them). */
export function parsedRecords(text: string, delimiter: string): CsvRecord[] {
  const parsed = parse(text, { bom: true, delimiter, skip_empty_lines: true, info: true, raw: true, trim: true, relax_column_count: true }) as { record: string[]; info: { lines: number }; raw: string }[];
  // csv-parse counts lines to the record's end, and a record's raw text holds the empty (or white) lines before
  // it: the record starts after those, and a quoted field with line breaks starts it that many lines earlier.
  return parsed.map(({ record, info, raw }) => ({ record, line: info.lines - (raw.replace(/^(?:[^\S\n]*\n)+/, "").replace(/\r?\n$/, "").match(/\n/g)?.length ?? 0) }));
}

/**
 * The records of a text with no quote, no carriage return, no white space beyond spaces and tabs and no line of
 * white space alone — as the indicator CSVs are written in data/, and as csv-parse reads them
 * (test/csv-input.test.ts compares the two on generated texts): each non-empty line split at the delimiter, the
 * fields trimmed of spaces and tabs. A few milliseconds less per build than csv-parse's general parser, whose code
 * runs unoptimised in a process that lives a second. Undefined for any other text (csv-parse reads it).
 */
export function plainRecords(text: string, delimiter: string): CsvRecord[] | undefined {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (/["\r\f\v\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(body)) return undefined;
  const lines = body.split("\n");
  const records: CsvRecord[] = [];
  for (const [i, line] of lines.entries()) {
    if (line === "") continue;
    if (/^[ \t]*$/.test(line)) return undefined;
    records.push({ record: line.split(delimiter).map((f) => f.replace(/^[ \t]+|[ \t]+$/g, "")), line: i + 1 });
  }
  return records;
}

/**
 * A comma, or a tab for Excel's "Unicode 文本" (UTF-16, tab-separated) and "文本文件(制表符分隔)" exports:
 * told by the header line, which holds the column names and no comma when tab-separated.
 */
function delimiterOf(text: string): string {
  const head = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return head.includes("\t") && !head.includes(",") ? "\t" : ",";
}

function trimTrailingEmpty(fields: readonly string[]): string[] {
  let n = fields.length;
  while (n > 0 && fields[n - 1] === "") n--;
  return fields.slice(0, n);
}

/**
 * The line where the unclosed quote opens (csv-parse reports the end of the file). RFC 4180 §2: a quote
 * opens a field only at its start; inside a quoted field "" is a quote.
 */
function unclosedQuoteLine(text: string): number {
  let line = 1;
  let openedAt = 1;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") line++;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      openedAt = line;
    }
    fieldStart = c === "," || c === "\n" || (fieldStart && (c === " " || c === "\t" || c === "\r" || c === "\uFEFF"));
  }
  return openedAt;
}
