/**
 * A short document a render worker renders once at start, while the main thread is still loading data
 * and composing the first report (the worker would otherwise wait idle): the first document of a process
 * costs much more than later ones (code compiled, font tables parsed, docx's font subsetter and PNG
 * fallbacks started), and this moves part of that off the critical path. It has one block of each kind, so
 * every code path a report takes runs once. The output is thrown away; what it leaves behind (compiled
 * code, parsed fonts) changes no later byte.
 */
import type { FontProfile } from "../fonts/profile.js";
import type { DocModel } from "../model/types.js";

export function warmUpModel(fonts: FontProfile): DocModel {
  const family = fonts.roles.chart.regular.family;
  // The chart's text in the regular face only: the chart role's bold face is read by a document that sets it
  // (fonts/shared.ts), and a warm-up that did would read its 10 MB in every build.
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40"><rect width="200" height="40" fill="white"/>` +
    `<g transform="translate(10,5)"><path d="M0,0h120v20h-120Z" fill="#4c78a8"/><path d="M0.5,25.5h150" stroke="#888"/>` +
    `<text x="125" y="14" font-family="${family}" font-size="11">0.123</text>` +
    `<text x="0" y="34" font-family="${family}" font-size="11">示例</text></g></svg>`;
  return {
    // Sample text, not statistics: it only has to take the code paths a report takes (CJK and Latin digits,
    // full-width punctuation, a run-in heading, bold, a table, a figure).
    meta: { report: "warm-up", region: { code: "000000", name: "示例" }, year: 2000, title: "示例文档", author: "示例", subject: "示例", keywords: [], lang: "zh-CN" },
    blocks: [
      { type: "docNumber", text: "示例〔2000〕1号" },
      { type: "title", text: "示例文档标题" },
      { type: "heading", level: 1, number: "一、", text: "示例标题" },
      {
        type: "paragraph",
        runs: [
          { text: "（一）示例小标题。", style: "runIn" },
          { text: "示例正文，数字0123456789，小数0.12，百分比3.4%，" },
          { text: "加粗示例5.6%", style: "bold" },
          { text: "；其中：示例文字、示例文字。" },
        ],
      },
      { type: "table", number: 1, caption: "示例表", unit: "元", header: ["名称", "数值"], align: ["left", "right"], rows: [["示例", "12345"]], notes: ["注：示例。"] },
      { type: "figure", number: 1, caption: "示例图", unit: "元", chart: "warm-up", svg, width: 200, height: 40 },
      { type: "signature", issuers: ["示例单位"], date: "2000年1月1日" },
    ],
  };
}
