/**
 * An OFD shown by a real OFD reader: ofd.js 0.2.6 (npm, Apache-2.0, DLTech21/ofd.js — the open-source one; its
 * 1.x releases on npm are a closed core that asks for a licence key) in headless Chromium (test/support/chromium.ts).
 *
 * ofd.js unzips the package (JSZip), parses each part and draws every page object as an absolutely placed SVG in a
 * page div, at `setPageScale(s)` pixels per millimetre. It draws text in the font the browser has by the Font
 * resource's FamilyName — it does not read the embedded FontFile (lib/ofd.umd.js: `fontResObj[id] = FamilyName`,
 * `getFontFamily`). So the page here hands the browser the package's own embedded files under those names
 * (`@font-face`, weight 700 for a Bold font): the glyphs drawn are the embedded subsets', and a character missing
 * from a subset would show as a fallback glyph.
 */
import { createRequire } from "node:module";
import { unzipSync } from "fflate";
import type { Page } from "playwright-core";
import { child, elements, parseXml, textContent } from "../../src/word/xml.js";
import type { Browser } from "./chromium.js";

const require = createRequire(import.meta.url);
export const OFD_JS = require.resolve("ofd.js/lib/ofd.umd.js");

/** @font-face rules for the package's embedded fonts, by FamilyName and weight. */
function fontFaces(ofd: Uint8Array): string {
  const files = unzipSync(ofd);
  const entry = parseXml(Buffer.from(files["OFD.xml"]!).toString("utf8"), "OFD.xml");
  const root = textContent(child(child(entry, "ofd:DocBody"), "ofd:DocRoot")!).trim();
  const base = root.replace(/[^/]*$/, "");
  const doc = parseXml(Buffer.from(files[root]!).toString("utf8"), root);
  const resPath = base + textContent(child(child(doc, "ofd:CommonData"), "ofd:PublicRes")!).trim();
  const res = parseXml(Buffer.from(files[resPath]!).toString("utf8"), resPath);
  const resBase = resPath.replace(/[^/]*$/, "") + (res.attrs.BaseLoc ? `${res.attrs.BaseLoc}/` : "");
  return elements(child(res, "ofd:Fonts"), "ofd:Font")
    .map((f) => {
      const data = Buffer.from(files[resBase + textContent(child(f, "ofd:FontFile")!).trim()]!).toString("base64");
      return `@font-face { font-family: "${f.attrs.FamilyName}"; font-weight: ${f.attrs.Bold === "true" ? 700 : 400}; src: url(data:font/ttf;base64,${data}) format("truetype"); }`;
    })
    .join("\n");
}

/**
 * Opens the package in ofd.js at `pxPerMm` and returns the page (each OFD page a div `.ofd-page`, in order) and what
 * the reader logged as an error. Rejects when ofd.js fails to parse it.
 */
export async function openInOfdJs(browser: Browser, ofd: Uint8Array, pxPerMm: number): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => void errors.push(e.message));
  page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
  await page.setContent(`<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#888} .ofd-page{margin:0!important}\n${fontFaces(ofd)}</style><body></body>`);
  await page.addScriptTag({ path: OFD_JS });
  await page.evaluate(
    async ({ b64, scale }) => {
      const w = window as unknown as { ofd: { parseOfdDocument(o: object): void; setPageScale(s: number): void; renderOfdByScale(r: unknown): HTMLElement[] } };
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const res = await new Promise((resolve, reject) => w.ofd.parseOfdDocument({ ofd: bytes.buffer, success: resolve, fail: reject }));
      w.ofd.setPageScale(scale);
      const docs = Array.isArray(res) ? res : [res];
      for (const div of w.ofd.renderOfdByScale(docs[0])) {
        div.classList.add("ofd-page");
        document.body.appendChild(div);
      }
      await document.fonts.ready;
    },
    { b64: Buffer.from(ofd).toString("base64"), scale: pxPerMm },
  );
  return { page, errors };
}
