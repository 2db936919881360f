/** PDF renderer behaviour on synthetic models (test/fixtures): what the bulletin itself does not exercise. */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { renderPdf } from "../src/render/pdf/index.js";
import { loadFontProfile } from "../src/fonts/profile.js";
import type { DocModel } from "../src/model/types.js";
import { readPdf } from "./support/pdf.js";
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
