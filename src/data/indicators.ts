import { PROVINCE, type Figure, type Indicator, type Observation, type SourceLocation } from "./types.js";
import type { Problem } from "../errors.js";
import { readCsvTable } from "./csv.js";
import type { Column, IndicatorTable, SourceRow } from "./columns.js";

export { COLUMNS, REFERENCE_COLUMNS, ALL_COLUMNS, type Column, type SourceRow, type IndicatorTable } from "./columns.js";

const ID = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
const NUMBER = /^[+-]?\d+(\.\d+)?$/;
/** What a clerk types for "no figure": a dash of any width (ASCII, en, em, full-width, two em dashes). */
const DASH = /^[-‐–—―－─]+$/;
const FULL_WIDTH = /[０-９．－＋]/;
/** `0061.64`, `05`: a zero before another digit (0.5 is fine). */
const LEADING_ZERO = /^[+-]?0\d/;
const EXPONENT = /^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;
/** Text columns are printed on one line (a table cell, a sentence): a line break in them is a fault of the data. */
const LINE_BREAK = /[\r\n\u2028\u2029]/;
/** Significant digits a double holds exactly (IEEE 754 binary64: 15 decimal digits always round-trip). */
const MAX_DIGITS = 15;

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
  at: SourceLocation;
  observations: Map<string, Observation>;
}

/** "line 7" or "sheet 就业, cell A7": how a place is named in messages. */
export function placeOf(at: SourceLocation): string {
  return at.sheet !== undefined ? `sheet ${at.sheet}${at.cell ? `, cell ${at.cell}` : ""}` : `line ${at.line}`;
}

/** A problem at a row's cell: file and line, or file, sheet and cell. */
export function problemAt(row: SourceRow, column: Column | undefined, p: Omit<Problem, "file" | "line" | "sheet" | "cell">): Problem {
  const { file, line, sheet } = row.at;
  if (sheet === undefined) return { file, line, ...p };
  return { file, sheet, ...(row.cellOf ? { cell: row.cellOf(column ?? "id") } : { line }), ...p };
}

/**
 * Parses indicator CSV files (display name → text) into indicators, collecting every problem with its
 * file, line and column instead of stopping at the first.
 */
export function parseIndicators(
  files: readonly { display: string; text: string }[],
  ctx: IndicatorContext,
): { indicators: Map<string, Indicator>; problems: Problem[] } {
  return parseIndicatorTables(files.map(({ display, text }) => readCsvTable(text, display)), ctx);
}

/** Tables (from CSV files and workbooks alike) → indicators: every row goes through the one row validator. */
export function parseIndicatorTables(tables: readonly IndicatorTable[], ctx: IndicatorContext): { indicators: Map<string, Indicator>; problems: Problem[] } {
  const drafts = new Map<string, Draft>();
  const problems: Problem[] = [];
  // An indicator's home is the file with most of its rows (the first such file); its rows are read first, so
  // a second file — a prefecture bureau's workbook — can only fill in its own region's figures (readRow).
  const counts = new Map<string, Map<IndicatorTable, number>>();
  for (const table of tables) {
    for (const row of table.rows) {
      const id = row.cells.id ?? "";
      const byTable = counts.get(id) ?? new Map<IndicatorTable, number>();
      byTable.set(table, (byTable.get(table) ?? 0) + 1);
      counts.set(id, byTable);
    }
  }
  const home = new Map([...counts].map(([id, byTable]) => [id, [...byTable].reduce((a, b) => (b[1] > a[1] ? b : a))[0]]));
  const found = new Map(tables.map((t) => [t, [...t.problems]]));
  for (const homeRows of [true, false]) {
    for (const table of tables) for (const row of table.rows) if ((home.get(row.cells.id ?? "") === table) === homeRows) readRow(row, ctx, drafts, found.get(table)!);
  }
  for (const table of tables) {
    // In the order of the file's lines (rows), whichever check found them.
    const rowOf = (p: Problem): number => p.line ?? Number(/\d+$/.exec(p.cell ?? "")?.[0] ?? 0);
    problems.push(...found.get(table)!.map((p, i) => ({ p, i })).sort((a, b) => rowOf(a.p) - rowOf(b.p) || a.i - b.i).map(({ p }) => p));
  }
  const indicators = new Map<string, Indicator>();
  for (const d of drafts.values()) {
    indicators.set(d.id, { id: d.id, label: d.label, unit: d.unit, source: d.source, observations: d.observations });
  }
  return { indicators, problems };
}

/**
 * A published figure's text → the figure, or what is wrong with it and how to fix it. One rule for CSV
 * fields and workbook cells alike (a workbook's number cells come here as their stored value, xlsx.ts):
 * white space around the figure (a space, a tab, a full-width space) and a leading `+` are dropped, nothing
 * else is normalised — a leading zero (`0061.64`), an exponent (`1e3`), full-width digits, thousands
 * separators and units are errors, since the text is printed as it stands.
 */
export function parseFigure(raw: string): Figure | { message: string; hint: string } {
  const text = raw.trim();
  if (DASH.test(text)) {
    return { message: `"${text}" is not a number`, hint: "for a figure that is not published, leave it empty and say why in the note" };
  }
  if (FULL_WIDTH.test(text)) {
    const half = text.replace(/[０-９．－＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
    return { message: `"${text}" has full-width digits`, hint: `type half-width digits (半角), e.g. ${half}` };
  }
  if (LEADING_ZERO.test(text)) {
    return { message: `"${text}" has a leading zero`, hint: `write the figure as published, without leading zeros: ${text.replace(/^([+-]?)0+(?=\d)/, "$1")}` };
  }
  if (EXPONENT.test(text)) {
    return { message: `"${text}" is written with an exponent`, hint: `write the figure in plain digits as published (e.g. ${Number(text)})` };
  }
  if (!NUMBER.test(text)) {
    return { message: `"${text}" is not a number as published`, hint: "write digits with an optional decimal point and sign, no thousands separators or units (e.g. 61.64)" };
  }
  const digits = text.replace(/^[+-]/, "").replace(".", "").replace(/^0+/, "");
  if (digits.length > MAX_DIGITS) {
    return { message: `"${text}" has ${digits.length} significant digits: more than the ${MAX_DIGITS} a number holds exactly`, hint: `publish at most ${MAX_DIGITS} significant digits, or check the cell for a typing error` };
  }
  const shown = text.replace(/^\+/, "");
  return { text: shown, value: Number(shown) };
}

/** A workbook row's cells of the figures it has besides its value (for messages that cite them, src/rules/check.ts). */
function figureCells(row: SourceRow, figures: Record<"growth" | "delta" | "previous", Figure | undefined>): { cells?: SourceLocation["cells"] } {
  const present = (["growth", "delta", "previous"] as const).filter((c) => figures[c] !== undefined);
  return present.length > 0 ? { cells: Object.fromEntries(present.map((c) => [c, row.cellOf!(c)])) } : {};
}

/** The one row validator, for CSV lines and sheet rows alike. */
function readRow(row: SourceRow, ctx: IndicatorContext, drafts: Map<string, Draft>, problems: Problem[]): void {
  const cell = (column: Column): string => row.cells[column] ?? "";
  const id = cell("id");
  const at = (column: Column, message: string, hint?: string): void => {
    problems.push(problemAt(row, column, { path: `${id || "(no id)"}.${column}`, message, ...(hint && { hint }) }));
  };
  const before = problems.length;
  if (!ID.test(id)) at("id", `"${id}" is not an indicator id`, "use dotted lower-case ASCII, e.g. employment.urban_new_jobs");
  const region = cell("region");
  if (ctx.regionCodes && !ctx.regionCodes.has(region)) at("region", `unknown region "${region}"`, "use a six-digit code from data/regions.yaml, e.g. 520000");
  for (const column of ["unit", "label", "source"] as const) {
    if (cell(column) === "") at(column, `${column} is empty`, `every row needs a ${column}`);
  }
  for (const column of ["id", "region", "label", "unit", "source", "format", "note"] as const) {
    if (LINE_BREAK.test(cell(column))) at(column, `the ${column} holds a line break`, "write it on one line (in Excel, Alt+Enter makes a line break inside a cell: remove it)");
  }
  const source = cell("source");
  if (source !== "" && ctx.sources && !ctx.sources.has(source)) {
    at("source", `unknown source "${source}"`, `declare it under sources: in document.yaml, or use one of: ${[...ctx.sources].join(", ")}`);
  }
  const figure = (column: "value" | "growth" | "delta" | "previous"): Figure | undefined => {
    const text = cell(column);
    if (text === "") return undefined;
    const parsed = parseFigure(text);
    if ("message" in parsed) {
      at(column, parsed.message, parsed.hint);
      return undefined;
    }
    return parsed;
  };
  const value = figure("value");
  const growth = figure("growth");
  const delta = figure("delta");
  const previous = figure("previous");
  const note = cell("note");
  // An empty value with a note: not published (shown as —). With no note: not published *yet* — a gap,
  // marked 待补充 in a --draft build and an error in any other (src/template/gaps.ts).
  const format = cell("format");
  if (format !== "" && !format.includes("{value}")) at("format", `format "${format}" lacks {value}`, "e.g. {value}余名");
  const existing = drafts.get(id);
  // A row in another file than the indicator's home: a prefecture's own figure (a bureau's workbook) that
  // fills in its region's row — a figure the home file leaves empty, or the same figure again. Its source
  // may be the bureau's own (declared in document.yaml); label and unit are the indicator's.
  const elsewhere = existing !== undefined && existing.at.file !== row.at.file;
  if (existing) {
    const shared: readonly ("label" | "unit" | "source")[] = elsewhere ? ["label", "unit"] : ["label", "unit", "source"];
    for (const column of shared) {
      if (existing[column] !== cell(column)) at(column, `"${cell(column)}" differs from "${existing[column]}" on ${placeOf(existing.at)}`, `all rows of ${id} share one ${column}`);
    }
    const there = existing.observations.get(region);
    if (elsewhere && region === PROVINCE) {
      at("id", `indicator already defined in ${existing.at.file} (${placeOf(existing.at)})`, "an indicator's rows belong in one file; another file may only fill in a prefecture's own figure");
    } else if (elsewhere && there?.value && value && there.value.text !== value.text) {
      at("value", `${value.text} differs from ${there.value.text} for region ${region} in ${there.at.file} (${placeOf(there.at)})`, "keep one figure per indicator and region: correct one of the two, or leave this one empty");
    } else if (elsewhere && there?.value && !value) {
      return; // the home file has the figure; this copy of the row adds nothing
    } else if (!elsewhere && there) {
      at("region", `second row for region ${region}`, "keep one row per indicator and region");
    }
  }
  if (problems.length > before) return;
  const location: SourceLocation = row.cellOf ? { ...row.at, cell: row.cellOf("value"), ...figureCells(row, { growth, delta, previous }) } : row.at;
  const draft = existing ?? { id, label: cell("label"), unit: cell("unit"), source, at: location, observations: new Map() };
  drafts.set(id, draft);
  draft.observations.set(region, {
    region,
    value: value ?? null,
    ...(source !== draft.source && { source }),
    ...(growth && { growth }),
    ...(delta && { delta }),
    ...(format && { format }),
    ...(note && { note }),
    ...(previous && { previous }),
    at: location,
  });
}
