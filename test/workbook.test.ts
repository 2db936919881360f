/**
 * Excel workbooks as indicator files: written here with exceljs (numeric, text and formula cells, number
 * formats, merged header cells, a hidden sheet), read by the build as the clerk sees them; damaged,
 * encrypted and non-xlsx files named as such; the fill-in workbook read back as it is.
 */
import ExcelJS from "exceljs";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../src/data/load.js";
import { workbookTables } from "../src/data/xlsx.js";
import { writeFillInWorkbook } from "../src/data/fill-in-workbook.js";
import { MAX_CELLS, MAX_UNPACKED_BYTES } from "../src/data/xlsx-package.js";
import { decimalsOf, numberFormatFor } from "../src/data/precision.js";
import { validateDataset } from "../src/rules/report.js";
import { UserError, formatProblem } from "../src/errors.js";
import type { Dataset } from "../src/data/types.js";
import { copyData, ROOT } from "./support/dataset.js";

const HEADER = ["id", "region", "value", "unit", "growth", "delta", "format", "label", "source", "note"];

type Cell = ExcelJS.CellValue | { value: ExcelJS.CellValue; numFmt: string };

/** A workbook with one sheet per entry: rows of cells (a cell may carry its number format). */
async function workbook(sheets: Record<string, Cell[][]>, edit?: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    rows.forEach((cells, r) =>
      cells.forEach((c, col) => {
        const cell = sheet.getCell(r + 1, col + 1);
        if (c !== null && typeof c === "object" && "numFmt" in c) {
          cell.value = c.value;
          cell.numFmt = c.numFmt;
        } else cell.value = c;
      }),
    );
  }
  edit?.(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const row = (id: string, value: Cell, rest: Partial<Record<"unit" | "growth" | "label" | "note", Cell>> = {}): Cell[] => [
  id, "520000", value, rest.unit ?? "万人", rest.growth ?? null, null, null, rest.label ?? "测试", "bulletin", rest.note ?? null,
];

/** data/ copy with the workbook added (as `name`) to 2020's indicators. */
function withWorkbook(data: Buffer, name = "就业.xlsx"): string {
  const dir = copyData();
  writeFileSync(join(dir, "2020/indicators", name), data);
  return dir;
}

function load(dir: string): Dataset {
  return loadDataset(dir, 2020, join(dir, ".."));
}

function loadError(dir: string): UserError {
  try {
    load(dir);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error("expected the data to be rejected");
}

describe("a workbook is read as the clerk sees it", () => {
  it("numbers by their number format, text as typed, formulas by their saved result", async () => {
    const data = await workbook({
      就业: [
        HEADER,
        row("wb.formatted", { value: 157.1, numFmt: "0.00" }),
        row("wb.text", "15.00"),
        row("wb.general", 61.64),
        row("wb.thousands", { value: 23149.51, numFmt: "#,##0.00" }),
        row("wb.percent", { value: 0.0375, numFmt: "0.00%" }, { unit: "%" }),
        row("wb.formula", { value: { formula: "C2*2", result: 314.2 }, numFmt: "0.0" }),
        row("wb.signed", 0.5, { growth: "+0.9" }),
        row("wb.negative", { value: -6.1, numFmt: "0.0" }),
      ],
    });
    const dataset = load(withWorkbook(data));
    const value = (id: string) => dataset.indicators.get(id)!.observations.get("520000")!.value;
    expect(value("wb.formatted")).toEqual({ text: "157.10", value: 157.1 });
    expect(value("wb.text")).toEqual({ text: "15.00", value: 15 });
    expect(value("wb.general")).toEqual({ text: "61.64", value: 61.64 });
    expect(value("wb.thousands")).toEqual({ text: "23149.51", value: 23149.51 });
    expect(value("wb.percent")).toEqual({ text: "3.75", value: 3.75 });
    expect(value("wb.formula")).toEqual({ text: "314.2", value: 314.2 });
    expect(value("wb.negative")!.text).toBe("-6.1");
    expect(dataset.indicators.get("wb.signed")!.observations.get("520000")!.growth).toEqual({ text: "0.9", value: 0.9 });
    // where each figure came from: file, sheet, row and the value's cell
    expect(dataset.indicators.get("wb.formatted")!.observations.get("520000")!.at).toEqual({ file: "data/2020/indicators/就业.xlsx", line: 2, sheet: "就业", cell: "C2" });
    // the CSV files beside the workbook are read too
    expect(dataset.indicators.get("employment.urban_new_jobs")!.observations.get("520000")!.value!.text).toBe("61.64");
  });

  it("a formula without a saved result is an error at its cell", async () => {
    const data = await workbook({ 就业: [HEADER, row("wb.ok", 1), row("wb.unsaved", { formula: "C2*3" } as ExcelJS.CellFormulaValue)] });
    const error = loadError(withWorkbook(data));
    expect(error.problems).toHaveLength(1);
    expect(formatProblem(error.problems[0]!)).toMatch(/^data\/2020\/indicators\/就业\.xlsx: sheet 就业, cell C3: the formula =C2\*3 has no saved result\n {4}fix: open the workbook in Excel/);
  });

  it("an error cell is an error at its cell", async () => {
    const data = await workbook({ 就业: [HEADER, row("wb.div", { formula: "1/0", result: { error: "#DIV/0!" } } as ExcelJS.CellFormulaValue)] });
    expect(loadError(withWorkbook(data)).problems.map(formatProblem)).toEqual([
      "data/2020/indicators/就业.xlsx: sheet 就业, cell C2: the cell shows the error #DIV/0! (formula =1/0)\n    fix: correct the formula or type the figure",
    ]);
  });

  it("bad cells get the CSV's messages and fixes, located by sheet and cell", async () => {
    const data = await workbook({
      就业: [
        ["2021年就业指标（标题行）"],
        HEADER,
        row("wb.unit_typed", "61.64万"),
        row("wb.dash", "—"),
        row("wb.full_width", "６１．６４"),
        row("wb.empty", null),
      ],
    });
    const error = loadError(withWorkbook(data));
    expect(error.problems.map(formatProblem)).toEqual([
      'data/2020/indicators/就业.xlsx: sheet 就业, cell C3: wb.unit_typed.value: "61.64万" is not a number as published\n    fix: write digits with an optional decimal point and sign, no thousands separators or units (e.g. 61.64)',
      'data/2020/indicators/就业.xlsx: sheet 就业, cell C4: wb.dash.value: "—" is not a number\n    fix: for a figure that is not published, leave it empty and say why in the note',
      'data/2020/indicators/就业.xlsx: sheet 就业, cell C5: wb.full_width.value: "６１．６４" has full-width digits\n    fix: type half-width digits (半角), e.g. 61.64',
    ]);
  });

  it("merged header cells, a hidden sheet and an instructions sheet", async () => {
    const data = await workbook(
      {
        说明: [["本工作簿的说明：只填本年数。"]],
        就业: [
          ["指标", null, "数值", null, null, null, null, null, null, "备注"],
          [...HEADER.slice(0, 9), "note", null],
          row("wb.merged_label", 2, { label: "合并的名称" }),
          row("wb.merged_label_2", 3, { label: null }),
        ],
        旧表: [HEADER, row("wb.hidden", 9)],
      },
      (book) => {
        const sheet = book.getWorksheet("就业")!;
        sheet.mergeCells("A1:B1"); // a merged caption above the header
        sheet.mergeCells("J2:K2"); // the note's header cell merged over an empty column
        sheet.mergeCells("H3:H4"); // one label for two rows: the clerk sees it on both
        book.getWorksheet("旧表")!.state = "hidden";
      },
    );
    const dataset = load(withWorkbook(data));
    expect(dataset.indicators.get("wb.merged_label")!.label).toBe("合并的名称");
    expect(dataset.indicators.get("wb.merged_label_2")!.label).toBe("合并的名称");
    expect(dataset.indicators.get("wb.merged_label_2")!.observations.get("520000")!.at).toMatchObject({ sheet: "就业", cell: "C4", line: 4 });
    // a hidden sheet is not what the clerk sees: not read
    expect(dataset.indicators.has("wb.hidden")).toBe(false);
  });

  it("a sheet whose header lacks a column is named with its cell", async () => {
    const data = await workbook({ 就业: [["id", "region", "value", "unit", "growth", "delta", "format", "label", "source", "remark"], row("wb.x", 1)] });
    const messages = loadError(withWorkbook(data)).problems.map(formatProblem);
    expect(messages).toContain('data/2020/indicators/就业.xlsx: sheet 就业, cell J1: unknown column "remark" in the header row\n    fix: the header is: id, region, value, unit, growth, delta, format, label, source, note');
    expect(messages).toContain("data/2020/indicators/就业.xlsx: sheet 就业, cell A1: the header row lacks note\n    fix: the header is: id, region, value, unit, growth, delta, format, label, source, note");
  });

  it("names damaged, encrypted, old-format and non-xlsx files as such", async () => {
    const good = await workbook({ 就业: [HEADER, row("wb.x", 1)] });
    const message = (data: Buffer) => workbookTables(data, "x.xlsx").flatMap((t) => t.problems).map((p) => p.message);
    expect(message(good.subarray(0, Math.floor(good.length / 2)))).toEqual([expect.stringMatching(/^is a damaged xlsx workbook \(/)]);
    // An encrypted OOXML package is an OLE compound file holding an "EncryptedPackage" stream (MS-OFFCRYPTO 2.3.4.4).
    const cfb = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Array(504).fill(0)]);
    expect(message(Buffer.concat([cfb, Buffer.from("EncryptedInfo\0EncryptedPackage", "utf16le")]))).toEqual(["is an encrypted (password-protected) workbook"]);
    expect(message(Buffer.concat([cfb, Buffer.from("Workbook", "utf16le")]))).toEqual(["is an Excel 97–2003 (.xls) workbook, not an xlsx workbook"]);
    expect(message(Buffer.from(`${HEADER.join(",")}\nx.y,520000,1,万人,,,,测试,bulletin,\n`))).toEqual(["is not an xlsx workbook (not a zip package)"]);
    const error = loadError(withWorkbook(good.subarray(0, 100)));
    expect(error.problems[0]).toMatchObject({ file: "data/2020/indicators/就业.xlsx", message: expect.stringMatching(/damaged xlsx workbook/) });
  });

  it("an indicator in both a workbook and a CSV file is an error naming both places", async () => {
    const data = await workbook({ 就业: [HEADER, row("employment.urban_new_jobs", 61.64, { label: "城镇新增就业人数" })] });
    const error = loadError(withWorkbook(data));
    expect(formatProblem(error.problems.find((p) => p.path === "employment.urban_new_jobs.id")!)).toContain(
      "data/2020/indicators/就业.xlsx: sheet 就业, cell A2: employment.urban_new_jobs.id: indicator already defined in data/2020/indicators/01-employment.csv (line 2)",
    );
  });
});

describe("the fill-in workbook", () => {
  const dataset = loadDataset(join(ROOT, "data"), 2020, ROOT);
  const withoutPlaces = (d: Dataset) => [...d.indicators.values()].map((i) => ({ ...i, observations: [...i.observations.values()].map(({ at: _, ...o }) => o) }));

  /** data/ copy whose 2020 indicators are only this workbook. */
  function only(data: Buffer): string {
    const dir = copyData();
    const indicators = join(dir, "2020/indicators");
    for (const f of readdirSync(indicators)) rmSync(join(indicators, f));
    writeFileSync(join(indicators, "2020.xlsx"), data);
    return dir;
  }

  it("is read back as it is: every indicator, figure (trailing zeros kept), note and format", async () => {
    const back = load(only(await writeFillInWorkbook(dataset)));
    expect(withoutPlaces(back)).toEqual(withoutPlaces(dataset));
    expect(back.indicators.get("employment.urban_new_jobs")!.observations.get("520000")!.at).toEqual({ file: "data/2020/indicators/2020.xlsx", line: 3, sheet: "01-employment", cell: "F3" });
  });

  it("has a sheet per section, the header frozen, figure cells validated and the rest locked", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeFillInWorkbook(dataset)) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(["说明", "01-employment", "02-hr-market", "03-personnel", "04-talent", "05-income", "06-wages", "07-social-security", "08-labour", "09-migrant-workers", "10-capacity"]);
    const sheet = book.getWorksheet("02-hr-market")!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(sheet.getRow(2).values).toEqual([undefined, "id", "region", "label", "unit", "previous", "value", "growth", "delta", "note", "format", "source"]);
    expect(sheet.getCell("A3").value).toBe("hr_market.agencies");
    expect(sheet.getCell("A3").protection?.locked).not.toBe(false);
    expect({ value: sheet.getCell("F3").value, numFmt: sheet.getCell("F3").numFmt }).toEqual({ value: 878, numFmt: "0" });
    expect(sheet.getCell("F3").protection).toMatchObject({ locked: false });
    expect(sheet.getCell("F3").dataValidation).toMatchObject({ type: "decimal", allowBlank: true, showErrorMessage: true });
    expect((sheet as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
  });

  it("for a new year: last year's figures as 上年数, the year's left to fill in", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeFillInWorkbook(dataset, { mode: "new-year" })) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("01-employment")!;
    expect({ value: sheet.getCell("E3").value, numFmt: sheet.getCell("E3").numFmt }).toEqual({ value: 61.64, numFmt: "0.00" }); // previous
    expect(sheet.getCell("F3").value).toBeNull(); // value, formatted for the decimals expected
    expect(sheet.getCell("F3").numFmt).toBe("0.00");
  });

  it("for a prefecture: its rows only, with the province's figure beside each", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeFillInWorkbook(dataset, { region: "520300" })) as unknown as ArrayBuffer);
    const rows = book.worksheets.flatMap((s) => (s.name === "说明" ? [] : s.getSheetValues().slice(3)));
    expect(rows.length).toBeGreaterThan(0);
    const header = book.getWorksheet("07-social-security")!.getRow(2).values as string[];
    const pension = book.getWorksheet("07-social-security")!.getSheetValues().find((r) => Array.isArray(r) && r[1] === "social.pension_monthly_avg") as ExcelJS.CellValue[];
    expect(pension[header.indexOf("region")]).toBe("520300");
    expect(pension[header.indexOf("value")]).toBe(2316);
    expect(pension[header.indexOf("province")]).toBe(Number(dataset.indicators.get("social.pension_monthly_avg")!.observations.get("520000")!.value!.text));
    expect(rows.every((r) => !Array.isArray(r) || r[2] === "520300")).toBe(true);
  });
});

describe("no figure changes on its way in from a workbook (issue 21)", () => {
  const figureOf = (dataset: Dataset, id: string) => dataset.indicators.get(id)!.observations.get("520000")!;

  it("a value with digits its number format does not show is an error at its cell, never published as shown", async () => {
    const data = await workbook({
      就业: [
        HEADER,
        row("wb.hidden_decimal", 5, { growth: { value: 0.4, numFmt: "0" } }),
        row("wb.rounded_up", 5, { growth: { value: 3.6, numFmt: "0" } }),
        row("wb.formula", { value: { formula: "2/3", result: 0.6666666666666666 }, numFmt: "0.0" } as Cell),
        row("wb.general", { value: 123456.123456, numFmt: "General" }),
      ],
    });
    expect(loadError(withWorkbook(data)).problems.map(formatProblem)).toEqual([
      'data/2020/indicators/就业.xlsx: sheet 就业, cell E2: the cell holds 0.4 but its number format shows no decimals ("0"): the figure would be published as 0\n    fix: type the figure as published, with no decimals; if it really has more, ask for a workbook whose cell shows them (设置单元格格式 → 数值 → 小数位数), or round a formula: =ROUND(…, 0)',
      'data/2020/indicators/就业.xlsx: sheet 就业, cell E3: the cell holds 3.6 but its number format shows no decimals ("4"): the figure would be published as 4\n    fix: type the figure as published, with no decimals; if it really has more, ask for a workbook whose cell shows them (设置单元格格式 → 数值 → 小数位数), or round a formula: =ROUND(…, 0)',
      expect.stringContaining('sheet 就业, cell C4: the cell holds 0.666666666666667 but its number format shows 1 decimal ("0.7"): the figure would be published as 0.7'),
      expect.stringContaining('sheet 就业, cell C5: the cell holds 123456.123456 but its number format shows 4 decimals ("123456.1235")'),
    ]);
  });

  it("a value is read as stored, with the decimals its format declares: trailing zeros kept, a leading-zero format not printed", async () => {
    const data = await workbook({
      就业: [HEADER, row("wb.zeros", { value: 15, numFmt: "0.00" }, { growth: { value: 0.4, numFmt: "0.0" } }), row("wb.padded", { value: 61.64, numFmt: "0000.00" }), row("wb.noise", { value: { formula: "0.1+0.2", result: 0.30000000000000004 }, numFmt: "0.0" } as Cell)],
    });
    const dataset = load(withWorkbook(data));
    expect(figureOf(dataset, "wb.zeros")).toMatchObject({ value: { text: "15.00", value: 15 }, growth: { text: "0.4", value: 0.4 } });
    expect(figureOf(dataset, "wb.padded").value).toEqual({ text: "61.64", value: 61.64 });
    expect(figureOf(dataset, "wb.noise").value).toEqual({ text: "0.3", value: 0.3 });
  });

  it("the new year's fill-in workbook formats each cell by its indicator: growth to one decimal, so 0.4 reads back as 0.4", async () => {
    const last = loadDataset(join(ROOT, "data"), 2020, ROOT);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeFillInWorkbook(last, { mode: "new-year" })) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("06-wages")!;
    const header = sheet.getRow(2).values as string[];
    const rowOf = (id: string) => sheet.getRows(3, sheet.rowCount - 2)!.find((r) => r.getCell(1).value === id && r.getCell(2).value === "520000")!;
    const total = rowOf("wages.employed_total");
    expect(total.getCell(header.indexOf("growth")).numFmt).toBe("0.0");
    expect(total.getCell(header.indexOf("value")).numFmt).toBe(numberFormatFor(decimalsOf(last.indicators.get("wages.employed_total")!, "value")));
    // the clerk types 0.4 as the growth and 1 as the value: read back as typed, never as 同比持平
    total.getCell(header.indexOf("growth")).value = 0.4;
    total.getCell(header.indexOf("value")).value = 1;
    const dir = copyData();
    const indicators = join(dir, "2020/indicators");
    for (const f of readdirSync(indicators)) rmSync(join(indicators, f));
    // Every other figure empty: a gap, not a load error.
    writeFileSync(join(indicators, "2020.xlsx"), Buffer.from(await book.xlsx.writeBuffer()));
    const back = load(dir);
    expect(figureOf(back, "wages.employed_total").growth).toEqual({ text: "0.4", value: 0.4 });
  });

  it("hidden rows and columns of a table are errors naming the sheet, the rows and the columns", async () => {
    const data = await workbook({ 就业: [HEADER, row("wb.a", 1), row("wb.b", 2), row("wb.c", 3)] }, (book) => {
      const sheet = book.getWorksheet("就业")!;
      sheet.getRow(3).hidden = true;
      sheet.getRow(4).hidden = true;
      sheet.getColumn(10).hidden = true; // note
    });
    expect(loadError(withWorkbook(data)).problems.map(formatProblem)).toEqual([
      "data/2020/indicators/就业.xlsx: sheet 就业, cell J1: column J (note) is hidden: what the sheet does not show would be published\n    fix: unhide them (select the columns on either side → 右键 → 取消隐藏) and check what they hold",
      "data/2020/indicators/就业.xlsx: sheet 就业, cell A3: rows 3, 4 are hidden (by hand or by a filter): what the sheet does not show would be published\n    fix: unhide them (select the rows around them → 右键 → 取消隐藏; or 数据 → 清除 a filter) and check them, or delete the rows that are not to be published",
    ]);
  });

  it("a number typed as text is read like a CSV field: leading zeros and exponents are errors, a sign and spaces are dropped", async () => {
    const data = await workbook({ 就业: [HEADER, row("wb.zero", "0061.64"), row("wb.exp", "1e3"), row("wb.ok", " +5 ")] });
    const problems = loadError(withWorkbook(data)).problems.map(formatProblem);
    expect(problems).toEqual([
      'data/2020/indicators/就业.xlsx: sheet 就业, cell C2: wb.zero.value: "0061.64" has a leading zero\n    fix: write the figure as published, without leading zeros: 61.64',
      'data/2020/indicators/就业.xlsx: sheet 就业, cell C3: wb.exp.value: "1e3" is written with an exponent\n    fix: write the figure in plain digits as published (e.g. 1000)',
    ]);
  });

  it("a whole-sheet merged range does not crash: its content, on every row it spans, is named at its cells", async () => {
    // Written into the sheet's XML: exceljs would make every cell of the merge.
    const { unzipSync, zipSync, strFromU8, strToU8 } = await import("fflate");
    const files = unzipSync(await workbook({ 就业: [HEADER, row("wb.a", 1)] }));
    const xml = strFromU8(files["xl/worksheets/sheet1.xml"]!);
    files["xl/worksheets/sheet1.xml"] = strToU8(xml.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'));
    const data = Buffer.from(zipSync(files));
    const problems = loadError(withWorkbook(data)).problems.map(formatProblem);
    expect(problems[0]).toBe('data/2020/indicators/就业.xlsx: sheet 就业, cell A2: id.id: "id" is not an indicator id\n    fix: use dotted lower-case ASCII, e.g. employment.urban_new_jobs');
  });

  it("a package that unpacks beyond the limit is refused from its zip directory, before anything is inflated", async () => {
    const { zipSync } = await import("fflate");
    const small = await workbook({ 就业: [HEADER, row("wb.a", 1)] });
    const { unzipSync } = await import("fflate");
    const files = unzipSync(small);
    files["xl/media/padding.bin"] = new Uint8Array(MAX_UNPACKED_BYTES + 1); // zeros: deflates to ~33 KB
    const bomb = Buffer.from(zipSync(files, { level: 9 }));
    expect(bomb.length).toBeLessThan(200_000);
    expect(loadError(withWorkbook(bomb)).problems.map(formatProblem)[0]).toMatch(/^data\/2020\/indicators\/就业\.xlsx: unpacks to 32 MB, more than the 32 MB a workbook may hold/);
    // Too many cells: a sheet of empty formatted cells.
    const many = await workbook({ 就业: [HEADER, row("wb.a", 1)] }, (book) => {
      const sheet = book.getWorksheet("就业")!;
      for (let r = 3; r < 3 + MAX_CELLS / 10 + 1; r++) for (let c = 1; c <= 10; c++) sheet.getCell(r, c).numFmt = "0.00";
    });
    expect(loadError(withWorkbook(many)).problems.map(formatProblem)[0]).toMatch(/^data\/2020\/indicators\/就业\.xlsx: has \d+ cells, more than the 200000 a workbook may hold/);
  }, 60_000);

  it("an entry that unpacks to more than its zip directory says is named damaged", async () => {
    const small = await workbook({ 就业: [HEADER, row("wb.a", 1)] });
    // Lower the declared size of xl/workbook.xml in the central directory.
    const data = Buffer.from(small);
    const name = Buffer.from("xl/workbook.xml");
    for (let at = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at - 1)) {
      if (data.subarray(at + 46, at + 46 + name.length).equals(name)) data.writeUInt32LE(data.readUInt32LE(at + 24) - 10, at + 24);
    }
    expect(loadError(withWorkbook(data)).problems.map(formatProblem)[0]).toContain("is a damaged xlsx workbook (xl/workbook.xml: it unpacks to another size than the directory says)");
  });
});

describe("a rule's figures from a workbook name their own cells", () => {
  it("a change rule cites the growth's and the previous value's cells, not the value's", async () => {
    const data = await workbook({
      就业: [
        [...HEADER, "previous"],
        ["wb.change", "520000", 110, "万人", 5, null, null, "测试", "bulletin", null, 100],
      ],
    });
    const dir = withWorkbook(data);
    const dataset = load(dir);
    const v = validateDataset(join(dir, ".."), dir, dataset);
    const failed = v.results.filter((r) => r.status === "fail" && r.figures.some((f) => f.id === "wb.change"));
    expect(failed).toHaveLength(1);
    expect(failed[0]!.figures.map((f) => [f.column, f.at.cell])).toEqual([["value", "C2"], ["previous", "K2"], ["growth", "E2"]]);
  });
});

describe("a new year's workbook from an older year", () => {
  it("names the year it is for on its 说明 sheet and leaves 上年数 empty (the figures are not last year's)", async () => {
    const last = loadDataset(join(ROOT, "data"), 2020, ROOT);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeFillInWorkbook(last, { mode: "new-year", year: 2022, previous: false })) as unknown as ArrayBuffer);
    expect(book.getWorksheet("说明")!.getCell("A1").value).toBe("2022年统计公报指标填报表");
    expect(book.getWorksheet("01-employment")!.getCell("E3").value).toBeNull();
  });
});
