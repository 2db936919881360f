/**
 * What a PDF's embedded fonts work out that depends on the font alone, kept from one document to the next in a
 * thread (the preview's render thread draws the same report again after every edit). pdfkit 0.19 makes each
 * document's EmbeddedFont afresh: it shapes every text again (fontkit's layout, per document in its
 * `layoutCache`), and writes the subset again (fontkit 2.0's TTFSubset.encode decodes and copies every glyph's
 * outline from the font file).
 *
 * - Shaping: pdfkit's `layoutRun(text)` is fontkit's `layout(text)` with the positions scaled to 1000 units
 *   per em — a function of the parsed font and the text. Every EmbeddedFont of the same parsed Font (the font
 *   profile's, shared with pdfkit by fontkit.ts) is given one `layoutCache` object, which pdfkit reads and
 *   fills as its own (EmbeddedFont.layoutCached). pdfkit only reads a run once made (`encode`, `layout`'s
 *   concatenation), as svg-to-pdfkit does (`getTextPos`).
 * - Subset: TTFSubset.encode's bytes are a function of the parsed font and the glyph ids included, in the order
 *   they were (the subset's `glyphs`; a composite glyph's components are added while encoding, from the font
 *   alone). The glyph ids a document draws map to the subset's in that same order (`includeGlyph`), so the
 *   content streams are the document's own whatever the memo holds. pdfkit writes the bytes into the font
 *   file's stream and does not change them.
 *
 * Both are bounded (MAX_RUNS texts, MAX_SUBSETS subsets per font), and neither can change a byte of a PDF:
 * test/pdf-memo.test.ts draws documents one after another in a thread and each alone in a fresh process, and
 * compares.
 * Internals used (written for pdfkit 0.19 and fontkit 2.0, the versions pdfkit.ts and fontkit.ts check):
 * EmbeddedFont's `font`, `layoutCache`, `subset`, and the subset's `glyphs` and `encode`. A TrueType subset also
 * copies its simple glyphs without decoding them (fontkit.ts `quickSubset`).
 */
import { quickSubset } from "./fontkit.js";

/** pdfkit's EmbeddedFont, the part used here. */
interface EmbeddedFont {
  readonly font?: object;
  layoutCache?: Record<string, unknown>;
  readonly subset?: { readonly glyphs: readonly number[]; encode(): Uint8Array };
}

/** Texts shaped per font before its memo starts again (the bulletin: one per distinct character, ~900, and chart label). */
const MAX_RUNS = 20_000;
/** Subsets kept per font: the last document's, and one before it (an edit undone). */
const MAX_SUBSETS = 2;

interface FontMemo {
  runs: Record<string, unknown>;
  /** The glyph ids, joined → the subset's bytes (oldest first). */
  readonly subsets: Map<string, Uint8Array>;
}

const memos = new WeakMap<object, FontMemo>();
const shared = new WeakSet<object>();

/** Gives a document's embedded font the memo of its parsed font (once; any other kind of font is left as it is). */
export function shareFontMemo(embedded: unknown): void {
  const font = embedded as EmbeddedFont;
  if (shared.has(font) || !font.font || !font.layoutCache || !font.subset || typeof font.subset.encode !== "function") return;
  shared.add(font);
  let memo = memos.get(font.font);
  if (!memo) memos.set(font.font, (memo = { runs: Object.create(null) as Record<string, unknown>, subsets: new Map() }));
  // Bounded: counted when a document takes it, started again once it holds MAX_RUNS texts.
  if (Object.keys(memo.runs).length >= MAX_RUNS) memo.runs = Object.create(null) as Record<string, unknown>;
  // Whatever this document shaped before it was given the memo is shaped again, with the same result.
  font.layoutCache = memo.runs;
  const subset = font.subset;
  quickSubset(subset);
  const encode = subset.encode.bind(subset);
  const subsets = memo.subsets;
  subset.encode = () => {
    const key = subset.glyphs.join(",");
    let bytes = subsets.get(key);
    if (bytes) {
      subsets.delete(key); // most recently used last
    } else {
      bytes = encode();
      if (subsets.size >= MAX_SUBSETS) subsets.delete(subsets.keys().next().value!);
    }
    subsets.set(key, bytes);
    return bytes;
  };
}
