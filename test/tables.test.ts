/**
 * Tables with a header of two rows, merged cells and widths (the :::table extension of src/model/parse.ts, laid out
 * by src/present/present.ts), the same in PDF and DOCX. Synthetic figures (test fixtures only).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFontProfile } from "../src/fonts/profile.js";
import { parseMarkdown } from "../src/model/parse.js";
import { parseContext } from "./support/parse-context.js";
import { presentDocument } from "../src/present/present.js";
import type { PresentedTable } from "../src/present/types.js";
import { RENDERERS } from "../src/render/index.js";
import { UserError } from "../src/errors.js";
import { docxParts } from "./support/docx.js";
import { readPdf } from "./support/pdf.js";
import { ROOT } from "./support/dataset.js";

const fonts = loadFontProfile("default", join(ROOT, "fonts"));
const ctx = parseContext("表格测试");

const TWO_ROWS = `
:::table{caption="两级表头测试" unit="万人" header=2}
| 地区 | 城镇职工基本养老保险 | < | 城乡居民基本养老保险 | < |
|:--|--:|--:|--:|--:|
| ^ | 参保人数 | 增长 | 参保人数 | 增长 |
| 黔西南布依族苗族自治州 | 11.1 | 1.2% | 22.2 | 2.3% |
| 合成市 | 33.3 | 3.4% | 44.4 | 4.5% |
:::
`;

describe("tables: header rows, spans and widths", () => {
  it("parses header=2 and the < and ^ marks into merged cells", async () => {
    const model = await parseMarkdown(TWO_ROWS, ctx);
    const t = model.blocks[0]!;
    expect(t.type === "table" && { headerRows: t.headerRows, merges: t.merges }).toEqual({
      headerRows: 2,
      merges: [
        { row: 0, column: 0, rowSpan: 2, colSpan: 1 },
        { row: 0, column: 1, rowSpan: 1, colSpan: 2 },
        { row: 0, column: 3, rowSpan: 1, colSpan: 2 },
      ],
    });
  });

  it("presents origin cells only, and never squeezes the label column below its longest word", async () => {
    const doc = presentDocument(await parseMarkdown(TWO_ROWS, ctx), fonts);
    const t = doc.blocks[0] as PresentedTable;
    expect(t.headerRows).toBe(2);
    expect(t.rows.map((r) => r.map((c) => c.column))).toEqual([[0, 1, 3], [1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]]);
    expect(t.columns.reduce((a, b) => a + b, 0)).toBeCloseTo(doc.profile.typeArea.width, 3);
    // 黔西南布依族苗族自治州 is 11 characters: longer than a word, so it may wrap, but 合成市 and 地区 never do.
    expect(t.columns[0]!).toBeGreaterThan(3 * 12 + 2 * doc.profile.table.cellPadding.horizontal);
  });

  it("takes widths set in the template", async () => {
    const doc = presentDocument(await parseMarkdown(TWO_ROWS.replace("header=2", 'header=2 widths="4,1,1,1,1"'), ctx), fonts);
    const [first, second] = (doc.blocks[0] as PresentedTable).columns;
    expect(first! / second!).toBeCloseTo(4, 5);
  });

  it("names the attribute when header or widths is wrong", async () => {
    await expect(parseMarkdown(TWO_ROWS.replace("header=2", "header=9"), ctx)).rejects.toThrow(UserError);
    await expect(parseMarkdown(TWO_ROWS.replace("header=2", 'widths="1,2"'), ctx)).rejects.toThrow(/widths="1,2" needs one positive number per column \(5\)/);
  });

  it("draws the merged header in the PDF: a spanning label centred over its two columns", async () => {
    const model = await parseMarkdown(TWO_ROWS, ctx);
    const pdf = await readPdf(await RENDERERS.pdf(model, fonts, { date: new Date(0) }));
    const items = pdf.pages.flatMap((p) => p.lines.flatMap((l) => l.items));
    const at = (s: string) => items.filter((i) => i.str.includes(s));
    const label = at("城镇职工基本养老保险")[0]!;
    const [count, growth] = [at("参保人数")[0]!, at("增长")[0]!];
    const centre = label.x + label.width / 2;
    expect(centre).toBeGreaterThan(count.x);
    expect(centre).toBeLessThan(growth.x + growth.width);
    // 地区 spans both header rows: it sits between them vertically or on the first, not repeated
    expect(at("地区")).toHaveLength(1);
  });

  it("writes the spans into the DOCX (w:gridSpan, w:vMerge) with both header rows repeated", async () => {
    const model = await parseMarkdown(TWO_ROWS, ctx);
    const xml = (await docxParts(await RENDERERS.docx(model, fonts, { date: new Date(0) }))).get("word/document.xml")!;
    const rows = [...xml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    expect(rows).toHaveLength(4);
    expect(rows.slice(0, 2).every((r) => r.includes("<w:tblHeader/>"))).toBe(true);
    expect(rows[2]).not.toContain("<w:tblHeader/>");
    expect((rows[0]!.match(/<w:gridSpan w:val="2"\/>/g) ?? []).length).toBe(2);
    expect(rows[0]).toMatch(/<w:vMerge w:val="restart"\/>/);
    expect(rows[1]).toMatch(/<w:vMerge\/>|<w:vMerge w:val="continue"\/>/);
    expect((rows[1]!.match(/<w:tc>/g) ?? []).length).toBe(5);
  });
});

describe("draft marks (Run.style gap)", () => {
  it("are shaded in the DOCX and marked in the presented document", async () => {
    const model = { meta: ctx.meta, blocks: [{ type: "paragraph" as const, runs: [{ text: "全省城镇新增就业" }, { text: "待补充：城镇新增就业", style: "gap" as const, ref: "employment.new" }, { text: "。" }] }] };
    const doc = presentDocument(model, fonts);
    const p = doc.blocks[0]!;
    expect(p.kind === "paragraph" && p.runs.filter((r) => r.gap).map((r) => [r.text, r.ref])).toEqual([["待补充：城镇新增就业", "employment.new"]]);
    const xml = (await docxParts(await RENDERERS.docx(model, fonts, { date: new Date(0) }))).get("word/document.xml")!;
    expect(xml).toMatch(/<w:shd w:fill="D9D9D9" w:color="auto" w:val="clear"\/><\/w:rPr><w:t xml:space="preserve">待补充：城镇新增就业<\/w:t>/);
  });
});
