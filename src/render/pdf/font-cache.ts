/**
 * What pdfkit (under pdfmake) redoes for every document although it depends only on the font file.
 *
 * 1. pdfkit reads and parses every font file again for every document (PDFFontFactory.open →
 * fs.readFileSync + fontkit.create), and each fresh fontkit Font decodes its glyphs again: with 15 MB CJK
 * faces that is ~100 ms a document (shared/STACK.md: "pdfmake re-parses fonts on every createPdf").
 *
 * So the fontkit module that pdfkit requires is replaced, before pdfkit loads, by one whose `create` keeps
 * the Font of each file for the process. A Font is read-only to pdfkit (it lays out text and makes a fresh
 * subset per document), so sharing it changes no byte of the output — the reproducibility tests build a
 * report alone and in a batch and compare. fontkit's exports are getters, so the module object is swapped in
 * require's cache rather than patched.
 *
 * 2. pdfkit shapes each string it measures or draws with fontkit (EmbeddedFont.layoutRun: cmap lookup, GSUB,
 * GPOS) and keeps the result per document (EmbeddedFont.layoutCache): every character of every report is
 * shaped again, ~0.1 ms each. The result depends only on the font and the string (layoutCached is used only
 * without font features), so one cache per font serves every document of the process. Runs are read-only to
 * pdfkit (encode and _fragment copy what they change); each document still registers its own glyphs in its
 * own subset (EmbeddedFont.encode).
 *
 * 3. Each document's font subset (fontkit TTFSubset._addGlyph) decodes every glyph it takes in full
 * (TTFGlyph._decode parses the outline) only to see whether it is composite: ~30 ms for a bulletin's ~3 000
 * glyphs, every document. The decoded glyph of a static font is read-only to fontkit (only a variable font's
 * variation processor moves its points), so it is kept on the shared glyph object.
 *
 * 4. A font pdfmake names by path (the chart faces, fonts.ts: SVG text finds its font by that name) is read
 * from disk by pdfkit for every document (PDFFontFactory.open): ~4 ms, each layout of the page flow too. Each
 * document gets those files' bytes registered under their path (pdfkit's registerFont), which pdfkit looks up
 * first, so they are read once; the font is the same, and so is every byte of the output.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { dirname } from "node:path";

type Create = (data: Uint8Array, postscriptName?: string) => unknown;

const require = createRequire(import.meta.url);
const pdfkitPath = (): string => require.resolve("pdfkit");

export function shareFontkitFonts(): void {
  const fontkitPath = require.resolve("fontkit", { paths: [dirname(pdfkitPath())] });
  const fontkit = require(fontkitPath) as Record<string, unknown> & { create: Create };
  if ((fontkit as { shared?: boolean }).shared) return;
  const fonts = new Map<string, unknown>();
  const create: Create = (data, postscriptName) => {
    // The table directory (first 4 KiB) holds every table's checksum: with the length, a fingerprint of the file.
    const key = `${data.length}:${postscriptName ?? ""}:${createHash("sha256").update(data.subarray(0, 4096)).digest("hex")}`;
    let font = fonts.get(key);
    if (font === undefined) {
      font = fontkit.create(data, postscriptName);
      fonts.set(key, font);
      keepDecodedGlyphs(font as FontkitFont);
    }
    return font;
  };
  const cached = require.cache[fontkitPath];
  if (!cached) throw new Error("fontkit is not in require's cache");
  cached.exports = { ...fontkit, create, shared: true };
}

/** Path → bytes of the fonts pdfmake names by path (4. above). */
const fontFiles = new Map<string, Uint8Array>();
let registering = false;

/** 4. above: `files` (path → bytes) registered with every pdfkit document pdfmake makes from now on. */
export function fontFilesFromMemory(files: ReadonlyMap<string, Uint8Array>): void {
  for (const [path, data] of files) fontFiles.set(path, data);
  if (registering) return;
  registering = true;
  const module = require("pdfmake/js/PDFDocument.js") as { default: new (...args: unknown[]) => { registerFont(name: string, src: Uint8Array): void } };
  const Base = module.default;
  // Printer.js reads the class from this module object at each document (`new _PDFDocument.default(…)`).
  module.default = class extends Base {
    constructor(...args: unknown[]) {
      super(...args);
      for (const [path, data] of fontFiles) this.registerFont(path, data);
    }
  };
}

interface FontkitFont {
  readonly directory: { readonly tables: Record<string, unknown> };
  getGlyph(id: number): object;
}
interface FontkitGlyph {
  readonly _font: FontkitFont & { readonly _variationProcessor?: unknown };
  _decoded?: unknown;
}
const decodingKept = new WeakSet<object>();

/** 3. above: TTFGlyph._decode remembered per glyph, for fonts without variations. */
function keepDecodedGlyphs(font: FontkitFont): void {
  if (!font.directory?.tables?.glyf) return; // CFF and WOFF2 glyphs decode otherwise
  const proto = Object.getPrototypeOf(font.getGlyph(0)) as { _decode?: (this: FontkitGlyph) => unknown };
  const decode = proto._decode;
  if (!decode || decodingKept.has(proto)) return;
  decodingKept.add(proto);
  proto._decode = function (this: FontkitGlyph) {
    if (this._font.directory.tables.fvar || this._font._variationProcessor) return decode.call(this);
    if (!Object.hasOwn(this, "_decoded")) this._decoded = decode.call(this);
    return this._decoded;
  };
}

interface LayoutRun {
  readonly glyphs: unknown[];
  readonly positions: unknown[];
  readonly advanceWidth: number;
}
interface EmbeddedFont {
  readonly font: object;
  layoutRun(text: string): LayoutRun;
  layoutCached(text: string): LayoutRun;
  widthOfString(text: string, size: number): number;
}

/** pdfkit's EmbeddedFont for `data`, opened in a throwaway document (pdfkit does not export the class). */
function embeddedFont(data: Uint8Array): EmbeddedFont {
  const PDFDocument = require(pdfkitPath()) as new (options: object) => { font(src: Uint8Array): void; _font: EmbeddedFont };
  const doc = new PDFDocument({ font: null, autoFirstPage: false });
  doc.font(data);
  return doc._font;
}

let layoutsShared = false;

/** Makes pdfkit's EmbeddedFont keep its layouts per font for the process (2. above); `data` is any font file. */
export function shareLayouts(data: Uint8Array): void {
  if (layoutsShared) return;
  layoutsShared = true;
  const proto = Object.getPrototypeOf(embeddedFont(data)) as EmbeddedFont;
  const byFont = new WeakMap<object, Map<string, LayoutRun>>();
  proto.layoutCached = function layoutCached(this: EmbeddedFont, text: string): LayoutRun {
    let runs = byFont.get(this.font);
    if (!runs) byFont.set(this.font, (runs = new Map()));
    let run = runs.get(text);
    if (run === undefined) {
      run = this.layoutRun(text);
      runs.set(text, run);
    }
    return run;
  };
}

/**
 * Shapes, in `data`'s font, the words pdfmake will break `text` into (linebreak, UAX #14, as pdfmake's
 * TextBreaker), so that the next document finds them in the per-font cache above. A render worker does this
 * with the first report's Markdown while the main thread is still drawing that report's charts.
 */
export function preShape(data: Uint8Array, text: string): void {
  const LineBreaker = createRequire(require.resolve("pdfmake"))("linebreak") as new (text: string) => { nextBreak(): { position: number } | null };
  const font = embeddedFont(data);
  const seen = new Set<string>();
  const breaker = new LineBreaker(text);
  let last = 0;
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    const word = text.slice(last, bk.position).replace(/\r?\n$|\r$/, "");
    last = bk.position;
    if (seen.has(word)) continue;
    seen.add(word);
    font.widthOfString(word, 1); // → layout → layoutCached, per space-separated part, as pdfmake's measure
  }
}
