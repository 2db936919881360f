/**
 * The presented document → one self-contained HTML page (UTF-8), the bulletin as a website publishes it: everything
 * inside the file — style sheet, charts as inline SVG, chart data as data: links — and nothing fetched
 * from anywhere, so a webmaster uploads it as it is, or pastes it into the site's CMS. It carries no
 * Content-Security-Policy of its own: a <meta> policy would also block the site's own CSS, logo and statistics
 * script around it. CONTENT_SECURITY_POLICY is what the page itself needs, for a site that sends one as a header
 * (README "For the website"); the preview sends it so (src/preview/pages.ts).
 * Document order and structure: a bar with the 成文日期, the issuers and the source (and, once the build has
 * made them, links to the report's other formats: src/products/report-links.ts fills DOWNLOADS_MARK), 发文字号,
 * h1 title, h2 一、, h3 （一） (a run-in （一）…。 heading too, set inline with its paragraph), paragraphs, tables,
 * figures, the issuers and date, then the source line (来源, as the web copy has it) in the page's footer.
 *
 * Reads the model only through input.ts. Deterministic: no date, no counter, no random id — ids come
 * from the block numbers.
 */
import { attrs, text } from "./escape.js";
import { figureHtml } from "./figure.js";
import type { PresentedDocument } from "../../present/types.js";
import { htmlInput, type HtmlBlock, type HtmlDocument, type Run } from "./input.js";
import { styleSheet } from "./style.js";
import { tableHtml } from "./table.js";
import { runHtml } from "./run.js";
import { wordBreaks } from "./words.js";

/**
 * What the page needs and nothing more — no request of any kind: styles only from the page itself; the chart
 * data downloads are data: URLs, which a CSP does not govern for navigation. Not written into the page (see above).
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
    `<title>${text(meta.title)}</title>`,
    `<meta${attrs({ name: "author", content: meta.author })}>`,
    `<meta${attrs({ name: "description", content: meta.subject })}>`,
    `<meta${attrs({ name: "keywords", content: meta.keywords.join(",") })}>`,
    `<style>\n${styleSheet(doc.profile)}\n</style>`,
    "</head>",
    "<body>",
    "<main>",
    ...metaBar(doc),
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
      return [`<h1${source}>${wordBreaks(b.text)}</h1>`];
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
        ...(b.notes.length > 0 ? ['  <div class="notes">', ...b.notes.map((n) => `    <p>${runsHtml(n)}</p>`), "  </div>"] : []),
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
      if (r.style === "bold") return `<strong${r.noBreak ? ' class="nb"' : ""}>${text(r.text)}</strong>`;
      return runHtml(r);
    })
    .join("");
}

/** Where src/products/report-links.ts puts the links to the report's other formats, in the bar above the text. */
export const DOWNLOADS_MARK = "<!-- downloads -->";

/**
 * The bar above the text: when the document was signed (成文日期), by whom and where it is published, as a site
 * shows an official document's facts before it; then the downloads (DOWNLOADS_MARK).
 */
function metaBar(doc: HtmlDocument): string[] {
  const { signed, meta } = doc;
  const items = [
    ...(signed ? [`<div><dt>成文日期</dt><dd>${dateHtml(signed.date)}</dd></div>`, `<div><dt>发布机关</dt><dd>${signed.issuers.map((i) => `<span class="nb">${text(i)}</span>`).join("　")}</dd></div>`] : []),
    ...(meta.source ? [`<div><dt>来源</dt><dd>${text(meta.source)}</dd></div>`] : []),
  ];
  return ['<header class="doc-meta">', ...(items.length > 0 ? [`<dl>${items.join("")}</dl>`] : []), DOWNLOADS_MARK, "</header>"];
}

/** 2021年6月9日 → <time datetime="2021-06-09">: machine-readable for search engines and assistive technology. */
function dateHtml(date: string): string {
  const m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(date);
  if (!m) return text(date);
  const iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  return `<time datetime="${iso}">${text(date)}</time>`;
}
