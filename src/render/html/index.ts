/**
 * The presented document → one self-contained HTML page (UTF-8), the bulletin as a website publishes it: everything
 * inside the file — style sheet, charts as inline SVG, chart data as data: links — and nothing fetched
 * from anywhere (the page's Content-Security-Policy forbids it), so a webmaster uploads it as it is.
 * Document order and structure: 发文字号, h1 title, h2 一、, h3 （一） (a run-in （一）…。 heading too,
 * set inline with its paragraph), paragraphs, tables, figures, the issuers and date, then the source line
 * (来源, as the web copy has it) in the page's footer.
 *
 * Reads the model only through input.ts. Deterministic: no date, no counter, no random id — ids come
 * from the block numbers.
 */
import { attrs, text } from "./escape.js";
import { figureHtml } from "./figure.js";
import type { PresentedDocument } from "../../present/types.js";
import { htmlInput, type HtmlBlock, type HtmlDocument, type Run } from "./input.js";
import { STYLE_SHEET } from "./style.js";
import { tableHtml } from "./table.js";
import { runHtml } from "./run.js";

/**
 * No request of any kind: styles only from the page itself; the download links are data: URLs, which a
 * CSP does not govern for navigation.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export interface HtmlOptions {
  /**
   * Each block's element names the template file and line it came from (`data-source`): for the preview's
   * hover (ARCHITECTURE.md "Preview"), never in the page a build writes.
   */
  readonly sources?: boolean;
}

export async function renderHtml(doc: PresentedDocument, options: HtmlOptions = {}): Promise<Buffer> {
  return Buffer.from(htmlPage(htmlInput(doc), options), "utf8");
}

export function htmlPage(doc: HtmlDocument, options: HtmlOptions = {}): string {
  const { meta } = doc;
  const lines = [
    "<!DOCTYPE html>",
    `<html lang="${meta.lang}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    `<title>${text(meta.title)}</title>`,
    `<meta${attrs({ name: "author", content: meta.author })}>`,
    `<meta${attrs({ name: "description", content: meta.subject })}>`,
    `<meta${attrs({ name: "keywords", content: meta.keywords.join(",") })}>`,
    `<style>\n${STYLE_SHEET}\n</style>`,
    "</head>",
    "<body>",
    "<main>",
    "<article>",
    ...doc.blocks.flatMap((b) => blockHtml(b, doc.stem, options.sources && b.source ? attrs({ "data-source": b.source }) : "")),
    "</article>",
    ...(meta.source ? ["<footer>", `<p class="source">来源：${text(meta.source)}</p>`, "</footer>"] : []),
    "</main>",
    "</body>",
    "</html>",
  ];
  return `${lines.join("\n")}\n`;
}

/** @param source the block's `data-source` attribute (with its leading space), or "". */
function blockHtml(b: HtmlBlock, stem: string, source: string): string[] {
  switch (b.kind) {
    case "docNumber":
      return [`<p class="doc-number"${source}>${text(b.text)}</p>`];
    case "title":
      return [`<h1${source}>${text(b.text)}</h1>`];
    case "heading":
      return [b.level === 1 ? `<h2${source}>${text(b.text)}</h2>` : `<h3${source}>${text(b.text)}</h3>`];
    case "paragraph": {
      const [first, ...rest] = b.runs;
      // A paragraph that opens with its run-in heading: the heading is an h3 for navigation, set inline.
      if (first?.style === "runIn" && rest.length > 0) return [`<div class="para"${source}><h3>${text(first.text)}</h3><p>${runsHtml(rest)}</p></div>`];
      return [`<p${source}>${runsHtml(b.runs)}</p>`];
    }
    case "table":
      return [
        `<div class="table-block" id="${b.key}"${source}>`,
        ...tableHtml({ id: `${b.key}-caption`, caption: `${b.label} ${b.caption}`, ...(b.unit ? { unit: b.unit } : {}), head: b.head, body: b.body }, "  "),
        ...(b.notes.length > 0 ? ['  <div class="notes">', ...b.notes.map((n) => `    <p>${text(n)}</p>`), "  </div>"] : []),
        "</div>",
      ];
    case "figure":
      return figureHtml(b, stem, "", source);
    case "signature":
      return [`<div class="signature"${source}>`, ...b.issuers.map((i) => `  <p>${text(i)}</p>`), `  <p>${dateHtml(b.date)}</p>`, "</div>"];
  }
}

function runsHtml(runs: readonly Run[]): string {
  return runs
    .map((r) => {
      if (r.style === "runIn") return `<strong class="run-in">${text(r.text)}</strong>`;
      if (r.style === "bold") return `<strong>${text(r.text)}</strong>`;
      return runHtml(r);
    })
    .join("");
}

/** 2021年6月9日 → <time datetime="2021-06-09">: machine-readable for search engines and assistive technology. */
function dateHtml(date: string): string {
  const m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(date);
  if (!m) return text(date);
  const iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  return `<time datetime="${iso}">${text(date)}</time>`;
}
