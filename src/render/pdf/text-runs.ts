/**
 * One PDF text object per run of like-styled text on a line, instead of one per character.
 *
 * pdfmake breaks text into "inlines" at every line-break opportunity, and in Chinese that is every
 * character; its Renderer.renderLine then draws each inline with its own pdfkit text() call — a save,
 * transform, BT, Tm, Tf, Tc, TJ, ET and restore per character (pdfmake's own TODO in renderLine: "lines
 * without differently styled inlines should be written to pdf as one stream"). That was about a third of
 * the CPU of a PDF and most of its content streams.
 *
 * Here consecutive inlines of a line that share font, size, character spacing, colour and opacity are
 * written as one text object: each inline encoded as pdfkit would (EmbeddedFont.encode: its glyphs
 * registered in the subset, its layout cached per string), and the gap to where pdfmake placed the next
 * inline (justification) as a TJ adjustment. Every glyph lands where it did before (to 1e-6 pt, the
 * precision pdfkit writes), in the same font and size. Lines with anything else — links, destinations,
 * page references, superscripts, font features, glyphs with offsets — are left to pdfmake's own renderLine.
 *
 * Relies on internals of pdfmake 0.3.11 (Renderer, TextDecorator, the line/inline objects) and pdfkit
 * (addContent, page.fonts, EmbeddedFont.encode), as _fragment in pdfkit.js writes text; both pinned.
 */
import { createRequire } from "node:module";

interface PdfFont {
  readonly id: string;
  readonly ascender: number;
  ref(): unknown;
  encode(text: string, features?: unknown): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
}

interface Inline {
  text: string;
  x: number;
  width: number;
  font: PdfFont;
  fontSize: number;
  characterSpacing?: number;
  color?: unknown;
  opacity?: number;
  link?: unknown;
  linkToPage?: unknown;
  linkToDestination?: unknown;
  fontFeatures?: unknown;
  sup?: boolean;
  sub?: boolean;
  _pageNodeRef?: unknown;
}

interface Line {
  inlines: Inline[];
  id?: unknown;
  _pageNodeRef?: unknown;
  _outline?: { text: string; expanded?: boolean; id?: string; parentId?: string };
  getHeight(): number;
  getAscenderHeight(): number;
}

interface PdfDoc {
  page: { height: number; fonts: Record<string, unknown> };
  outline: { addItem(text: string, options: unknown): unknown };
  _font: PdfFont;
  opacity(o: number): void;
  fillColor(c: unknown): void;
  resolveColor(c: unknown, fallback: string): unknown;
  fontSize(s: number): void;
  save(): void;
  restore(): void;
  transform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  addContent(s: string): void;
  text(text: string, x: number, y: number, options: Record<string, unknown>): void;
}

interface RendererLike {
  pdfDocument: PdfDoc;
  outlineMap: Record<string, unknown>;
}

const require = createRequire(import.meta.url);
const Renderer = (require("pdfmake/js/Renderer.js") as { default: { prototype: { renderLine(this: RendererLike, line: Line, x: number, y: number): void } } }).default;
const TextDecorator = (require("pdfmake/js/TextDecorator.js") as { default: new (doc: PdfDoc) => { drawBackground(l: Line, x: number, y: number): void; drawDecorations(l: Line, x: number, y: number): void } }).default;

/** As pdfkit writes numbers into content streams. */
const num = (n: number): string => String(Math.round(n * 1e6) / 1e6);

/** Gaps below this (pt) are float noise of pdfmake's justification, not space it meant to add. */
const SAME_X = 1e-6;

let installed = false;

export function writeTextRuns(): void {
  if (installed) return;
  installed = true;
  const pdfmakeRenderLine = Renderer.prototype.renderLine;
  Renderer.prototype.renderLine = function renderLine(line, x, y) {
    if (line.id !== undefined || line._pageNodeRef !== undefined || !line.inlines.every(plain)) return pdfmakeRenderLine.call(this, line, x, y);
    const doc = this.pdfDocument;
    if (line._outline) {
      // as pdfmake's renderLine
      const parent = (line._outline.parentId && (this.outlineMap[line._outline.parentId] as PdfDoc["outline"] | undefined)) || doc.outline;
      const item = parent.addItem(line._outline.text, { expanded: line._outline.expanded });
      if (line._outline.id) this.outlineMap[line._outline.id] = item;
    }
    const lineHeight = line.getHeight();
    const descent = lineHeight - line.getAscenderHeight();
    const decorator = new TextDecorator(doc);
    decorator.drawBackground(line, x, y);
    let start = 0;
    while (start < line.inlines.length) {
      let end = start + 1;
      while (end < line.inlines.length && sameStyle(line.inlines[start]!, line.inlines[end]!)) end++;
      const run = line.inlines.slice(start, end);
      const first = run[0]!;
      const baseline = y + lineHeight - (first.font.ascender / 1000) * first.fontSize - descent;
      writeRun(doc, run, x, baseline);
      start = end;
    }
    decorator.drawDecorations(line, x, y);
  };
}

function plain(inline: Inline): boolean {
  return !(inline.link || inline.linkToPage || inline.linkToDestination || inline.fontFeatures || inline.sup || inline.sub || inline._pageNodeRef);
}

function sameStyle(a: Inline, b: Inline): boolean {
  return a.font === b.font && a.fontSize === b.fontSize && (a.characterSpacing ?? 0) === (b.characterSpacing ?? 0) && a.color === b.color && (a.opacity ?? 1) === (b.opacity ?? 1);
}

/**
 * The run's inlines as one text object, as pdfkit's _fragment writes one: `top` is where pdfmake puts each
 * inline's text() call (pdfkit's default baseline: the top of the font's ascender). An inline whose glyphs
 * carry offsets (mark positioning) is drawn by pdfkit itself, as pdfmake would, between text objects.
 */
function writeRun(doc: PdfDoc, run: readonly Inline[], x: number, top: number): void {
  const first = run[0]!;
  const { font, fontSize: size } = first;
  const spacing = first.characterSpacing ?? 0;
  doc.opacity(first.opacity ?? 1);
  doc.fillColor(doc.resolveColor(first.color, "black"));
  doc._font = font;
  doc.fontSize(size);
  const scale = size / 1000;
  let parts: string[] = [];
  let origin = 0; // x of the text object's first glyph
  let pen = 0; // where the next glyph would be drawn
  for (const inline of run) {
    const text = inline.text.replace(/\n/g, ""); // as _fragment
    const [encoded, positions] = font.encode(text);
    if (positions.some((p) => p.xOffset || p.yOffset)) {
      writeTextObject(doc, font, size, spacing, origin, top, parts);
      parts = [];
      doc.text(text, x + inline.x, top, { lineBreak: false, textWidth: inline.width, characterSpacing: spacing, wordCount: 1 });
      continue;
    }
    if (parts.length === 0) origin = pen = x + inline.x;
    const gap = x + inline.x - pen;
    if (Math.abs(gap) > SAME_X) parts.push(num(-gap / scale));
    pen = x + inline.x;
    let hex = "";
    for (let i = 0; i < encoded.length; i++) {
      hex += encoded[i];
      const p = positions[i]!;
      pen += p.xAdvance * scale + spacing;
      // as _fragment: a glyph advanced other than by its width (kerning) is followed by the difference
      if (p.xAdvance !== p.advanceWidth) {
        parts.push(`<${hex}>`, num(-(p.xAdvance - p.advanceWidth)));
        hex = "";
      }
    }
    if (hex) parts.push(`<${hex}>`);
  }
  writeTextObject(doc, font, size, spacing, origin, top, parts);
}

function writeTextObject(doc: PdfDoc, font: PdfFont, size: number, spacing: number, x: number, top: number, parts: readonly string[]): void {
  if (parts.length === 0) return;
  const page = doc.page;
  doc.save();
  doc.transform(1, 0, 0, -1, 0, page.height);
  if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
  doc.addContent("BT");
  doc.addContent(`1 0 0 1 ${num(x)} ${num(page.height - top - (font.ascender / 1000) * size)} Tm`);
  doc.addContent(`/${font.id} ${num(size)} Tf`);
  if (spacing) doc.addContent(`${num(spacing)} Tc`);
  doc.addContent(`[${parts.join(" ")}] TJ`);
  doc.addContent("ET");
  doc.restore();
}
