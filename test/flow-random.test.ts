/**
 * The page flow on documents it was not tuned on: block sequences drawn from a fixed seed — running text, headings
 * (each followed by text), figures from a few lines to a page, tables from 2 rows to two pages, sometimes issuers
 * and a date — laid out by the PDF renderer and read back (test/support/flow.ts). Whatever the holes, no figure or
 * table goes missing, they keep their order, and no keep rule is broken. Synthetic figures (test fixtures only).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFontProfile } from "../src/fonts/profile.js";
import type { Block, DocModel } from "../src/model/types.js";
import { RENDERERS } from "../src/render/index.js";
import { ROOT } from "./support/dataset.js";
import { measureFlow } from "./support/flow.js";
import { readPdf } from "./support/pdf.js";

const fonts = loadFontProfile("default", join(ROOT, "fonts"));
const meta: DocModel["meta"] = { report: "test", region: { code: "520000", name: "贵州省" }, year: 2020, title: "版式测试", author: "测试", subject: "测试", keywords: [], lang: "zh-CN" };

/** A small linear congruential generator: the same documents on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function document(seed: number): { model: DocModel; floats: string[] } {
  const rnd = random(seed);
  const blocks: Block[] = [{ type: "title", text: "版式测试文件" }];
  const floats: string[] = [];
  let figures = 0;
  let tables = 0;
  const paragraph = (i: number): Block => ({ type: "paragraph", runs: [{ text: `第${i}段：${"全省城镇新增就业人数保持稳定增长，".repeat(2 + Math.floor(rnd() * 24))}完。` }] });
  const count = 10 + Math.floor(rnd() * 20);
  for (let i = 0; i < count; i++) {
    const r = rnd();
    if (r < 0.45) blocks.push(paragraph(i));
    else if (r < 0.6) blocks.push({ type: "heading", level: rnd() < 0.5 ? 1 : 2, number: "一、", text: `标题${i}` }, paragraph(i));
    else if (r < 0.8) {
      const height = 80 + Math.floor(rnd() * 620);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="${height}" viewBox="0 0 400 ${height}"><text x="200" y="14" font-family="Noto Sans SC" font-size="11" text-anchor="middle">单位</text><rect x="10" y="20" width="380" height="${height - 30}" fill="#4c78a8"/></svg>`;
      blocks.push({ type: "figure", number: ++figures, caption: `合成图${figures}`, unit: "万人", chart: "synthetic", svg, width: 400, height });
      floats.push(`图${figures}合成图${figures}`);
    } else {
      const rows = Array.from({ length: 2 + Math.floor(rnd() * 45) }, (_, k) => [`地区${k + 1}`, String(100 + k)]);
      blocks.push({ type: "table", number: ++tables, caption: `合成表${tables}`, unit: "元", header: ["地区", "数值"], align: ["left", "right"], rows, notes: [] });
      floats.push(`表${tables}合成表${tables}`);
    }
  }
  if (rnd() < 0.5) blocks.push({ type: "signature", issuers: ["测试厅", "测试局"], date: "2021年6月9日" });
  return { model: { meta, blocks }, floats };
}

describe("page flow on random documents", () => {
  for (const seed of [3, 7, 11, 19, 23, 42, 77, 99]) {
    it(`seed ${seed}: every figure and table drawn, in order; no orphan, widow, stranded heading or caption`, async () => {
      const { model, floats } = document(seed);
      const pdf = await readPdf(await RENDERERS.pdf(model, fonts, { date: new Date(0) }));
      const lines = pdf.pages.flatMap((p) => p.lines.map((l) => l.text.replace(/\s/g, "")));
      const at = floats.map((f) => lines.indexOf(f));
      expect(floats.filter((_, k) => at[k]! < 0)).toEqual([]);
      // A float never passes another: figures and tables in the order the text has them.
      expect(at).toEqual([...at].sort((a, b) => a - b));
      const flow = measureFlow(pdf);
      expect(flow.orphans).toEqual([]);
      expect(flow.widows).toEqual([]);
      expect(flow.strandedHeadings).toEqual([]);
      expect(flow.strandedCaptions).toEqual([]);
      if (model.blocks.at(-1)!.type === "signature") expect(new Set(pdf.pages.flatMap((p) => p.lines.filter((l) => /测试厅|测试局|2021年6月9日/.test(l.text)).map(() => p.number))).size).toBe(1);
    }, 60_000);
  }
});
