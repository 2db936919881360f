/**
 * Indicator CSV files as clerks save them (issue 10, item 6): encodings, what is not a CSV, and the hints
 * for what people type in a figure's place.
 */
import ExcelJS from "exceljs";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../src/data/load.js";
import { UserError, formatProblem } from "../src/errors.js";
import type { Dataset } from "../src/data/types.js";
import { copyData } from "./support/dataset.js";
import { parsedRecords, plainRecords } from "../src/data/csv.js";

const HEADER = "id,region,value,unit,growth,delta,format,label,source,note";
const FILE = "data/2020/indicators/99-test.csv";

/** A copy of data/ with 99-test.csv holding these bytes (or this text, in UTF-8). */
function withCsv(content: string | Buffer): string {
  const dir = copyData();
  writeFileSync(join(dir, "2020/indicators/99-test.csv"), content);
  return dir;
}
const load = (dir: string): Dataset => loadDataset(dir, 2020, join(dir, ".."));
function messages(content: string | Buffer): string[] {
  try {
    load(withCsv(content));
  } catch (e) {
    if (e instanceof UserError) return e.problems.map(formatProblem);
    throw e;
  }
  throw new Error("expected the data to be rejected");
}
const figure = (content: string | Buffer, id = "t.x") => load(withCsv(content)).indicators.get(id)!.observations.get("520000")!;

describe("encodings", () => {
  const text = `${HEADER}\r\nt.x,520000,1.50,万人,,,,测试,bulletin,备注\r\n`;
  it.each([
    ["UTF-8 without a BOM", Buffer.from(text, "utf8")],
    ["UTF-8 with a BOM (Excel's CSV UTF-8)", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])],
    ["UTF-16LE with a BOM (Excel's Unicode text)", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
    ["UTF-16BE with a BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()])],
  ])("reads %s", (_, bytes) => {
    const dataset = load(withCsv(bytes));
    expect(dataset.indicators.get("t.x")).toMatchObject({ label: "测试", unit: "万人" });
    expect(dataset.indicators.get("t.x")!.observations.get("520000")).toMatchObject({ value: { text: "1.50" }, note: "备注" });
  });

  it("reads Excel's 'Unicode 文本': UTF-16LE with a BOM, tab-separated", () => {
    const tsv = `${HEADER.replace(/,/g, "\t")}\r\nt.x\t520000\t1.50\t万人\t\t\t\t测试\tbulletin\t备注\r\n`;
    const dataset = load(withCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, "utf16le")])));
    expect(dataset.indicators.get("t.x")!.observations.get("520000")).toMatchObject({ value: { text: "1.50" }, note: "备注" });
  });

  it("a Big5 (Traditional Chinese) file is an error naming the file, not read as other characters", () => {
    const big5 = Buffer.from([...Buffer.from(`${HEADER}\r\nt.x,520000,1,`), 0xb8, 0x55, 0xa4, 0x48, ...Buffer.from(",,,,"), 0xb4, 0xfa, 0xb8, 0xd5, 0xab, 0xfc, 0xbc, 0xd0, ...Buffer.from(",bulletin,\r\n")]);
    expect(new TextDecoder("big5").decode(big5)).toContain("萬人,,,,測試指標");
    expect(messages(big5)[0]).toMatch(/^data\/2020\/indicators\/99-test\.csv: is not a CSV file in a Chinese encoding this tool reads: it looks like Big5/);
  });

  it("reads GB18030 (Excel's CSV on Chinese Windows)", () => {
    const gb = Buffer.from([...Buffer.from(`${HEADER}\r\nt.x,520000,1,`), 0xcd, 0xf2, 0xc8, 0xcb, ...Buffer.from(",,,,"), 0xb2, 0xe2, 0xca, 0xd4, ...Buffer.from(",bulletin,\r\n")]);
    expect(load(withCsv(gb)).indicators.get("t.x")).toMatchObject({ unit: "万人", label: "测试" });
  });
});

describe("what is not a CSV is named, on the CSV file", () => {
  it("binary data", () => {
    expect(messages(Buffer.from([0x00, 0x01, 0x02, 0xff, 0x10, 0x00, 0x7f]))).toEqual([`${FILE}: is not a CSV file: it is binary data\n    fix: save it as text (CSV UTF-8 in Excel)`]);
  });

  it("a zip file, and a workbook renamed .csv", async () => {
    expect(messages(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]))[0]).toBe(`${FILE}: is not a CSV file: it is a zip file\n    fix: save it as text (CSV UTF-8 in Excel)`);
    const book = new ExcelJS.Workbook();
    book.addWorksheet("就业").getCell("A1").value = "id";
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    expect(messages(xlsx)).toEqual([`${FILE}: is not a CSV file: it is an Excel workbook (xlsx, a zip file)\n    fix: rename it to .xlsx (workbooks are read as they are), or save it from Excel as CSV UTF-8`]);
  });

  it("an empty file", () => {
    expect(messages("")).toEqual([`${FILE}: the CSV file is empty\n    fix: start it with the header line: ${HEADER}`]);
    expect(messages("\uFEFF\r\n")).toEqual([`${FILE}: the CSV file is empty\n    fix: start it with the header line: ${HEADER}`]);
  });

  it("an unclosed quote, at the line where it opens", () => {
    const lines = [HEADER, "t.a,520000,1,万人,,,,甲,bulletin,", 't.b,520000,2,万人,,,,"乙,bulletin,', "t.c,520000,3,万人,,,,丙,bulletin,", "t.d,520000,4,万人,,,,丁,bulletin,"];
    expect(messages(lines.join("\n"))).toEqual([`${FILE}: line 3: CSV syntax: this quote is never closed\n    fix: close the quoted field with "; a quote inside quoted text is written twice ("")`]);
  });
});

describe("figures as people type them", () => {
  const row = (value: string, growth = "") => `${HEADER}\nt.x,520000,${value},万人,${growth},,,测试,bulletin,备注\n`;

  it("accepts a sign: +0.9 is 0.9", () => {
    expect(figure(row("5", "+0.9")).growth).toEqual({ text: "0.9", value: 0.9 });
    expect(figure(row("5", "-6.1")).growth).toEqual({ text: "-6.1", value: -6.1 });
  });

  it.each(["—", "-", "——", "－"])("%s in place of a figure: leave it empty and say why", (dash) => {
    expect(messages(row(dash))).toEqual([`${FILE}: line 2: t.x.value: "${dash}" is not a number\n    fix: for a figure that is not published, leave it empty and say why in the note`]);
  });

  it("full-width digits get their own hint", () => {
    expect(messages(row("６１．６４"))).toEqual([`${FILE}: line 2: t.x.value: "６１．６４" has full-width digits\n    fix: type half-width digits (半角), e.g. 61.64`]);
  });

  // One rule for CSV fields and workbook cells (test/workbook.test.ts reads the same texts from a workbook):
  // white space and a leading + are dropped, every other non-canonical form is an error.
  it("white space around a figure (a space, a tab, a full-width space) is dropped", () => {
    expect(figure(row('" 5 "', "\u30000.9\u3000")).value).toEqual({ text: "5", value: 5 });
    expect(figure(row('" 5 "', "\u30000.9\u3000")).growth).toEqual({ text: "0.9", value: 0.9 });
  });

  it("a leading zero and an exponent are errors, never printed as typed", () => {
    expect(messages(row("0061.64", "05"))).toEqual([
      `${FILE}: line 2: t.x.value: "0061.64" has a leading zero\n    fix: write the figure as published, without leading zeros: 61.64`,
      `${FILE}: line 2: t.x.growth: "05" has a leading zero\n    fix: write the figure as published, without leading zeros: 5`,
    ]);
    expect(messages(row("1e3"))).toEqual([`${FILE}: line 2: t.x.value: "1e3" is written with an exponent\n    fix: write the figure in plain digits as published (e.g. 1000)`]);
    expect(figure(row("0.5")).value).toEqual({ text: "0.5", value: 0.5 });
  });

  it("a line break in a label (or any text column) is an error at its data file and line", () => {
    expect(messages(`${HEADER}\nt.x,520000,1,万人,,,,"测试\n指标",bulletin,\n`)).toEqual([
      `${FILE}: line 2: t.x.label: the label holds a line break\n    fix: write it on one line (in Excel, Alt+Enter makes a line break inside a cell: remove it)`,
    ]);
  });

  it("a number beyond what JavaScript holds exactly is an error", () => {
    expect(figure(row("123456789012.345")).value).toEqual({ text: "123456789012.345", value: 123456789012.345 });
    expect(messages(row("1234567890123456789"))).toEqual([
      `${FILE}: line 2: t.x.value: "1234567890123456789" has 19 significant digits: more than the 15 a number holds exactly\n    fix: publish at most 15 significant digits, or check the cell for a typing error`,
    ]);
    expect(messages(row("9".repeat(400)))[0]).toMatch(/has 400 significant digits/);
  });
});

describe("the header", () => {
  it("is the first line only: a file without data rows still has its header checked", () => {
    expect(messages("id,region,value\n")).toEqual([`${FILE}: line 1: header lacks unit, growth, delta, format, label, source, note\n    fix: the header is: ${HEADER}`]);
  });

  it("a data row is never taken for the header", () => {
    // the first line is a data row, not a header: named as a bad header, not read as column names
    expect(messages("t.x,520000,1,万人,,,,测试,bulletin,\n")[0]).toMatch(/^data\/2020\/indicators\/99-test\.csv: line 1: header lacks id, region, value/);
  });

  it("Excel's trailing empty columns are ignored", () => {
    const obs = figure(`${HEADER},,,\r\nt.x,520000,2.50,万人,,,,测试,bulletin,备注,,,\r\nt.y,520000,3,万人,,,,测试二,bulletin,,,,\r\n`);
    expect(obs).toMatchObject({ value: { text: "2.50" }, note: "备注" });
    // but a real extra field is still an error (a comma typed inside a figure)
    expect(messages(`${HEADER},,,\r\nt.x,520000,7,590,万人,,,测试,bulletin,,,\r\n`)).toEqual([
      `${FILE}: line 2: t.x: this row does not have the 10 fields of the header\n    fix: a figure must not contain a comma (no thousands separators); quote text that contains one with "…"`,
    ]);
  });
});

describe("reading the records", () => {
  it("names the line of a row after empty or white lines (they were counted into the row before)", () => {
    // the same row after two empty lines, then after a line of spaces (csv-parse, which reads the white line, and the
    // plain reader, which reads the empty ones), and in a file with quotes (csv-parse only)
    const bad = "t.x,520000,1,2,万人,,,,测试,bulletin,";
    for (const text of [`${HEADER}\n\n\n${bad}\n`, `${HEADER}\n  \n${bad}\n`, `${HEADER}\n\n"t.y",520000,1,万人,,,,测试,bulletin,\n\n${bad}\n`]) {
      const line = text.split("\n").indexOf(bad) + 1;
      expect(messages(text)).toEqual([`${FILE}: line ${line}: t.x: this row does not have the 10 fields of the header\n    fix: a figure must not contain a comma (no thousands separators); quote text that contains one with "…"`]);
    }
  });

  it("reads a plain text (no quote, no CR, no white line) as csv-parse does, fields and lines", () => {
    let seed = 7;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const alphabet = ["a", "1", "万", " ", "\t", ",", ",", "\n", "\n", "\u3000", ".", "-"];
    let plain = 0;
    for (let k = 0; k < 3000; k++) {
      const text = (next(4) === 0 ? "\uFEFF" : "") + Array.from({ length: next(40) }, () => alphabet[next(alphabet.length)]!).join("");
      for (const delimiter of [",", "\t"]) {
        const fast = plainRecords(text, delimiter);
        if (!fast) continue;
        plain++;
        expect(fast, JSON.stringify(text)).toEqual(parsedRecords(text, delimiter));
      }
    }
    expect(plain).toBeGreaterThan(1000); // most generated texts take the plain path
    expect(plainRecords(`${HEADER}\n"t.x",520000\n`, ",")).toBeUndefined();
    expect(plainRecords(`${HEADER}\r\nt.x,520000\r\n`, ",")).toBeUndefined();
    expect(plainRecords(`${HEADER}\n \nt.x,520000\n`, ",")).toBeUndefined();
    expect(plainRecords(`${HEADER}\nt.x,\u00a0520000\n`, ",")).toBeUndefined();
  });
});
