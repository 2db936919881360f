/**
 * What a PDF needs at the document level to be filed (PDF/A-2b, ISO 19005-2) and read by assistive technology,
 * beyond what pdfmake 0.3.11 asks of pdfkit 0.19 through the document definition (index.ts: `version` 1.7,
 * `subset` "PDF/A-2b" — pdfkit then writes the pdfaid identification into the XMP and an sRGB IEC 61966-2.1
 * output intent from its own data/sRGB_IEC61966_2_1.icc —, `language` → catalog /Lang, `displayTitle` →
 * /ViewerPreferences << /DisplayDocTitle true >>). Two patches of pdfkit's and pdfmake's internals, here and
 * nowhere else, checked against the versions they were written for when this module loads. (pdfmake 0.3.11's
 * Printer.createPdfKitDocument passes `version`, `subset`, `displayTitle` and `language` to pdfkit as `pdfVersion`,
 * `subset`, `displayTitle`, `lang`; pdfkit 0.19's SubsetMixin/PDFA mixin, js/pdfkit.js, does the rest.)
 *
 * - XMP metadata (pdfkit MetadataMixin._addInfo): pdfkit writes title, author, subject, creator tool,
 *   producer, keywords and the creation date, but no xmp:ModifyDate (ISO 19005-2 §6.6.2.3.1: every entry of
 *   the document information dictionary has its XMP equivalent, and the Info dictionary has /ModDate), no
 *   dc:language, and does not escape XML. Written again here, escaped, with those added; the dates are the
 *   document's (SOURCE_DATE_EPOCH or the 成文日期), so the bytes stay the same for the same inputs.
 * - Bookmark destinations (pdfmake Renderer.renderLine → pdfkit PDFOutline.addItem): pdfmake passes no
 *   position, and pdfkit then writes `/XYZ <page width> <page height> 0` — the page's top-right corner. The
 *   line pdfmake is drawing when it adds a bookmark is the heading, so its item is pointed at that line's top
 *   (`/XYZ null <top> null`: the reader's horizontal position and zoom kept, ISO 32000-1 §12.3.2.2).
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The versions these patches were written for (package.json pins pdfmake; pdfkit comes with it). */
const WRITTEN_FOR = { pdfmake: /^0\.3\.11$/, pdfkit: /^0\.19\./ };

function checkVersions(): void {
  for (const [name, expected] of Object.entries(WRITTEN_FOR)) {
    const { version } = require(`${name}/package.json`) as { version: string };
    if (!expected.test(version)) throw new Error(`src/render/pdf/archive.ts patches ${name} ${expected.source.replace(/\\|\^|\$/g, "")}, found ${version}: check its MetadataMixin._addInfo / Renderer.renderLine and PDFOutline, then update WRITTEN_FOR`);
  }
}

interface PdfKitDoc {
  info: { Title?: string; Author?: string; Subject?: string; Keywords?: string; Creator?: string; Producer?: string; CreationDate: Date; ModDate?: Date };
  options: { lang?: string };
  page: { height: number };
  appendXML(xml: string, newline?: boolean): void;
}

interface Outline {
  children: { outlineData: { Dest?: unknown[] } }[];
}

interface RendererLike {
  pdfDocument: PdfKitDoc & { outline: Outline };
  outlineMap: Record<string, Outline>;
}

interface Line {
  _outline?: { parentId?: string };
}

const xml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** XMP's date form (ISO 8601, UTC), to the second like the Info dictionary's. */
const xmpDate = (d: Date): string => `${d.toISOString().split(".")[0]}Z`;

/** The XMP of the document information dictionary (ISO 19005-2 §6.6.2.3.1, Table 3), and the language. */
export function xmpInfo(info: PdfKitDoc["info"], lang: string | undefined): string {
  const alt = (s: string): string => `<rdf:Alt><rdf:li xml:lang="x-default">${xml(s)}</rdf:li></rdf:Alt>`;
  return [
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreateDate>${xmpDate(info.CreationDate)}</xmp:CreateDate>`,
    ...(info.ModDate ? [`<xmp:ModifyDate>${xmpDate(info.ModDate)}</xmp:ModifyDate>`, `<xmp:MetadataDate>${xmpDate(info.ModDate)}</xmp:MetadataDate>`] : []),
    ...(info.Creator ? [`<xmp:CreatorTool>${xml(info.Creator)}</xmp:CreatorTool>`] : []),
    "</rdf:Description>",
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    "<dc:format>application/pdf</dc:format>",
    ...(info.Title ? [`<dc:title>${alt(info.Title)}</dc:title>`] : []),
    ...(info.Author ? [`<dc:creator><rdf:Seq><rdf:li>${xml(info.Author)}</rdf:li></rdf:Seq></dc:creator>`] : []),
    ...(info.Subject ? [`<dc:description>${alt(info.Subject)}</dc:description>`] : []),
    ...(lang ? [`<dc:language><rdf:Bag><rdf:li>${xml(lang)}</rdf:li></rdf:Bag></dc:language>`] : []),
    "</rdf:Description>",
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    ...(info.Producer ? [`<pdf:Producer>${xml(info.Producer)}</pdf:Producer>`] : []),
    ...(info.Keywords ? [`<pdf:Keywords>${xml(info.Keywords)}</pdf:Keywords>`] : []),
    "</rdf:Description>",
  ].join("\n");
}

let installed = false;

export function installArchivePatches(): void {
  if (installed) return;
  installed = true;
  checkVersions();
  const PDFDocument = require("pdfkit") as { prototype: { _addInfo?: unknown } };
  if (typeof PDFDocument.prototype._addInfo !== "function") throw new Error("pdfkit: PDFDocument.prototype._addInfo is gone (src/render/pdf/archive.ts)");
  PDFDocument.prototype._addInfo = function addInfo(this: PdfKitDoc): void {
    this.appendXML(xmpInfo(this.info, this.options.lang));
  };

  const Renderer = (require("pdfmake/js/Renderer.js") as { default: { prototype: { renderLine(this: RendererLike, line: Line, x: number, y: number): void } } }).default;
  const renderLine = Renderer.prototype.renderLine;
  Renderer.prototype.renderLine = function (this: RendererLike, line: Line, x: number, y: number): void {
    if (!line._outline) return renderLine.call(this, line, x, y);
    const doc = this.pdfDocument;
    const parent = (line._outline.parentId && this.outlineMap[line._outline.parentId]) || doc.outline;
    const before = parent.children.length;
    renderLine.call(this, line, x, y);
    const dest = parent.children[before]?.outlineData.Dest;
    // [page, /XYZ, left, top, zoom]; pdfmake's y runs down from the page's top, PDF's up from its bottom.
    if (dest?.[1] === "XYZ") dest.splice(2, 3, null, Number((doc.page.height - y).toFixed(2)), null);
  };
}
