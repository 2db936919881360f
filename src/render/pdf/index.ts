/**
 * PresentedDocument (src/present/types.ts) → PDF with pdfmake 0.3, laid out per the page profile
 * (GB/T 9704-2012 by default). Reads only the presented document and the font profile: captions, faces,
 * spacing, column widths and page breaks were decided before (src/present/). measure.ts lays the same
 * definition out without writing a PDF, for pagination.
 */
import { createRequire } from "node:module";
import type { Content, TDocumentDefinitions } from "pdfmake/interfaces.js";
import type { FontProfile } from "../../fonts/profile.js";
import type { PresentedDocument } from "../../present/types.js";
import { documentContent } from "./content.js";
import { emTopOffset, pdfFonts, type PdfFonts } from "./fonts.js";
import { fontFilesFromMemory, preShape, shareFontkitFonts, shareLayouts } from "./font-cache.js";
import { installMeasureCache, nextDocument } from "./measure-cache.js";
import { installStreamCache } from "./stream-cache.js";
import { writeTextRuns } from "./text-runs.js";
import { installArchivePatches } from "./archive.js";

// Before pdfkit loads: it must find the sharing fontkit (font-cache.ts).
shareFontkitFonts();
writeTextRuns();
installMeasureCache();
installStreamCache();
installArchivePatches();

// pdfmake 0.3's server entry is CommonJS and exports one shared instance.
export const pdfmake = createRequire(import.meta.url)("pdfmake") as {
  virtualfs: { writeFileSync(name: string, data: Buffer): void };
  setFonts(f: unknown): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(def: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
};

/**
 * pdfmake measures a text inline as its glyph widths plus characterSpacing × (length − 1), but the PDF
 * Tc operator it emits adds the spacing to every glyph (ISO 32000-1 §9.3.2), so each inline is measured
 * one spacing short and a line of short CJK "words" overflows by up to 28 × 0.2 pt: the 28th character
 * wraps. Measure as PDF draws: one spacing per character (code point).
 */
const TextInlines = (createRequire(import.meta.url)("pdfmake/js/TextInlines.js") as { default: { prototype: Record<string, unknown> } }).default;
TextInlines.prototype.widthOfText = function widthOfText(
  text: string,
  inline: { font: { widthOfString(t: string, size: number, features?: unknown): number }; fontSize: number; fontFeatures?: unknown; characterSpacing?: number },
): number {
  return inline.font.widthOfString(text, inline.fontSize, inline.fontFeatures) + (inline.characterSpacing ?? 0) * Array.from(text).length;
};

export interface PdfOptions {
  /** Creation and modification date written into the PDF (pdfkit derives /ID from it). */
  readonly date: Date;
}

/**
 * Shapes the words of `text` (a report's Markdown) in the body font ahead of its document (font-cache.ts
 * preShape): the first document of a process then lays out its text from the cache.
 */
export function prepareText(fonts: FontProfile, text: string): void {
  shareLayouts(fonts.faces[0]!.data);
  preShape(fonts.roles.body.regular.data, text);
}

/** What pdfFonts makes of a profile: the same for every document (pagination lays a report out ~10 times). */
const pdfFontsOf = new WeakMap<FontProfile, PdfFonts>();

/** Registers the profile's fonts with pdfmake (shared by rendering and measuring), before each document. */
export function registerFonts(fonts: FontProfile): PdfFonts {
  let registered = pdfFontsOf.get(fonts);
  if (!registered) {
    shareLayouts(fonts.faces[0]!.data);
    const made = pdfFonts(fonts);
    fontFilesFromMemory(new Map(fonts.faces.filter((f) => made.files.has(f.file)).map((f) => [f.file, f.data])));
    pdfFontsOf.set(fonts, (registered = made));
  }
  // pdfmake's fonts are one shared instance's: set again for each document, as another profile may have been used.
  for (const [name, data] of registered.vfs) pdfmake.virtualfs.writeFileSync(name, data);
  pdfmake.setFonts(registered.definitions);
  // Nothing is fetched, and nothing is read from disk: the chart font's files, the only paths pdfkit opens
  // (see fonts.ts), are served from memory (fontFilesFromMemory); the policy still allows those paths alone.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => registered.files.has(path));
  return registered;
}

export async function renderPdf(doc: PresentedDocument, fonts: FontProfile, options: PdfOptions): Promise<Buffer> {
  // The measure cache ages by the PDFs made, not by the page flow's layouts (which lay out a few pages each).
  nextDocument();
  const registered = registerFonts(fonts);
  return pdfmake.createPdf(documentDefinition(doc, fonts, registered, options)).getBuffer();
}

/** The pdfmake document definition: the profile's page and each block's content. */
export function documentDefinition(doc: PresentedDocument, profile: FontProfile, fonts: PdfFonts, options: PdfOptions): TDocumentDefinitions {
  const p = doc.profile;
  const content = documentContent(doc, profile, fonts);
  const body = p.text.body;
  // The 37 mm 天头 runs to the top of the first line's characters, not to the top of its line box.
  const top = p.margin.top - emTopOffset(profile, body.face, body.size);
  // 22 lines × pitch equal the type area's height exactly; half a point keeps float rounding from
  // pushing the 22nd line onto the next page.
  const bottom = p.margin.bottom - 0.5;
  const numberTop = p.pageNumber.belowTypeArea - emTopOffset(profile, doc.pageNumber.face.role, doc.pageNumber.size) - (p.margin.bottom - bottom);
  return {
    pageSize: { width: p.page.width, height: p.page.height },
    pageMargins: [p.margin.left, top, p.margin.right, bottom],
    info: {
      title: doc.meta.title,
      author: doc.meta.author,
      subject: doc.meta.subject,
      keywords: doc.meta.keywords.join(", "),
      creator: "gz-hrss-bulletin",
      producer: "gz-hrss-bulletin (pdfmake)",
      creationDate: options.date,
      modDate: options.date,
    },
    // For the archive and assistive technology (archive.ts): PDF 1.7 with PDF/A-2b's XMP identification and
    // sRGB output intent, the catalog's /Lang, and the title shown in the viewer's title bar instead of the file name.
    version: "1.7",
    subset: "PDF/A-2b",
    language: doc.meta.lang,
    displayTitle: true,
    defaultStyle: { font: fonts.key[body.face], fontSize: body.size },
    content,
    footer: (page: number) => pageNumber(doc, page, fonts, numberTop),
  } as TDocumentDefinitions;
}

/** §7.5: `— N —` in 4号, ≈7 mm below the type area; odd pages right, even pages left, one character in. */
function pageNumber(doc: PresentedDocument, page: number, fonts: PdfFonts, top: number): Content {
  const odd = page % 2 === 1;
  const p = doc.profile;
  return {
    text: `${doc.pageNumber.before}${page}${doc.pageNumber.after}`,
    font: fonts.key[doc.pageNumber.face.role],
    fontSize: doc.pageNumber.size,
    alignment: odd ? "right" : "left",
    // The footer area starts where the page's bottom margin does; `top` puts the numerals' em box 7 mm
    // below the type area.
    margin: [p.margin.left + (odd ? 0 : p.pageNumber.inset), top, p.margin.right + (odd ? p.pageNumber.inset : 0), 0],
  };
}
