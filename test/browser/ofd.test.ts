/**
 * The OFD in a real OFD reader: ofd.js 0.2.6 in headless Chromium (test/support/ofd-reader.ts) opens the bulletin's
 * OFD — rendered here from the model the build emitted, through the format table's renderer — draws every page,
 * and its pages look like the PDF's: page 1 (text only) and page 2 (text and the first chart, drawn as vector paths
 * and text) drawn by ofd.js at 4 px/mm are compared with the PDF's pages drawn by pdftoppm at the same scale
 * (101.6 dpi).
 *
 * The comparison is of ink, not of pixels (two rasterisers never anti-alias alike): a pixel is ink when darker than
 * grey 160 (text, bars, axis lines; not the light gridlines); ink of one image with no ink of the other within 2 px
 * (0.5 mm) is a difference. Tolerance: at most 0.5 % of either image's ink unmatched (measured: 0.04–0.09 %). A
 * character of body text is about 0.2 % of page 1's ink (54,500 px of ink, 474 characters), a line of text 5 %: a line
 * moved by more than half a millimetre, a chart bar or label missing, a face drawn in another font, or three characters
 * missing break it; one character alone does not (the text tests, test/ofd.test.ts, check every character). As a
 * control, each page is also compared with the PDF's next page (measured: 40 % and 71 % unmatched).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DocModel } from "../../src/model/types.js";
import { loadFontProfile } from "../../src/fonts/profile.js";
import { RENDERERS } from "../../src/render/index.js";
import { hasChromium, launchChromium, type Browser } from "../support/chromium.js";
import { ROOT } from "../support/dataset.js";
import { openInOfdJs } from "../support/ofd-reader.js";
import { readOfd } from "../support/ofd.js";

const out = inject("browserOut");
const NAME = "520000-bulletin";
const PX_PER_MM = 4;
const TOLERANCE = 0.005;

let browser: Browser;
let ofd: Buffer;
let tmp: string;

/** Ink of two PNGs compared in the browser (canvas), as described above. */
async function compareInk(a: Buffer, b: Buffer): Promise<{ inkA: number; inkB: number; unmatchedA: number; unmatchedB: number; width: number; height: number }> {
  const page = await browser.context.newPage();
  const result = await page.evaluate(
    async ({ a, b }) => {
      const pixels = async (b64: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement("canvas");
        [c.width, c.height] = [img.width, img.height];
        const g = c.getContext("2d")!;
        g.fillStyle = "white";
        g.fillRect(0, 0, c.width, c.height);
        g.drawImage(img, 0, 0);
        return { w: c.width, h: c.height, data: g.getImageData(0, 0, c.width, c.height).data };
      };
      const [pa, pb] = [await pixels(a), await pixels(b)];
      const w = Math.min(pa.w, pb.w), h = Math.min(pa.h, pb.h);
      const ink = (p: { w: number; data: Uint8ClampedArray }) => {
        const m = new Uint8Array(w * h);
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) {
            const i = (y * p.w + x) * 4;
            m[y * w + x] = 0.299 * p.data[i]! + 0.587 * p.data[i + 1]! + 0.114 * p.data[i + 2]! < 160 ? 1 : 0;
          }
        return m;
      };
      const [ma, mb] = [ink(pa), ink(pb)];
      const R = 2;
      const unmatched = (m: Uint8Array, other: Uint8Array) => {
        let n = 0, total = 0;
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) {
            if (!m[y * w + x]) continue;
            total++;
            let found = false;
            for (let dy = -R; dy <= R && !found; dy++)
              for (let dx = -R; dx <= R && !found; dx++) {
                const yy = y + dy, xx = x + dx;
                if (yy >= 0 && yy < h && xx >= 0 && xx < w && other[yy * w + xx]) found = true;
              }
            if (!found) n++;
          }
        return { n, total };
      };
      const ua = unmatched(ma, mb), ub = unmatched(mb, ma);
      return { inkA: ua.total, inkB: ub.total, unmatchedA: ua.n / Math.max(1, ua.total), unmatchedB: ub.n / Math.max(1, ub.total), width: w, height: h };
    },
    { a: a.toString("base64"), b: b.toString("base64") },
  );
  await page.close();
  return result;
}

/** A page of the PDF as pdftoppm draws it at PX_PER_MM. */
function pdfPage(pdf: string, n: number): Buffer {
  const prefix = join(tmp, `pdf-${n}`);
  execFileSync("pdftoppm", ["-png", "-r", String(PX_PER_MM * 25.4), "-f", String(n), "-l", String(n), "-singlefile", pdf, prefix]);
  return readFileSync(`${prefix}.png`);
}

describe.skipIf(!hasChromium() || !out)("the OFD in ofd.js (Chromium)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
    tmp = mkdtempSync(join(tmpdir(), "bulletin-ofd-"));
    const model = JSON.parse(readFileSync(join(out, "2020", `${NAME}.model.json`), "utf8")) as DocModel;
    ofd = await RENDERERS.ofd(model, loadFontProfile("default", join(ROOT, "fonts")), { date: new Date("2021-06-09T00:00:00Z") });
  });
  afterAll(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("opens with no error and draws every page, its text in the page", async () => {
    const { page, errors } = await openInOfdJs(browser, ofd, PX_PER_MM);
    const pages = page.locator(".ofd-page");
    const read = readOfd(ofd);
    expect(errors).toEqual([]);
    expect(await pages.count()).toBe(read.pages.length);
    // A4 at 4 px/mm
    const box = (await pages.first().boundingBox())!;
    expect(Math.round(box.width)).toBe(840);
    expect(Math.round(box.height)).toBe(1188);
    // the text ofd.js put into page 1 is the page's text
    const drawn = (await pages.first().locator("text").allTextContents()).join("");
    expect(drawn).toBe(read.pages[0]!.runs.map((r) => r.text).join(""));
    await page.close();
  });

  it.each([1, 2])("draws page %i as the PDF's page looks (ink within 0.5 mm, at most 0.5 % unmatched)", async (n) => {
    const { page } = await openInOfdJs(browser, ofd, PX_PER_MM);
    const shot = await page.locator(".ofd-page").nth(n - 1).screenshot();
    await page.close();
    const pdf = pdfPage(join(out, "2020", `${NAME}.pdf`), n);
    const r = await compareInk(shot, pdf);
    console.log(`page ${n}: ${r.width}×${r.height} px, ink OFD ${r.inkA} px / PDF ${r.inkB} px, unmatched OFD ${(r.unmatchedA * 100).toFixed(2)} % / PDF ${(r.unmatchedB * 100).toFixed(2)} %`);
    expect(r.width).toBeGreaterThanOrEqual(839);
    expect(r.inkA).toBeGreaterThan(1000);
    expect(r.unmatchedA).toBeLessThanOrEqual(TOLERANCE);
    expect(r.unmatchedB).toBeLessThanOrEqual(TOLERANCE);
    // the measure tells pages apart: this page against the PDF's next one
    const other = await compareInk(shot, pdfPage(join(out, "2020", `${NAME}.pdf`), n + 1));
    console.log(`page ${n} against the PDF's page ${n + 1}: unmatched OFD ${(other.unmatchedA * 100).toFixed(2)} %`);
    expect(other.unmatchedA).toBeGreaterThan(10 * TOLERANCE);
  });
});
