/** PDF renderer behaviour on synthetic models (test/fixtures): what the bulletin itself does not exercise. */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { RENDERERS } from "../src/render/index.js";
const renderPdf = RENDERERS.pdf;
import { loadFontProfile } from "../src/fonts/profile.js";
import type { DocModel } from "../src/model/types.js";
import { readPdf } from "./support/pdf.js";
import { measureFlow } from "./support/flow.js";
import { ROOT } from "./support/dataset.js";

const fonts = loadFontProfile("default", join(ROOT, "fonts"));
const meta: DocModel["meta"] = { report: "bulletin", region: { code: "520000", name: "贵州省" }, year: 2020, title: "长表测试", author: "测试", subject: "测试", keywords: [], lang: "zh-CN" };

describe("tables across pages", () => {
  it("repeat the header row on every page the table spans (conventions: tables)", async () => {
    const rows = Array.from({ length: 80 }, (_, i) => [`第${i + 1}行地区`, String(1000 + i)]);
    const model: DocModel = { meta, blocks: [{ type: "table", number: 1, caption: "很长的表", unit: "元", header: ["地区名称", "年平均工资"], align: ["left", "right"], rows, notes: ["注：合成数据。"] }] };
    const pdf = await readPdf(await renderPdf(model, fonts, { date: new Date(0) }));
    expect(pdf.pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pdf.pages) {
      const header = page.lines.find((l) => l.text.replace(/\s/g, "") === "地区名称年平均工资");
      expect(header, `page ${page.number}`).toBeDefined();
    }
    const all = pdf.pages.flatMap((p) => p.lines.map((l) => l.text.replace(/\s/g, "")));
    expect(all.filter((t) => t.startsWith("表1"))).toHaveLength(1); // the caption once, above the table
    expect(all).toContain("第80行地区1079");
    expect(all.at(-2)).toBe("注：合成数据。");
  });
});

describe("lines drawn as laid out (src/render/pdf/draw.ts)", () => {
  it("draws each line's segments where the line layout put them: justified lines reach the right margin, one text object a segment", async () => {
    const body = "全省城镇新增就业61.64万人，失业人员实现再就业14.37万人，城镇登记失业率3.75%，较上年增长36.5%；全省人力资源服务机构878家，其中公共就业服务机构54家，服务各类人员1234.5万人次。";
    const model: DocModel = {
      meta,
      blocks: [{ type: "paragraph", runs: [{ text: "（一）稳就业保就业政策红利叠加释放。", style: "runIn" }, { text: body }, { text: "较上年增长36.5%", style: "bold" }, { text: body }] }],
    };
    const data = await renderPdf(model, fonts, { date: new Date(0) });
    const pdf = await readPdf(data);
    const lines = pdf.pages.flatMap((p) => p.lines).filter((l) => !/^—/.test(l.text.trim()));
    expect(lines.length).toBeGreaterThan(6);
    // Justified: every line but the paragraph's last ends at the type area's right edge (210 − 26 mm), to within the
    // spacing pdfjs counts after the last glyph; a closing mark ending a line is set half width (GB/T 15834 §5.1.10),
    // its blank half beyond the edge.
    const right = ((210 - 26) / 25.4) * 72;
    for (const line of lines.slice(0, -1)) expect(line.right - right, line.text).toBeGreaterThan(-0.5);
    for (const line of lines.slice(0, -1)) expect(line.right - right, line.text).toBeLessThan(8.5);
    expect(lines.map((l) => l.text).join("").replace(/\s/g, "")).toBe(`（一）稳就业保就业政策红利叠加释放。${body}较上年增长36.5%${body}`);
    // One text object per segment of the laid-out lines (a face and a spacing each), not one per character.
    const { presented } = await import("../src/render/index.js");
    const { paged } = await import("../src/present/pages/index.js");
    const pages = paged(await presented(model, fonts), fonts).pages;
    const segments = pages.pages.flatMap((p) => p.items).reduce((n, x) => n + (x.kind === "line" ? x.segments.length : 0), 0);
    const textObjects = (await contentStreams(data)).match(/\bBT\b/g)?.length ?? 0;
    expect(textObjects).toBe(segments);
    expect(textObjects).toBeLessThan(Array.from(model.blocks.map((b) => (b.type === "paragraph" ? b.runs.map((r) => r.text).join("") : "")).join("")).length / 4);
  });
});

/** Every FlateDecode stream of the PDF, inflated, as Latin-1 text. */
async function contentStreams(pdf: Buffer): Promise<string> {
  const { inflateSync } = await import("node:zlib");
  const text = pdf.toString("latin1");
  const out: string[] = [];
  for (const m of text.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = text.indexOf("endstream", start);
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString("latin1"));
    } catch {
      // not deflated, or not a content stream
    }
  }
  return out.join("\n");
}

describe("figures that do not fit", () => {
  const svg = (h: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="${h}" viewBox="0 0 400 ${h}"><rect x="10" y="10" width="380" height="${h - 20}" fill="#4c78a8"/></svg>`;
  const para = (i: number, n: number): DocModel["blocks"][number] => ({ type: "paragraph", runs: [{ text: `第${i}段：${"全省城镇新增就业人数保持稳定增长，".repeat(n)}` }] });
  const figure = (number: number, height: number): DocModel["blocks"][number] => ({ type: "figure", number, caption: `合成图${number}`, unit: "万人", chart: "synthetic", svg: svg(height), width: 400, height });

  it("are never taller than a page holds with their caption, and are drawn (a 900 pt chart on a page of its own)", async () => {
    const model: DocModel = { meta, blocks: [para(1, 6), figure(1, 900), para(2, 30)] };
    const presented = (await import("../src/present/present.js")).presentDocument(model, fonts);
    const f = presented.blocks.find((b) => b.kind === "figure")!;
    expect(f.kind === "figure" && f.height).toBeLessThan(presented.profile.typeArea.height - 2 * presented.profile.linePitch);
    const pdf = await readPdf(await renderPdf(model, fonts, { date: new Date(0) }));
    const lines = pdf.pages.flatMap((p) => p.lines.map((l) => ({ page: p.number, text: l.text.replace(/\s/g, "") })));
    const caption = lines.find((l) => l.text.startsWith("图1"));
    expect(caption?.text).toBe("图1合成图1");
    // Floated to page 2 (a page of its own), the text after it filling page 1.
    expect(caption!.page).toBe(2);
    expect(lines.find((l) => l.text.startsWith("第2段"))!.page).toBe(1);
  });

  it("go to the next page together with the floats right after them, the text after those filling the page", async () => {
    const model: DocModel = { meta, blocks: [para(1, 20), figure(1, 300), figure(2, 150), para(2, 40)] };
    const pdf = await readPdf(await renderPdf(model, fonts, { date: new Date(0) }));
    const lines = pdf.pages.flatMap((p) => p.lines.map((l) => ({ page: p.number, text: l.text.replace(/\s/g, "") })));
    const at = (s: string) => lines.findIndex((l) => l.text.startsWith(s));
    expect(lines[at("图1")]!.page).toBe(2);
    expect(lines[at("图2")]!.page).toBe(2);
    expect(at("图1")).toBeLessThan(at("图2"));
    // 第2段 starts on page 1 under 第1段, before the figures.
    expect(lines[at("第2段")]!.page).toBe(1);
    const page1 = pdf.pages[0]!.lines.filter((l) => Math.abs(l.size - 16) < 0.1);
    expect(page1.length).toBe(22);
  });
});

describe("floats and tables around section headings and page ends", () => {
  const rows = (n: number) => Array.from({ length: n }, (_, k) => [`地区${k + 1}`, String(100 + k)]);
  const table = (number: number, n: number): DocModel["blocks"][number] => ({ type: "table", number, caption: `合成表${number}`, unit: "元", header: ["地区", "数值"], align: ["left", "right"], rows: rows(n), notes: [] });
  const para = (i: number, n: number): DocModel["blocks"][number] => ({ type: "paragraph", runs: [{ text: `第${i}段：${"全省城镇新增就业人数保持稳定增长，".repeat(n)}` }] });
  const figure = (number: number, height: number): DocModel["blocks"][number] => ({
    type: "figure",
    number,
    caption: `合成图${number}`,
    chart: "synthetic",
    // A label at its top: the page-flow reader tells a figure from its caption by the figure's text.
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="${height}" viewBox="0 0 400 ${height}"><text x="200" y="14" font-family="Noto Sans SC" font-size="11" text-anchor="middle">单位</text><rect x="10" y="20" width="380" height="${height - 30}" fill="#4c78a8"/></svg>`,
    width: 400,
    height,
  });
  const read = async (blocks: DocModel["blocks"]) => {
    const pdf = await readPdf(await renderPdf({ meta, blocks }, fonts, { date: new Date(0) }));
    return { pdf, lines: pdf.pages.flatMap((p) => p.lines.map((l) => ({ page: p.number, text: l.text.replace(/\s/g, "") }))) };
  };

  it("keep a float in its section: the text of the next heading does not move before it", async () => {
    const { lines } = await read([para(1, 20), figure(1, 300), { type: "heading", level: 1, number: "二、", text: "下一节" }, para(2, 40)]);
    const at = (s: string) => lines.findIndex((l) => l.text.startsWith(s));
    expect(lines[at("图1")]!.page).toBe(2);
    expect(at("图1")).toBeLessThan(at("二、下一节"));
  });

  it("split a table longer than a page where it stands (caption, header and first rows on its page), not float it", async () => {
    const { pdf, lines } = await read([para(1, 4), table(1, 40), para(2, 10)]);
    expect(lines.find((l) => l.text.startsWith("表1"))!.page).toBe(1);
    expect(lines.find((l) => l.text === "地区1100")!.page).toBe(1);
    const flow = measureFlow(pdf);
    expect(flow.strandedCaptions).toEqual([]);
    expect(flow.holes[0]!.mm).toBeLessThan(15);
  });

  it("move a float that does not fit under its heading, not the heading: the text after it comes up", async () => {
    const { lines } = await read([para(1, 20), { type: "heading", level: 1, number: "二、", text: "图表" }, figure(1, 560), para(2, 30)]);
    const at = (s: string) => lines.find((l) => l.text.startsWith(s))!.page;
    expect(at("二、图表")).toBe(1);
    expect(at("第2段")).toBe(1);
    expect(at("图1")).toBe(2);
  });

  it("keep a heading with the table after it: together on the next page, not the heading alone", async () => {
    const { pdf, lines } = await read([para(1, 14), { type: "heading", level: 1, number: "二、", text: "附表" }, table(1, 20)]);
    const heading = lines.find((l) => l.text === "二、附表")!;
    expect(lines.find((l) => l.text.startsWith("表1"))!.page).toBe(heading.page);
    expect(measureFlow(pdf).strandedHeadings).toEqual([]);
  });

  it("keep the head of a table taken along by a float with its first rows", async () => {
    const { pdf } = await read([para(1, 20), figure(1, 300), table(1, 8), table(2, 35), para(2, 40)]);
    const flow = measureFlow(pdf);
    expect(flow.strandedCaptions).toEqual([]);
    expect(flow.strandedHeadings).toEqual([]);
  });
});
