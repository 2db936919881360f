/**
 * An indicator workbook (data/<year>/indicators/*.xlsx) → its tables, read like CSV files with the same
 * columns: every visible sheet whose header row (the first row with a cell `id`) names the columns is a
 * table. A number cell is read as its stored value with the decimals its number format shows — the figure's
 * declared precision, which the fill-in workbook sets from the indicator (src/data/precision.ts): 157.1
 * formatted `0.00` is 157.10, 0.0375 formatted `0.00%` is 3.75 — and a value the format does not show whole
 * (0.4 in a cell formatted `0`, which Excel shows as 0) is an error at its cell, never published as shown. A
 * text cell is read as its text, a formula cell by the result Excel saved with it. Hidden rows and columns
 * of a table are an error (what the clerk does not see is not published). The package is bounded in size
 * and cells before SheetJS parses it (xlsx-package.ts). Read with SheetJS (the reading side of the library
 * choice: synchronous, and it formats numbers with Excel's own format rules; see README).
 */
import { createRequire } from "node:module";
import type * as SheetJS from "@e965/xlsx";
import type { Problem } from "../errors.js";
import { readInput, type Confinement } from "../io/read.js";
import { checkedPackage } from "./xlsx-package.js";
import { ALL_COLUMNS, COLUMNS, type Column, type IndicatorTable, type SourceRow } from "./columns.js";

/**
 * SheetJS is loaded on the first workbook only: requiring it takes 0.3–0.4 s here, which a build of CSV
 * files alone should not pay. Through createRequire, as the PDF renderer loads pdfkit, so the bundle
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
  const wrong = notAnXlsx(data);
  if (wrong) return [{ rows: [], problems: [{ file: display, ...wrong }] }];
  const checked = checkedPackage(data);
  if (!Buffer.isBuffer(checked)) return [{ rows: [], problems: [{ file: display, ...checked }] }];
  let book: SheetJS.WorkBook;
  try {
    // sheetStubs: a formula cell without a saved result comes back as a stub carrying its formula.
    // cellStyles: the rows' and columns' hidden flags (`!rows`, `!cols`).
    book = xlsx().read(checked, { type: "buffer", cellNF: true, cellFormula: true, sheetStubs: true, cellStyles: true, cellHTML: false, cellDates: false });
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

function sheetTable(sheet: SheetJS.WorkSheet, name: string, display: string): IndicatorTable | undefined {
  const ref = sheet["!ref"];
  if (!ref) return undefined;
  const range = xlsx().utils.decode_range(ref);
  const problems: Problem[] = [];
  const at = (r: number, c: number): string => xlsx().utils.encode_cell({ r, c });
  // Merged cells show their top-left cell's content across the merge; so are they read (below the header).
  // Looked up per cell rather than spread out: a merge may cover the whole sheet (A1:XFD1048576).
  const merges = sheet["!merges"] ?? [];
  const mergedFrom = (r: number, c: number): string | undefined => {
    const m = merges.find((m) => r >= m.s.r && r <= m.e.r && c >= m.s.c && c <= m.e.c);
    return m ? at(m.s.r, m.s.c) : undefined;
  };
  const text = (r: number, c: number, merged: boolean): string => {
    const address = merged ? (mergedFrom(r, c) ?? at(r, c)) : at(r, c);
    const shown = cellText(sheet[address] as SheetJS.CellObject | undefined);
    if (typeof shown === "string") return shown;
    problems.push({ file: display, sheet: name, cell: address, ...shown });
    return "";
  };

  // The last row and column that hold a cell: a sheet's stated range (and a merge) may reach far beyond them.
  let lastRow = range.s.r;
  let lastColumn = range.s.c;
  for (const key of Object.keys(sheet)) {
    if (key.startsWith("!")) continue;
    const { r, c } = xlsx().utils.decode_cell(key);
    lastRow = Math.max(lastRow, r);
    lastColumn = Math.max(lastColumn, c);
  }
  range.e.r = Math.min(range.e.r, lastRow);
  range.e.c = Math.min(range.e.c, lastColumn);

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
  problems.push(...hiddenParts(sheet, name, display, headerRow, range.e.r, columns, at));
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
 * Hidden table columns, and hidden rows of the table that hold anything: an error each, since the clerk
 * who checked the sheet did not see them (a row hidden by hand or by a filter alike).
 */
function hiddenParts(sheet: SheetJS.WorkSheet, name: string, display: string, headerRow: number, lastRow: number, columns: ReadonlyMap<Column, number>, at: (r: number, c: number) => string): Problem[] {
  const problems: Problem[] = [];
  const hiddenColumns = [...columns].filter(([, c]) => sheet["!cols"]?.[c]?.hidden);
  if (hiddenColumns.length > 0) {
    const letters = hiddenColumns.map(([, c]) => at(0, c).replace(/\d+$/, ""));
    problems.push({
      file: display,
      sheet: name,
      cell: `${letters[0]}${headerRow + 1}`,
      message: `column${letters.length > 1 ? "s" : ""} ${letters.join(", ")} (${hiddenColumns.map(([column]) => column).join(", ")}) ${letters.length > 1 ? "are" : "is"} hidden: what the sheet does not show would be published`,
      hint: "unhide them (select the columns on either side → 右键 → 取消隐藏) and check what they hold",
    });
  }
  const hiddenRows: number[] = [];
  for (let r = headerRow + 1; r <= lastRow; r++) {
    if (sheet["!rows"]?.[r]?.hidden && [...columns.values()].some((c) => sheet[at(r, c)] !== undefined)) hiddenRows.push(r + 1);
  }
  if (hiddenRows.length > 0) {
    const shown = hiddenRows.length > 10 ? `${hiddenRows.slice(0, 10).join(", ")}, … (${hiddenRows.length} rows)` : hiddenRows.join(", ");
    problems.push({
      file: display,
      sheet: name,
      cell: at(hiddenRows[0]! - 1, columns.get("id") ?? 0),
      message: `row${hiddenRows.length > 1 ? "s" : ""} ${shown} ${hiddenRows.length > 1 ? "are" : "is"} hidden (by hand or by a filter): what the sheet does not show would be published`,
      hint: "unhide them (select the rows around them → 右键 → 取消隐藏; or 数据 → 清除 a filter) and check them, or delete the rows that are not to be published",
    });
  }
  return problems;
}

/**
 * A cell as read, or what is wrong with it. A number cell is its stored value with the decimals its number
 * format shows (numberText); a text cell its text; a formula its saved result.
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
      return numberText(cell.v as number, format, (cell.w ?? xlsx().SSF.format(format, cell.v as number)).trim());
    }
    default:
      return String(cell.w ?? cell.v ?? "").trim();
  }
}

/**
 * A number cell's figure: its stored value with as many decimals as the cell shows — the precision the
 * cell's number format declares (the fill-in workbook sets it from the indicator, src/data/precision.ts) —
 * or an error when the value has digits the format does not show: 0.4 in a cell formatted `0` shows 0 and
 * would be published as 同比持平; 4.8734 from a formula formatted `0.0` shows 4.9. A `0.00%` format shows the
 * value × 100 (0.0375 is 3.75, the figure in a `%` row); thousands separators are not part of the figure.
 */
export function numberText(value: number, format: string, shown: string): string | Omit<Problem, "file" | "sheet" | "cell"> {
  const percent = /%/.test(format.replace(/"[^"]*"|\\./g, ""));
  const scaled = percent ? value * 100 : value;
  const digits = /^[+-]?\d+(?:\.(\d+))?$/.exec(shown.replace(/[,\s]/g, "").replace(/%$/, ""));
  const held = String(Number(scaled.toPrecision(15)));
  if (!digits || !Number.isFinite(scaled) || Math.abs(scaled) >= 1e21) {
    return { message: `the cell shows "${shown}", not a figure as published (it holds ${held})`, hint: "format the cell as a number (设置单元格格式 → 数值) with the decimals the figure is published with" };
  }
  const decimals = digits[1]?.length ?? 0;
  const text = scaled.toFixed(decimals);
  // Float noise from a formula (4.9000000000000004) is not a digit the clerk typed.
  if (Math.abs(Number(text) - scaled) > Math.max(1, Math.abs(scaled)) * 1e-12) {
    const places = decimals === 0 ? "no decimals" : `${decimals} decimal${decimals > 1 ? "s" : ""}`;
    return {
      message: `the cell holds ${held} but its number format shows ${places} ("${shown}"): the figure would be published as ${unsignedZero(text)}`,
      hint: `type the figure as published, with ${places}; if it really has more, ask for a workbook whose cell shows them (设置单元格格式 → 数值 → 小数位数), or round a formula: =ROUND(…, ${decimals})`,
    };
  }
  return unsignedZero(text);
}

/** -0.0 is 0.0: a zero has no sign. */
const unsignedZero = (text: string): string => (/^-0(\.0+)?$/.test(text) ? text.slice(1) : text);
