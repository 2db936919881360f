/**
 * pdfkit parses every font again for every document (PDFFontFactory.open → fontkit.create), and each fresh fontkit
 * Font decodes its tables again (hmtx, cmap, loca of a 15 MB CJK face): ~0.3–1 s a bulletin. The font profile
 * (src/fonts/profile.ts) has parsed each face once already; this hands pdfkit that Font for the same bytes.
 *
 * The fontkit module pdfkit requires is replaced in require's cache, before pdfkit loads (pdfkit.ts imports this
 * first), by a copy of its exports whose `create` returns the profile's Font when given the very Buffer the
 * profile parsed (`shareFont`), and fontkit's own result otherwise (fontkit's exports are getters: the module object
 * is swapped rather than patched). A Font is read-only to pdfkit — it lays out text with it and makes a fresh subset
 * per document — so sharing it changes no byte of the output (test/determinism.test.ts builds reports alone and in
 * a batch and compares). Written for fontkit 2.0, checked when this module loads.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

type Create = (data: Uint8Array, postscriptName?: string) => unknown;

const require = createRequire(import.meta.url);
const fontkitPath = require.resolve("fontkit", { paths: [dirname(require.resolve("pdfkit"))] });
// fontkit's exports map hides package.json: read beside its entry point (dist/main.cjs).
const { version } = JSON.parse(readFileSync(join(dirname(fontkitPath), "..", "package.json"), "utf8")) as { version: string };
if (!/^2\.0\./.test(version)) throw new Error(`src/render/pdf/fontkit.ts was written for fontkit 2.0 (pdfkit's fontkit.create), found ${version}: check PDFFontFactory.open, then update the check`);

const shared = new WeakMap<Uint8Array, unknown>();

/** pdfkit is given `data` (registerFont) for this already parsed `font`. */
export function shareFont(data: Uint8Array, font: unknown): void {
  shared.set(data, font);
}

const fontkit = require(fontkitPath) as Record<string, unknown> & { create: Create; shared?: boolean };
if (!fontkit.shared) {
  const create: Create = (data, postscriptName) => (postscriptName === undefined ? shared.get(data) : undefined) ?? fontkit.create(data, postscriptName);
  const cached = require.cache[fontkitPath];
  if (!cached) throw new Error("fontkit is not in require's cache (src/render/pdf/fontkit.ts)");
  cached.exports = { ...fontkit, create, shared: true };
}

/** fontkit 2.0's TTFSubset, the part used here (its glyphs, the tables encode() fills, the glyph it adds). */
interface TTFSubset {
  readonly font: { readonly loca?: { readonly offsets: readonly number[] }; readonly _variationProcessor?: unknown; _getTableStream(tag: string): { pos: number; readBuffer(n: number): Uint8Array }; getGlyph(id: number): { readonly advanceWidth: number; _getMetrics(): { leftBearing: number } } };
  readonly glyf: Uint8Array[];
  readonly loca: { readonly offsets: number[] };
  readonly hmtx: { readonly metrics: { advance: number; bearing: number }[] };
  offset: number;
  _addGlyph(gid: number): number;
}

/**
 * A PDF's TrueType subset made without decoding every glyph's outline: fontkit 2.0's TTFSubset._addGlyph decodes
 * each glyph (`glyph._decode()`: every point of a CJK outline, ~15–25 ms for the bulletin's ~850 body glyphs) only to
 * learn whether it is a composite, then copies its bytes from the glyf table as they are. A glyph's first two
 * bytes say so (numberOfContours, negative for a composite: ISO/IEC 14496-22 §5.3.3): a simple or empty glyph is
 * copied here with the same metrics, a composite (its components renumbered) or a variable font's glyph is left to
 * fontkit. The same bytes (test/pdf-memo.test.ts compares a font's subset both ways). Set on the subset object
 * pdfkit's EmbeddedFont made for one document (font-memo.ts), not on fontkit's class.
 */
export function quickSubset(subset: unknown): void {
  const s = subset as Partial<TTFSubset>;
  if (typeof s._addGlyph !== "function" || !s.font?.loca || typeof s.font._getTableStream !== "function" || s.font._variationProcessor) return;
  const fontkitAdd = s._addGlyph.bind(s);
  const t = s as TTFSubset;
  t._addGlyph = (gid: number): number => {
    const { font } = t;
    const offsets = font.loca!.offsets;
    const stream = font._getTableStream("glyf");
    stream.pos += offsets[gid]!;
    const bytes = stream.readBuffer(offsets[gid + 1]! - offsets[gid]!);
    if (bytes.length >= 2 && bytes[0]! >= 0x80) return fontkitAdd(gid); // numberOfContours < 0: a composite
    const glyph = font.getGlyph(gid);
    t.glyf.push(bytes);
    t.loca.offsets.push(t.offset);
    t.hmtx.metrics.push({ advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing });
    t.offset += bytes.length;
    return t.glyf.length - 1;
  };
}
