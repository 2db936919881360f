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
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(text, { bom: true, delimiter: delimiterOf(text), skip_empty_lines: true, info: true, raw: true, trim: true, relax_column_count: true }) as typeof records;
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
    return { rows: [], problems: [{ file: display, line: head.info.lines, message: `header ${parts.filter(Boolean).join("; ")}`, hint: `the header is: ${COLUMNS.join(",")}` }] };
  }
  const rows: SourceRow[] = [];
  const problems: Problem[] = [];
  for (const { record, info, raw } of body) {
    // csv-parse counts lines to the record's end: a quoted field with a line break starts it earlier.
    const line = info.lines - (raw.replace(/\r?\n$/, "").match(/\n/g)?.length ?? 0);
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
