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
