/**
 * pdfkit (under pdfmake) reads and parses every font file again for every document (PDFFontFactory.open →
 * fs.readFileSync + fontkit.create), and each fresh fontkit Font decodes its glyphs again: with 15 MB CJK
 * faces that is ~100 ms a document (shared/STACK.md: "pdfmake re-parses fonts on every createPdf").
 *
 * So the fontkit module that pdfkit requires is replaced, before pdfkit loads, by one whose `create` keeps
 * the Font of each file for the process. A Font is read-only to pdfkit (it lays out text and makes a fresh
 * subset per document), so sharing it changes no byte of the output — the reproducibility tests build a
 * report alone and in a batch and compare. fontkit's exports are getters, so the module object is swapped in
 * require's cache rather than patched.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { dirname } from "node:path";

type Create = (data: Uint8Array, postscriptName?: string) => unknown;

const require = createRequire(import.meta.url);

export function shareFontkitFonts(): void {
  const fontkitPath = require.resolve("fontkit", { paths: [dirname(require.resolve("pdfkit"))] });
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
    }
    return font;
  };
  const cached = require.cache[fontkitPath];
  if (!cached) throw new Error("fontkit is not in require's cache");
  cached.exports = { ...fontkit, create, shared: true };
}
