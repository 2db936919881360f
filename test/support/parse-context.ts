/** A ParseContext for parsing Markdown alone in a test (no charts, a made-up document number and signature). */
import type { ParseContext } from "../../src/model/parse.js";

export function parseContext(title: string): ParseContext {
  return {
    meta: { report: "test", region: { code: "520000", name: "贵州省" }, year: 2020, title, author: "测试", subject: "测试", keywords: [], lang: "zh-CN" },
    origin: "test",
    docNumber: "测〔2020〕1号",
    signature: { issuers: ["测试"], date: "2020年1月1日" },
    renderChart: () => Promise.reject(new Error("no charts here")),
  };
}
