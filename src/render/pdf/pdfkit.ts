/**
 * The PDF writer: pdfkit 0.19, through pdfmake 0.3.11's own document class (pdfmake/js/PDFDocument.js, the
 * pdfkit subclass pdfmake writes every PDF with) and pdfmake's copy of svg-to-pdfkit — without pdfmake's layout,
 * which would break and place the lines again (ARCHITECTURE.md "Line layout": the presentation stage decides
 * them; pdfmake's text nodes cannot take glyphs at given positions, and it writes no structure tree).
 *
 * Everything of pdfkit used here is its public API (addPage, registerFont, font, fontSize, markContent, struct,
 * outline.addItem, rect/moveTo/lineTo/stroke/fill, end), except, here and nowhere else, checked against the
 * version it was written for when this module loads:
 *
 * - `glyphRun`: a run of glyphs drawn at positions decided elsewhere, one text object with `Tc` (the run's
 *   spacing) and TJ adjustments where a glyph's advance in the PDF differs from the layout's, so each glyph lands
 *   exactly where the line layout put it. Uses EmbeddedFont.encode (the glyph ids it registers in the document's
 *   subset), `font.id`/`font.ref()`, `page.fonts` and `addContent`, as pdfkit's own `_fragment` writes text.
 * - `bookmark`: the destination of an outline item (`outlineData.Dest`); `roleMap`: the structure tree root's
 *   dictionary (`getStructTreeRoot().data`).
 * - XMP metadata (MetadataMixin._addInfo, replaced on each document `newDocument` makes): pdfkit writes title, author, subject, creator tool, producer, keywords and
 *   the creation date, but no xmp:ModifyDate (ISO 19005-2 §6.6.2.3.1: every entry of the document information
 *   dictionary has its XMP equivalent, and the Info dictionary has /ModDate), no dc:language, and does not escape
 *   XML. Written again here, escaped, with those added; the dates are the document's (SOURCE_DATE_EPOCH or the
 *   成文日期), so the bytes stay the same for the same inputs.
 * - `font`, on each document `newDocument` makes: pdfkit's own, then the font it made current (`_font`, an
 *   EmbeddedFont) given the shaping and subset memo of its parsed font (font-memo.ts) — every font opened,
 *   by draw.ts or by svg-to-pdfkit.
 * - `ref`, on each document `newDocument` makes: pdfkit's own PDFReference, whose `finalize` compresses its
 *   stream through deflate-memo.ts (the bytes pdfkit's `zlib.deflateSync` would make) and hands it to pdfkit's
 *   `finalize` as already compressed (`compress` false: its `Filter` and `Length` are written as before). Uses
 *   the reference's `compress` and `buffer` (its chunks until finalized).
 */
// First: pdfkit must find the fontkit that shares the font profile's parsed fonts.
import "./fontkit.js";
import { createRequire } from "node:module";
import { shareFontMemo } from "./font-memo.js";
import { deflateKept } from "./deflate-memo.js";

const require = createRequire(import.meta.url);

/** The versions this module was written for (package.json pins pdfmake; pdfkit comes with it). */
const WRITTEN_FOR = { pdfmake: /^0\.3\.11$/, pdfkit: /^0\.19\./ };

for (const [name, expected] of Object.entries(WRITTEN_FOR)) {
  const { version } = require(`${name}/package.json`) as { version: string };
  if (!expected.test(version)) throw new Error(`src/render/pdf/pdfkit.ts relies on ${name} ${expected.source.replace(/\\|\^|\$/g, "")} internals, found ${version}: check EmbeddedFont.encode, PDFDocument._addInfo and pdfmake/js/PDFDocument.js, then update WRITTEN_FOR`);
}

export interface EmbeddedFont {
  readonly id: string;
  ref(): unknown;
  encode(text: string, features?: unknown): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
}

export interface Outline {
  addItem(title: string, options?: { top?: number; left?: number; expanded?: boolean }): Outline;
  /** Internal: the item's dictionary entries. */
  outlineData: { Dest?: unknown[] };
}

/**
 * A bookmark under `parent` to the current page at `top` (points from the page's top): `/XYZ null <y> null`, the
 * reader's horizontal place and zoom kept (ISO 32000-1 §12.3.2.2). pdfkit 0.19's addItem writes a left and a zoom
 * of its own (`/Fit`, or `/XYZ (width − left) (height − top) 0`); its destination array is set here instead.
 */
export function bookmark(doc: PdfKit, parent: Outline, title: string, top: number): Outline {
  const item = parent.addItem(title);
  const page = item.outlineData.Dest?.[0];
  if (page === undefined) throw new Error("pdfkit: an outline item without a destination page (src/render/pdf/pdfkit.ts bookmark)");
  item.outlineData.Dest = [page, "XYZ", null, Number((doc.page.height - top).toFixed(2)), null];
  return item;
}

export interface StructureElement {
  add(child: StructureElement | (() => void)): StructureElement;
  end(): void;
}

/** Internal: pdfkit's PDFReference, the part newDocument uses. */
interface PdfReference {
  compress: boolean;
  /** The stream's chunks until `finalize` joins them. */
  buffer: Buffer[] | Buffer;
  finalize(): void;
}

/** The part of pdfkit's PDFDocument drawn with (public unless noted). */
export interface PdfKit {
  page: { width: number; height: number; fonts: Record<string, unknown> };
  outline: Outline;
  /** Internal: the current font (set by `font`). */
  _font: EmbeddedFont;
  info: XmpSource["info"];
  options: XmpSource["options"];
  addPage(options: { size: [number, number]; margin: number }): PdfKit;
  registerFont(name: string, src: Buffer): PdfKit;
  font(name: string): PdfKit;
  fontSize(size: number): PdfKit;
  fillColor(color: string): PdfKit;
  strokeColor(color: string): PdfKit;
  lineWidth(w: number): PdfKit;
  lineCap(c: string): PdfKit;
  moveTo(x: number, y: number): PdfKit;
  lineTo(x: number, y: number): PdfKit;
  rect(x: number, y: number, w: number, h: number): PdfKit;
  fill(color?: string): PdfKit;
  stroke(): PdfKit;
  save(): PdfKit;
  restore(): PdfKit;
  addContent(s: string): PdfKit;
  /** A new indirect object (internal use in newDocument: its stream compressed through the memo). */
  ref(...args: unknown[]): PdfReference;
  markContent(tag: string, options?: Record<string, unknown> | null): PdfKit;
  /** Marked content of a structure element (added to it with `add`). */
  markStructureContent(tag: string): StructureElement;
  endMarkedContent(): PdfKit;
  struct(type: string, options?: Record<string, unknown>, children?: unknown): StructureElement;
  addStructure(e: StructureElement): PdfKit;
  on(event: string, f: (chunk?: Buffer) => void): void;
  end(): void;
}

interface XmpSource {
  info: { Title?: string; Author?: string; Subject?: string; Keywords?: string; Creator?: string; Producer?: string; CreationDate: Date; ModDate?: Date };
  options: { lang?: string };
  appendXML(xml: string, newline?: boolean): void;
}

type PdfKitClass = new (fonts: object, images: object, patterns: object, attachments: object, options: Record<string, unknown>) => PdfKit;

/** pdfmake's document class (a pdfkit PDFDocument). */
const PdfDocument = (require("pdfmake/js/PDFDocument.js") as { default: PdfKitClass }).default;

/** svg-to-pdfkit as pdfmake 0.3.11 ships it. */
export const svgToPdf = (require("pdfmake/js/3rd-party/svg-to-pdfkit.js") as { default: (doc: PdfKit, svg: string, x: number, y: number, options: Record<string, unknown>) => void }).default;

/** As pdfkit writes numbers into content streams. */
const num = (n: number): string => String(Math.round(n * 1e6) / 1e6);

/**
 * `draw` in the PDF's own coordinates (y up from the page's foot): pdfkit starts every page's content with a
 * transform that turns y downwards, which text objects (`glyphRun`) must not inherit.
 */
export function inPdfSpace(doc: PdfKit, draw: () => void): void {
  doc.save();
  doc.addContent(`1 0 0 -1 0 ${num(doc.page.height)} cm`);
  draw();
  doc.restore();
}

/**
 * A character's glyphs and positions in a document's font, as its `encode` gave them the first time: once a glyph
 * is in the document's subset, encoding the character again gives the same ids and changes nothing (the glyphs,
 * their widths and ToUnicode entries are there). Per document: its EmbeddedFonts go with it.
 */
const encodedChars = new WeakMap<EmbeddedFont, Map<string, ReturnType<EmbeddedFont["encode"]>>>();

/**
 * Glyphs of `text` in the current font at `size` (drawn in the PDF's own coordinates: inside `inPdfSpace`), the first one's origin at (x, baseline) in top-down page
 * coordinates, glyph k's at the sum of the advances before it (`advances`, the layout's) plus `spacing` after each.
 */
export function glyphRun(doc: PdfKit, text: string, x: number, baseline: number, size: number, spacing: number, advances: readonly number[]): void {
  const font = doc._font;
  const scale = size / 1000;
  const parts: string[] = [];
  let hex = "";
  const chars = Array.from(text);
  let known = encodedChars.get(font);
  if (!known) encodedChars.set(font, (known = new Map()));
  chars.forEach((ch, k) => {
    let encoding = known.get(ch);
    if (!encoding) known.set(ch, (encoding = font.encode(ch)));
    const [encoded, positions] = encoding;
    let drawn = 0;
    encoded.forEach((g, i) => {
      hex += g;
      drawn += positions[i]!.xAdvance * scale;
      // as _fragment: a glyph advanced other than by its width (kerning) is followed by the difference
      const p = positions[i]!;
      if (p.xAdvance !== p.advanceWidth) {
        parts.push(`<${hex}>`, num(-(p.xAdvance - p.advanceWidth)));
        hex = "";
      }
    });
    // Where the layout puts the next glyph, against where the PDF's own advance would (Tc added by the viewer).
    const diff = advances[k]! - drawn;
    if (k < chars.length - 1 && Math.abs(diff) > 1e-6) {
      parts.push(`<${hex}>`, num(-diff / scale));
      hex = "";
    }
  });
  if (hex) parts.push(`<${hex}>`);
  const page = doc.page;
  if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
  doc.addContent("BT");
  doc.addContent(`1 0 0 1 ${num(x)} ${num(page.height - baseline)} Tm`);
  doc.addContent(`/${font.id} ${num(size)} Tf`);
  doc.addContent(`${num(spacing)} Tc`);
  doc.addContent(`[${parts.join(" ")}] TJ`);
  doc.addContent("ET");
}

/**
 * Structure types that are not PDF 1.7's standard ones, mapped to one (ISO 32000-1 §14.7.3, the structure tree
 * root's /RoleMap), through pdfkit's getStructTreeRoot.
 */
export function roleMap(doc: PdfKit, map: Record<string, string>): void {
  const root = (doc as unknown as { getStructTreeRoot(): { data: Record<string, unknown> } }).getStructTreeRoot();
  root.data.RoleMap = map;
}

const xml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** XMP's date form (ISO 8601, UTC), to the second like the Info dictionary's. */
const xmpDate = (d: Date): string => `${d.toISOString().split(".")[0]}Z`;

/** The XMP of the document information dictionary (ISO 19005-2 §6.6.2.3.1, Table 3), and the language. */
export function xmpInfo(info: XmpSource["info"], lang: string | undefined): string {
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

/**
 * A document writing the XMP above (`xmpInfo`) in place of pdfkit's: its own `_addInfo`, which pdfkit's
 * `endMetadata` calls when the document ends — set on this document only, pdfkit's class left as it is.
 */
export function newDocument(options: Record<string, unknown>): PdfKit {
  const doc = new PdfDocument({}, {}, {}, {}, options) as PdfKit & XmpSource & { _addInfo?: unknown };
  if (typeof doc._addInfo !== "function") throw new Error("pdfkit: PDFDocument._addInfo is gone (src/render/pdf/pdfkit.ts)");
  doc._addInfo = function addInfo(this: XmpSource): void {
    this.appendXML(xmpInfo(this.info, this.options.lang));
  };
  const ref = doc.ref;
  doc.ref = function refWithMemo(this: PdfKit, ...args: unknown[]): PdfReference {
    const made = ref.apply(this, args);
    const finalize = made.finalize;
    made.finalize = function finalizeWithMemo(this: PdfReference): void {
      if (this.compress && Array.isArray(this.buffer) && this.buffer.length > 0) {
        this.buffer = [deflateKept(Buffer.concat(this.buffer))];
        this.compress = false;
      }
      finalize.call(this);
    };
    return made;
  };
  const font = doc.font;
  doc.font = function fontWithMemo(this: PdfKit, ...args: Parameters<PdfKit["font"]>): PdfKit {
    font.apply(this, args);
    shareFontMemo(this._font);
    return this;
  };
  return doc;
}
