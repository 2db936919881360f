/**
 * An indicator workbook (data/<year>/indicators/*.xlsx) → its tables, read like CSV files with the same
 * columns: every visible sheet whose header row (the first row with a cell `id`) names the columns is a
 * table. Cells are taken as the clerk sees them in Excel: a number cell as its number format shows it
 * (157.1 formatted `0.00` is 157.10; a `#,##0` or `0.00%` format's separators and % sign dropped), a text
 * cell as its text, a formula cell by the result Excel saved with it. Read with SheetJS (the reading side of
 * the library choice: synchronous, and it formats numbers with Excel's own format rules; see README).
 */
import { createRequire } from "node:module";
import type * as SheetJS from "@e965/xlsx";
import { unzipSync } from "fflate";
import type { Problem } from "../errors.js";
import { readInput, type Confinement } from "../io/read.js";
import { ALL_COLUMNS, COLUMNS, type Column, type IndicatorTable, type SourceRow } from "./columns.js";

/**
 * SheetJS is loaded on the first workbook only: requiring it takes 0.3–0.4 s here, which a build of CSV
 * files alone should not pay. Through createRequire, as the renderers load pdfmake, so the bundle
 * (scripts/build.mjs) leaves it to Node's require too.
 */
let sheetjs: typeof SheetJS | undefined;
const xlsx = (): typeof SheetJS => (sheetjs ??= createRequire(import.meta.url)("@e965/xlsx") as typeof SheetJS);

/** How far down a sheet its header row is looked for (a title or an instruction may stand above it). */
const HEADER_SEARCH_ROWS = 20;

/** A workbook's tables; a file that cannot be read from inside the project is a UserError (src/io/read.ts). */
export function readWorkbookTables(file: string, display: string, where: Confinement): IndicatorTable[] {
  return workbookTables(readInput(file, display, "workbook", where), display);
}

export function workbookTables(data: Buffer, display: string): IndicatorTable[] {
  const wrong = notAnXlsx(data) ?? damagedPackage(data);
  if (wrong) return [{ rows: [], problems: [{ file: display, ...wrong }] }];
  let book: SheetJS.WorkBook;
  try {
    // sheetStubs: a formula cell without a saved result comes back as a stub carrying its formula.
    book = xlsx().read(data, { type: "buffer", cellNF: true, cellFormula: true, sheetStubs: true, cellHTML: false, cellDates: false });
  } catch (e) {
    return [{ rows: [], problems: [{ file: display, message: `is a damaged xlsx workbook (${(e as Error).message})`, hint: "open it in Excel and save it again, or ask for a fresh copy" }] }];
  }
  const tables: IndicatorTable[] = [];
  const hidden = new Set((book.Workbook?.Sheets ?? []).filter((s) => s.Hidden).map((s) => s.name));
  for (const name of book.SheetNames) {
    // A hidden sheet is not what the clerk sees (the fill-in workbook keeps its lists there): not a table.
    if (hidden.has(name)) continue;
    const table = sheetTable(book.Sheets[name]!, name, display);
    if (table) tables.push(table);
  }
  if (tables.length === 0) {
    tables.push({ rows: [], problems: [{ file: display, message: "no visible sheet has a header row with the indicator columns", hint: `put the header in one row of each table sheet: ${COLUMNS.join(", ")}` }] });
  }
  return tables;
}

/** Why a file is not an xlsx workbook (from its first bytes), or undefined when it looks like one (a zip). */
function notAnXlsx(data: Buffer): Omit<Problem, "file"> | undefined {
  if (data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) return undefined;
  // An OLE compound file (MS-CFB): either an encrypted OOXML package (MS-OFFCRYPTO §2.3.4: an
  // "EncryptedPackage" stream) or a legacy .xls workbook.
  if (data.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    if (data.includes(Buffer.from("EncryptedPackage", "utf16le"))) {
      return { message: "is an encrypted (password-protected) workbook", hint: "remove the password in Excel (文件 → 信息 → 保护工作簿 → 用密码进行加密: clear it) and save" };
    }
    return { message: "is an Excel 97–2003 (.xls) workbook, not an xlsx workbook", hint: "save it in Excel as Excel 工作簿 (*.xlsx)" };
  }
  if (data.length === 0) return { message: "is an empty file, not an xlsx workbook", hint: "save the workbook from Excel again" };
  return { message: "is not an xlsx workbook (not a zip package)", hint: "save it from Excel as Excel 工作簿 (*.xlsx); a CSV file must end in .csv" };
}

/**
 * The zip package checked whole before SheetJS sees it: SheetJS 0.20.3 loops without end on some truncated
 * zips (found with a workbook cut at 100 bytes). fflate reads the central directory and inflates every
 * entry, so a damaged package is named here.
 */
function damagedPackage(data: Buffer): Omit<Problem, "file"> | undefined {
  let names: string[];
  try {
    names = Object.keys(unzipSync(data));
  } catch (e) {
    return { message: `is a damaged xlsx workbook (${(e as Error).message})`, hint: "open it in Excel and save it again, or ask for a fresh copy" };
  }
  if (!names.includes("xl/workbook.xml")) {
    return { message: "is a zip file but not an xlsx workbook (it has no xl/workbook.xml)", hint: "save it from Excel as Excel 工作簿 (*.xlsx)" };
  }
  return undefined;
}

function sheetTable(sheet: SheetJS.WorkSheet, name: string, display: string): IndicatorTable | undefined {
  const ref = sheet["!ref"];
  if (!ref) return undefined;
  const range = xlsx().utils.decode_range(ref);
  const problems: Problem[] = [];
  const at = (r: number, c: number): string => xlsx().utils.encode_cell({ r, c });
  // Merged cells show their top-left cell's content across the merge; so are they read (below the header).
  const mergedFrom = new Map<string, string>();
  for (const m of sheet["!merges"] ?? []) {
    for (let r = m.s.r; r <= m.e.r; r++) for (let c = m.s.c; c <= m.e.c; c++) if (r !== m.s.r || c !== m.s.c) mergedFrom.set(at(r, c), at(m.s.r, m.s.c));
  }
  const text = (r: number, c: number, merged: boolean): string => {
    const address = merged ? (mergedFrom.get(at(r, c)) ?? at(r, c)) : at(r, c);
    const shown = cellText(sheet[address] as SheetJS.CellObject | undefined);
    if (typeof shown === "string") return shown;
    problems.push({ file: display, sheet: name, cell: address, ...shown });
    return "";
  };

  let headerRow = -1;
  for (let r = range.s.r; r <= Math.min(range.e.r, range.s.r + HEADER_SEARCH_ROWS - 1) && headerRow < 0; r++) {
    for (let c = range.s.c; c <= range.e.c; c++) if (cellText(sheet[at(r, c)] as SheetJS.CellObject | undefined) === "id") headerRow = r;
  }
  if (headerRow < 0) return undefined; // an instructions sheet or a chart: not a table

  const columns = new Map<Column, number>();
  for (let c = range.s.c; c <= range.e.c; c++) {
    const head = text(headerRow, c, false);
    if (head === "") continue; // a merged header cell's other half, or Excel's empty columns
    if (!(ALL_COLUMNS as readonly string[]).includes(head)) {
      problems.push({ file: display, sheet: name, cell: at(headerRow, c), message: `unknown column "${head}" in the header row`, hint: `the header is: ${COLUMNS.join(", ")}` });
    } else if (columns.has(head as Column)) {
      problems.push({ file: display, sheet: name, cell: at(headerRow, c), message: `column "${head}" appears twice in the header row`, hint: "keep one column of each name" });
    } else columns.set(head as Column, c);
  }
  const missing = COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    problems.push({ file: display, sheet: name, cell: at(headerRow, range.s.c), message: `the header row lacks ${missing.join(", ")}`, hint: `the header is: ${COLUMNS.join(", ")}` });
  }
  if (problems.length > 0) return { rows: [], problems };

  const rows: SourceRow[] = [];
  for (let r = headerRow + 1; r <= range.e.r; r++) {
    const cells: Partial<Record<Column, string>> = {};
    const before = problems.length;
    for (const [column, c] of columns) cells[column] = text(r, c, true);
    if (problems.length > before) continue; // its cells' problems are reported; the row is not read
    if (Object.values(cells).every((v) => v === "")) continue; // a blank row
    rows.push({ cells, at: { file: display, line: r + 1, sheet: name }, cellOf: (column) => at(r, columns.get(column) ?? range.s.c) });
  }
  return { rows, problems };
}

/**
 * A cell as Excel shows it, or what is wrong with it. SheetJS's `w` is the cell formatted with its number
 * format (SSF, Excel's formatting rules); thousands separators and a percent sign are dropped, since a
 * figure is published as digits with its unit (a `0.00%` cell showing 3.75% in a `%` row is 3.75).
 */
export function cellText(cell: SheetJS.CellObject | undefined): string | Omit<Problem, "file" | "sheet" | "cell"> {
  if (!cell) return "";
  switch (cell.t) {
    case "z":
      if (cell.f) {
        return { message: `the formula =${cell.f} has no saved result`, hint: "open the workbook in Excel (or LibreOffice Calc), let it calculate and save it; or type the figure instead of the formula" };
      }
      return "";
    case "e":
      return { message: `the cell shows the error ${cell.w ?? "#VALUE!"}${cell.f ? ` (formula =${cell.f})` : ""}`, hint: "correct the formula or type the figure" };
    case "s":
      return String(cell.v ?? "").trim();
    case "n": {
      const format = String(cell.z ?? "General");
      let shown = (cell.w ?? xlsx().SSF.format(format, cell.v as number)).trim();
      if (format.includes(",")) shown = shown.replace(/,/g, "");
      if (/%/.test(format)) shown = shown.replace(/%$/, "");
      return shown;
    }
    default:
      return String(cell.w ?? cell.v ?? "").trim();
  }
}
