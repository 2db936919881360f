/**
 * The provincial bulletin end to end: data → templates → model → PDF and DOCX, read back and compared
 * with the reference text (shared/reference, copied to test/fixtures/reference) as its README says:
 * NFKC, 〈〉 as <>, whitespace ignored.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { referenceParagraphs, missingParagraphs } from "./support/reference.js";
import { pageTexts, readPdf, runningText, type PdfInfo } from "./support/pdf.js";
import { docxParts, paragraphTexts } from "./support/docx.js";
import { builtFile, builtModel } from "./support/built.js";
import type { TableBlock } from "../src/model/types.js";

let pdf: PdfInfo;
let docxText: string[];
let sizes: Record<string, number>;

beforeAll(async () => {
  const pdfData = builtFile("520000-bulletin.pdf");
  const docxData = builtFile("520000-bulletin.docx");
  sizes = { pdf: pdfData.length, docx: docxData.length };
  pdf = await readPdf(pdfData);
  docxText = paragraphTexts((await docxParts(docxData)).get("word/document.xml")!);
});

describe("the provincial bulletin", () => {
  it("the reference has the 56 paragraphs the issue counts", () => {
    const paragraphs = referenceParagraphs();
    expect(paragraphs).toHaveLength(56);
    expect(paragraphs[0]).toBe("黔人社通〔2021〕72号");
    expect(paragraphs.at(-1)).toBe("2021年6月9日");
  });

  it("PDF: contains every reference paragraph verbatim (its running text, read past the figures floated into it)", () => {
    expect(missingParagraphs(runningText(pdf))).toEqual([]);
  });

  it("DOCX: contains every reference paragraph verbatim", () => {
    expect(missingParagraphs(docxText.join("\n"))).toEqual([]);
  });

  it("uses the official full-width punctuation, not the web copy's ASCII", () => {
    const text = pageTexts(pdf).join("").replace(/\s+/g, "");
    expect(text).toContain("2020年，在省委、省政府的坚强领导下");
    expect(text).toContain("《中共贵州省委组织部贵州省人力资源和社会保障厅关于印发〈贵州省事业单位工作人员奖励实施细则〉的通知》");
    expect(text).not.toMatch(/[,;:()<>]/);
  });

  it("sets the document number first, then the title, and the issuers and date last", () => {
    const lines = pdf.pages.flatMap((p) => p.lines.map((l) => l.text));
    expect(lines[0]).toBe("黔人社通〔2021〕72号");
    expect(lines[1]).toContain("贵州省2020年人力资源和社会保障事业发展");
    const body = lines.filter((l) => !/^—\s*\d+\s*—$/.test(l));
    expect(body.slice(-3)).toEqual(["贵州省人力资源和社会保障厅", "贵州省统计局", "2021年6月9日"]);
  });

  it("keeps the issuers and the date together on one page, below the last of the running text (GB/T 9704 §7.3.5)", () => {
    const lines = pdf.pages.flatMap((p) => p.lines.filter((l) => !/^—\s*\d+\s*—$/.test(l.text.trim())).map((l) => ({ page: p.number, text: l.text.trim() })));
    const end = lines.slice(-3);
    expect(end.map((l) => l.text)).toEqual(["贵州省人力资源和社会保障厅", "贵州省统计局", "2021年6月9日"]);
    expect(new Set(end.map((l) => l.page)).size).toBe(1);
    // Not alone on a page: the text they sign ends on it.
    expect(lines.at(-4)!.page).toBe(end[0]!.page);
  });

  it("has the wage table with the province's figures and the prefectures marked missing, with its notes", () => {
    const text = pageTexts(pdf).join("\n");
    expect(text).toMatch(/表1\s*分市（州）城镇单位就业人员和在岗职工年平均工资/);
    expect(text).toContain("单位：元");
    expect(text).toMatch(/贵州省\s*76547\s*79788/);
    expect(text).toMatch(/黔南布依族苗族自治州\s*—\s*—/);
    expect(text).toContain("备注：就业人员和工资统计范围不包括中央驻黔的政府单位");
    // one short note on the missing figures, in official style (issue 15), besides the bulletin's own 备注
    expect(text).toContain("注：各市（州）数据暂缺。");
    const table = builtModel("520000", "bulletin").blocks.find((b) => b.type === "table" && b.number === 1);
    expect(table).toMatchObject({ notes: ["备注：就业人员和工资统计范围不包括中央驻黔的政府单位", "注：各市（州）数据暂缺。"] });
    expect((table as TableBlock).rows).toHaveLength(10);
  });

  it("keeps outputs to a sensible size", () => {
    for (const [name, bytes] of Object.entries(sizes)) expect(bytes, name).toBeLessThan(3_000_000);
  });
});
