/**
 * A table's rows in its template: which line makes which row of the presented table, so that a row a reviewer
 * added or deleted in Word can be added to or removed from the template. Only a table written row by row (each
 * row a `| … |` line, as `npm run import` writes one) can be changed so; a table whose rows a block helper makes
 * (`{{#each regions}}`) has one line for many rows — the reason is given instead, and the edit is listed.
 */
import { PROVINCE, type Region } from "../data/types.js";
import { escapeLiteral } from "../import/markdown.js";
import type { SourceEntry } from "../render/docx/provenance.js";
import { allParagraphs, type Block, type Paragraph, type Row } from "../word/index.js";
import { align } from "./template-line.js";

/** A row of the presented table as the build wrote it: its cells' text run together, which characters are figures. */
export interface BuiltRow {
  readonly text: string;
  /** Its cells' text, for a message. */
  readonly cells: readonly string[];
  readonly figure: readonly boolean[];
}

export type TableLines =
  /** `rows[r]`: the line index of presented row r; `delimiter`: the `| :-- | --: |` line's. */
  | { readonly kind: "rows"; readonly rows: readonly number[]; readonly delimiter: number }
  | { readonly kind: "unsafe"; readonly reason: string };

const DELIMITER = /^\|?(\s*:?-+:?\s*\|)*\s*:?-+:?\s*\|?$/;
const BLOCK = /^\{\{~?\s*[#/^]|^\{\{~?\s*else\b/;

/**
 * The lines of the table whose block starts at line index `at` (a `:::table` directive or the table's first row),
 * checked against the rows the build wrote: one `| … |` line a row, in order, each making its row's text.
 */
export function tableLines(lines: readonly string[], at: number, built: readonly BuiltRow[]): TableLines {
  const rows: number[] = [];
  let delimiter = -1;
  let i = /^:::+\s*table\b/.test(lines[at]?.trim() ?? "") ? at + 1 : at;
  for (; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t.startsWith("|")) {
      if (delimiter < 0 && rows.length > 0 && DELIMITER.test(t)) delimiter = i;
      else rows.push(i);
    } else if (BLOCK.test(t) && !/\|/.test(t)) {
      if (rows.length > 0) return { kind: "unsafe", reason: `its rows are made by ${t} at line ${i + 1}: one template line for many rows` };
    } else break;
  }
  if (delimiter < 0) return { kind: "unsafe", reason: `no table found at line ${at + 1}` };
  if (rows.length !== built.length) return { kind: "unsafe", reason: `the template's table at line ${at + 1} has ${rows.length} row lines, the DOCX ${built.length} rows (the template changed since the build, or a row line makes several rows)` };
  for (const [r, row] of built.entries()) {
    if (!align(lines[rows[r]!]!, row.text, row.figure)) return { kind: "unsafe", reason: `line ${rows[r]! + 1} no longer makes row ${r + 1} of the table (the template changed since the build)` };
  }
  return { kind: "rows", rows, delimiter };
}

/** The line a row added after presented row `r` goes after: that row's, or the delimiter when `r` is the last header row. */
export function lineAfterRow(t: Extract<TableLines, { kind: "rows" }>, r: number): number {
  const line = t.rows[r]!;
  return t.delimiter === line + 1 ? t.delimiter : line;
}

/** A table of the edited DOCX, row by row: each row's paragraphs, cell by cell. */
export interface DocxRow {
  readonly row: Row;
  readonly cells: readonly (readonly Paragraph[])[];
}

/** Every table of the document (in block controls and in other tables' cells too), in order. */
export function tablesOf(blocks: readonly Block[]): DocxRow[][] {
  const out: DocxRow[][] = [];
  for (const b of blocks) {
    if (b.kind === "control") out.push(...tablesOf(b.blocks));
    else if (b.kind === "table") {
      out.push(b.rows.map((row) => ({ row, cells: row.cells.map((c) => allParagraphs(c.blocks)) })));
      for (const row of b.rows) for (const c of row.cells) out.push(...tablesOf(c.blocks));
    }
  }
  return out;
}

/** The rows the build wrote of the table recorded at `file`:`line`, from the review record, cells in column order. */
export function builtRows(entries: Iterable<SourceEntry>, file: string, line: number): { rows: BuiltRow[]; columnRefs: Map<number, string> } {
  const cells = [...entries].filter((e) => e.file === file && e.line === line && e.row !== undefined).sort((a, b) => a.row! - b.row! || a.column! - b.column!);
  const rows: { text: string; cells: string[]; figure: boolean[] }[] = [];
  const columnRefs = new Map<number, string>();
  for (const e of cells) {
    const r = (rows[e.row!] ??= { text: "", cells: [], figure: [] });
    r.cells.push(e.segments.map((s) => s.text).join(""));
    for (const s of e.segments) {
      r.text += s.text;
      r.figure.push(...s.text.split("").map(() => s.ref !== undefined));
      if (s.ref !== undefined && !columnRefs.has(e.column!)) columnRefs.set(e.column!, s.ref);
    }
  }
  return { rows: Array.from(rows, (r) => r ?? { text: "", cells: [], figure: [] }), columnRefs };
}

/**
 * The template line of a row a reviewer added: its text cells as literal text, each cell of a figures' column as the
 * `{{cell}}` of that column's indicator for the region the row names — never the number typed there (which is a
 * data change requested when the data does not say the same). Undefined, with the reason, when
 * a number cannot be bound so.
 */
export function newRowLine(cells: readonly string[], columnRefs: ReadonlyMap<number, string>, regions: readonly Region[]): { line: string; figures: { column: number; ref: string; region: string; typed: string }[] } | { reason: string } {
  const named = cells.map((c) => c.trim()).find((c) => c !== "" && !/\d/.test(c));
  const region = regions.find((r) => named !== undefined && [r.name, r.short, r.table].includes(named));
  const figures: { column: number; ref: string; region: string; typed: string }[] = [];
  const out = cells.map((text, column) => {
    const typed = text.trim();
    const ref = columnRefs.get(column);
    // A cell of a figures' column is its figure (— where the data has none), whatever was typed in it.
    if (ref !== undefined && region !== undefined) {
      if (/\d/.test(typed)) figures.push({ column, ref, region: region.code, typed });
      return `{{cell "${ref}"${region.code === PROVINCE ? "" : ` region="${region.code}"`}}}`;
    }
    return /\d/.test(typed) ? undefined : escapeLiteral(typed, false);
  });
  const missing = out.findIndex((c) => c === undefined);
  if (missing >= 0) {
    const why = columnRefs.has(missing) ? "the row names no region of data/regions.yaml in a cell of its own" : "no figure of the data stands in that column";
    return { reason: `its number “${cells[missing]!.trim()}” (column ${missing + 1}) cannot be bound to the data: ${why} — add the row in the template with {{cell}}` };
  }
  return { line: `| ${out.join(" | ")} |`, figures };
}
