/**
 * A hand-made laid-out document for the OFD writer's tests (test/ofd.test.ts, test/browser/ofd.test.ts): two A4
 * pages — a title, a heading, body lines in the regular and bold faces, a justified line (spacing after each glyph), a
 * shade behind a line, page numbers (artifacts); a caption, a chart (a real vega SVG), a table row between rules —
 * and an outline of two levels. Each line's segments are measured in their faces, as the layout stage sets them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { textWidth, type FontProfile } from "../../src/fonts/profile.js";
import type { Face, LaidOutDocument, LineItem, PageItem } from "../../src/present/pages/types.js";
import { ROOT } from "./dataset.js";

export const SVG = readFileSync(join(ROOT, "test/fixtures/charts-print/gridline-through-label.svg"), "utf8").replace(/^<!--[\s\S]*?-->\s*/, "");
const body: Face = { role: "body", bold: false };
const bold: Face = { role: "body", bold: true };
const heading: Face = { role: "heading1", bold: false };

/** A line of segments set from x, each segment's glyphs measured in its face plus its spacing. */
function line(fonts: FontProfile, role: LineItem["role"], parts: readonly { text: string; face: Face; spacing?: number }[], x: number, top: number, size = 16): LineItem {
  let at = 0;
  const segments = parts.map((p) => {
    const face = p.face.bold ? fonts.roles[p.face.role].bold : fonts.roles[p.face.role].regular;
    const s = { text: p.text, face: p.face, x: at, spacing: p.spacing ?? 0 };
    for (const ch of p.text) at += textWidth(face, ch, size) + s.spacing;
    return s;
  });
  const text = parts.map((p) => p.text).join("");
  return { kind: "line", role, text, x, top, height: size * 1.8, baseline: top + size * 1.2, size, segments, added: 0, perGap: 0, ends: "paragraph end" };
}

export function ofdFixture(fonts: FontProfile): LaidOutDocument {
  const left = 79.37;
  const page1: PageItem[] = [
    line(fonts, "title", [{ text: "贵州省2020年度统计公报", face: { role: "title", bold: false } }], left, 104.9, 22),
    line(fonts, "h1", [{ text: "一、就业", face: heading }], left, 170),
    line(fonts, "p", [{ text: "全年城镇新增就业", face: body }, { text: "76.09万人", face: bold }, { text: "，比上年末增加。", face: body }], left, 200),
    // justified: spacing after every glyph
    line(fonts, "p", [{ text: "城镇登记失业率为", face: body, spacing: 0.75 }, { text: "3.7%", face: body, spacing: 0.75 }], left, 229),
    { kind: "shade", role: "artifact", x: left + 40, top: 258, width: 48, height: 20, color: "#d9d9d9" },
    line(fonts, "p", [{ text: "待补充的数字", face: body }], left, 258),
    line(fonts, "artifact", [{ text: "— 1 —", face: body }], 470, 780, 14),
  ];
  const page2: PageItem[] = [
    line(fonts, "h1", [{ text: "二、社会保险", face: heading }], left, 104.9),
    line(fonts, "caption", [{ text: "图1 社会保险参保人数", face: { role: "heading2", bold: false } }], left, 135),
    { kind: "picture", role: "figure", x: left, top: 170, width: 442, height: 220, svg: SVG, alt: "图1" },
    { kind: "rule", role: "artifact", x1: left, y1: 400, x2: left + 442, y2: 400, width: 1 },
    line(fonts, "td", [{ text: "城镇职工养老保险", face: body }], left, 402, 14),
    { kind: "rule", role: "artifact", x1: left, y1: 430, x2: left + 442, y2: 430, width: 0.5 },
    line(fonts, "artifact", [{ text: "— 2 —", face: body }], 80, 780, 14),
  ];
  return {
    meta: { report: "bulletin", region: { code: "520000", name: "贵州省" }, year: 2020, title: "贵州省2020年度统计公报", author: "贵州省人力资源和社会保障厅 贵州省统计局", subject: "2020年度人力资源和社会保障事业发展", keywords: ["统计公报", "人力资源"], lang: "zh-CN" },
    page: { width: 595.28, height: 841.89 },
    pages: [
      { number: 1, items: page1, end: { kind: "full", empty: 0 } },
      { number: 2, items: page2, end: { kind: "document end", empty: 0 } },
    ],
    outline: [
      { level: 1, text: "一、就业", page: 1, top: 170 },
      { level: 2, text: "（一）城镇就业", page: 1, top: 200 },
      { level: 1, text: "二、社会保险", page: 2, top: 104.9 },
    ],
  };
}

