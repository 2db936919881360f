/**
 * pdfmake measures every text node again for every document it lays out: DocMeasure.measureLeaf breaks the
 * text at each line-break opportunity (every character, in Chinese) and resolves two dozen style properties
 * for each piece through the style stack (TextInlines.measure). For the bulletin that is ~90 ms of the
 * ~105 ms a layout takes, and pagination (src/present/paginate.ts) lays a report out some nine times, then
 * the PDF once more — each time with the same paragraphs.
 *
 * The result of measureLeaf depends only on the node's text and the style values in effect (the properties
 * read below), so it is kept per process, keyed by both, and lent to the next document (`lend`): pdfmake's
 * line breaking consumes a node's list of inlines (a fresh array each time) and writes a few fields of each,
 * which are set back. The one thing in an inline that belongs to a document is its pdfkit font (each document
 * embeds its own subset), so it gets the current document's font for the same family, bold and italics
 * (PDFDocument.provideFont, which pdfmake itself calls per inline). The same bytes come out with and without
 * it (test/pdf-measure-cache.test.ts).
 *
 * Charts: SVGMeasure parses each chart's SVG twice per layout (its size, then writeDimensions rewrites it
 * with the size pdfmake gives it) — ~5 ms a bulletin; both depend only on the strings, so both are kept.
 *
 * Relies on pdfmake 0.3.11's DocMeasure.measureLeaf, TextInlines.measure, PDFDocument.provideFont and
 * SVGMeasure (pinned).
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
type Proto = Record<string, unknown>;

/**
 * Every style property TextBreaker.getBreaks, TextInlines.buildInlines and TextInlines.measure read (pdfmake
 * 0.3.11): the values in effect for a node decide its inlines, with its text.
 */
const PROPERTIES = [
  "font", "bold", "italics", "alignment", "fontSize", "fontFeatures", "characterSpacing", "color",
  "decoration", "decorationColor", "decorationStyle", "decorationThickness", "background", "link",
  "linkToPage", "linkToDestination", "noWrap", "opacity", "sup", "sub", "lineHeight",
  "preserveLeadingSpaces", "preserveTrailingSpaces", "leadingIndent", "wordBreak",
] as const;

interface StyleStack {
  clone(): StyleStack;
  push(item: unknown): void;
  getProperty(property: string): unknown;
}
interface PdfDoc {
  provideFont(...args: FontArgs): object;
}
interface Measurer {
  styleStack: StyleStack;
  pdfDocument: PdfDoc;
}
interface LeafNode {
  text: unknown;
  _textRef?: unknown;
  _inlines?: Record<string, unknown>[];
  _minWidth?: number;
  _maxWidth?: number;
}
interface Entry {
  /** The inlines, lent to one document at a time (see `lend`). */
  readonly inlines: Record<string, unknown>[];
  /** Each inline's text and width as measured, and its font as provideFont's arguments. */
  readonly texts: readonly unknown[];
  readonly widths: readonly unknown[];
  readonly fonts: readonly FontArgs[];
  readonly minWidth: number;
  readonly maxWidth: number;
  /** The pdfkit document the inlines are lent to now. */
  lentTo: object | undefined;
  /** The generation it was last used in (eviction). */
  used: number;
}

/** One tuple per distinct provideFont arguments, so that a run of inlines in one font is seen as such. */
const fontArgs = new Map<string, FontArgs>();
const interned = (family: string, bold: boolean, italics: boolean): FontArgs => {
  const key = `${family}\0${bold}\0${italics}`;
  let args = fontArgs.get(key);
  if (!args) fontArgs.set(key, (args = [family, bold, italics]));
  return args;
};

/**
 * The inlines of `entry` for a node of `doc`. pdfmake writes into an inline only its `x` (Line.addInline, always
 * before it is read), `justifyShift` (ElementWriter.alignLine, justified lines only: read for backgrounds),
 * and — splitting a word too long for a line — its `text` and `width` (LayoutBuilder.buildNextLine). So the
 * objects themselves are lent to one document at a time, those fields set back and the document's own font
 * put in, instead of copying every inline's two dozen fields for every layout (most of the cost and garbage
 * of a cached measure). A second node with the same text in one document gets copies.
 */
function lend(entry: Entry, doc: PdfDoc): Record<string, unknown>[] {
  const copy = entry.lentTo === doc;
  entry.lentTo = doc;
  const out = copy ? new Array<Record<string, unknown>>(entry.inlines.length) : entry.inlines.slice();
  let args: FontArgs | undefined;
  let font: object | undefined;
  for (let i = 0; i < entry.inlines.length; i++) {
    if (entry.fonts[i] !== args) font = doc.provideFont(...(args = entry.fonts[i]!));
    const inline = copy ? { ...entry.inlines[i]! } : entry.inlines[i]!;
    inline.font = font;
    if (inline.text !== entry.texts[i]) {
      inline.text = entry.texts[i];
      inline.width = entry.widths[i];
    }
    if (inline.justifyShift !== undefined) inline.justifyShift = undefined;
    out[i] = inline;
  }
  return out;
}

type FontArgs = readonly [family: string, bold: boolean, italics: boolean];
/**
 * The provideFont arguments of each inline TextInlines.measure measured last, in order: one pdfkit font can
 * stand for several (pdfkit hands back the font it has when a face is opened again, e.g. for italics), and a
 * copy must ask for the same ones in the same order, since each new request numbers a font resource (/F4).
 */
let measured: FontArgs[] = [];
const cache = new Map<string, Entry>();
let generation = 0;
/** Entries not used in this many PDFs are dropped (a process renders reports of one year in turn). */
const KEEP_GENERATIONS = 4;
let installed = false;
let enabled = true;
/** Text nodes measured from the cache and by pdfmake, since the process started (tests, tracing). */
export const measureCacheStats = { hits: 0, misses: 0 };

/** SVG string → its size; SVG string and size → the rewritten SVG. */
const svgSizes = new Map<string, { used: number; value: unknown }>();
const svgSized = new Map<string, { used: number; value: unknown }>();

/** For tests: the caches off (pdfmake measures every node itself), or on again (emptied). */
export function useMeasureCache(on: boolean): void {
  enabled = on;
  for (const c of [cache, svgSizes, svgSized]) c.clear();
}

/** Called once per PDF made: ages the entries and drops those not used in the last few. */
export function nextDocument(): void {
  generation++;
  if (generation % KEEP_GENERATIONS !== 0) return;
  for (const c of [cache, svgSizes, svgSized]) for (const [key, entry] of c) if (generation - entry.used > KEEP_GENERATIONS) c.delete(key);
}

/** `f` remembered in `memo` by a string key (when the caches are on). */
function memoised<V>(memo: Map<string, { used: number } & Record<"value", V>>, key: string, f: () => V): V {
  if (!enabled) return f();
  const hit = memo.get(key);
  if (hit) {
    hit.used = generation;
    return hit.value;
  }
  const value = f();
  memo.set(key, { used: generation, value });
  return value;
}

/** Patches pdfmake; called after font-cache.ts's shareFontkitFonts (PDFDocument.js loads pdfkit). */
export function installMeasureCache(): void {
  if (installed) return;
  installed = true;
  const DocMeasure = (require("pdfmake/js/DocMeasure.js") as { default: { prototype: Proto } }).default;
  const TextInlines = (require("pdfmake/js/TextInlines.js") as { default: { prototype: Proto } }).default;
  const Styles = (require("pdfmake/js/StyleContextStack.js") as { default: { getStyleProperty(item: object, stack: StyleStack, property: string, fallback: unknown): unknown } }).default;
  const get = Styles.getStyleProperty.bind(Styles);
  const SvgMeasure = (require("pdfmake/js/SVGMeasure.js") as { default: { prototype: Proto } }).default;
  const measureSvg = SvgMeasure.prototype.measureSVG as (this: unknown, svg: unknown) => unknown;
  SvgMeasure.prototype.measureSVG = function (this: unknown, svg: unknown) {
    return typeof svg === "string" ? memoised(svgSizes, svg, () => measureSvg.call(this, svg)) : measureSvg.call(this, svg);
  };
  const writeDimensions = SvgMeasure.prototype.writeDimensions as (this: unknown, svg: unknown, size: { width: number; height: number }) => unknown;
  SvgMeasure.prototype.writeDimensions = function (this: unknown, svg: unknown, size: { width: number; height: number }) {
    return typeof svg === "string" ? memoised(svgSized, `${size.width} ${size.height} ${svg}`, () => writeDimensions.call(this, svg, size)) : writeDimensions.call(this, svg, size);
  };
  const measure = TextInlines.prototype.measure as (this: unknown, items: Record<string, unknown>[], stack: StyleStack) => unknown;
  TextInlines.prototype.measure = function (this: unknown, items: Record<string, unknown>[], stack: StyleStack) {
    // As measure reads them (before it replaces each item's font name by the font).
    measured = items.map((item) => interned(get(item, stack, "font", "Roboto") as string, get(item, stack, "bold", false) as boolean, get(item, stack, "italics", false) as boolean));
    return measure.call(this, items, stack);
  };
  const measureLeaf = DocMeasure.prototype.measureLeaf as (this: Measurer, node: LeafNode) => LeafNode;
  DocMeasure.prototype.measureLeaf = function (this: Measurer, node: LeafNode) {
    if (!enabled || node._textRef) return measureLeaf.call(this, node);
    const stack = this.styleStack.clone();
    stack.push(node);
    const key = JSON.stringify([node.text, PROPERTIES.map((p) => stack.getProperty(p) ?? null)]);
    const hit = cache.get(key);
    if (hit) {
      measureCacheStats.hits++;
      hit.used = generation;
      node._inlines = lend(hit, this.pdfDocument);
      node._minWidth = hit.minWidth;
      node._maxWidth = hit.maxWidth;
      return node;
    }
    measureCacheStats.misses++;
    measured = [];
    measureLeaf.call(this, node);
    const inlines = node._inlines ?? [];
    const fonts = measured;
    // Kept only when each inline's font is known (measure ran once over exactly these inlines).
    if (fonts.length === inlines.length) {
      // This document's inlines are lent to it already; from the next document on, `lend` sets them back.
      cache.set(key, {
        inlines: inlines.slice(),
        texts: inlines.map((x) => x.text),
        widths: inlines.map((x) => x.width),
        lentTo: this.pdfDocument,
        fonts,
        minWidth: node._minWidth ?? 0,
        maxWidth: node._maxWidth ?? 0,
        used: generation,
      });
    }
    return node;
  };
}
