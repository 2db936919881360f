/**
 * A report's web page links to the report's other files this build writes beside it (PDF, DOCX, and any other
 * format of the format table, src/formats.ts), each with its size — in the bar above the text, where the HTML
 * renderer left DOWNLOADS_MARK. Done once every format of the report is rendered (the sizes are the files'), on
 * the bytes that are written: the cached HTML stays the renderer's. A page built alone (`--format html`) gets no
 * links and no mark.
 */
import { basename } from "node:path";
import { formatSpec, readerOrder } from "../formats.js";
import { fileLink } from "../render/html/index-page.js";
import { DOWNLOADS_MARK } from "../render/html/index.js";
import type { OutputFile } from "../output/stage.js";

/** The report's files with each web page's downloads filled in; the others as they are. */
export function withReportLinks(files: readonly OutputFile[]): OutputFile[] {
  const documents = files.filter((f) => f.entry);
  const others = documents
    .filter((f) => formatSpec(f.entry!.format).opens !== "page")
    .sort((a, b) => readerOrder(a.entry!.format, b.entry!.format))
    .map((f) => ({ format: f.entry!.format, name: basename(f.name), bytes: Buffer.byteLength(f.data) }));
  const links = others.length > 0 ? `<nav class="downloads" aria-label="下载">下载：${others.map(fileLink).join("")}</nav>` : "";
  return files.map((f) => {
    if (!f.entry || formatSpec(f.entry.format).opens !== "page") return f;
    const html = Buffer.isBuffer(f.data) ? f.data.toString("utf8") : f.data;
    return { ...f, data: Buffer.from(html.replace(DOWNLOADS_MARK, links), "utf8") };
  });
}
