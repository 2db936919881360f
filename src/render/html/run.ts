/**
 * A run of text as HTML, in a paragraph or a table cell alike: a draft mark (a shaded <mark> naming its
 * indicator), a figure from data/ (a <span> that says where it comes from: `data-ref`, `data-region`, the
 * preview's provenance contract, ARCHITECTURE.md "Preview"), or text.
 */
import { attrs, text } from "./escape.js";
import type { Run } from "./input.js";

export function runHtml(r: Run): string {
  if (r.style === "gap") return `<mark class="gap"${attrs({ "data-ref": r.ref, title: "待补充：数据尚未公布" })}>${text(r.text)}</mark>`;
  if (r.ref) return `<span class="fig"${attrs({ "data-ref": r.ref, "data-region": r.region })}>${text(r.text)}</span>`;
  return text(r.text);
}
