/**
 * A run of text as HTML, in a paragraph or a table cell alike: a draft mark (a shaded <mark> naming its
 * indicator), a figure from data/ (a <span> that says where it comes from: `data-ref`, `data-region`, the
 * preview's provenance contract, ARCHITECTURE.md "Preview"), or text. A number with its unit (the presented
 * document's no-break run) is kept on one line (`nb`: `white-space: nowrap`), as the PDF keeps it.
 */
import { attrs, text } from "./escape.js";
import type { Run } from "./input.js";

export function runHtml(r: Run): string {
  if (r.style === "gap") return `<mark class="gap"${attrs({ "data-ref": r.ref, title: "待补充：数据尚未公布" })}>${text(r.text)}</mark>`;
  const nb = r.noBreak ? " nb" : "";
  if (r.ref) return `<span class="fig${nb}"${attrs({ "data-ref": r.ref, "data-region": r.region })}>${text(r.text)}</span>`;
  return r.noBreak ? `<span class="nb">${text(r.text)}</span>` : text(r.text);
}
