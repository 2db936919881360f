/**
 * The screenshots in docs/img/ (README, "HTML" and "Preview"), in headless Chromium with the project's Noto
 * fonts (test/support/chromium.ts). Run after `npm run build`:  node --import tsx scripts/screenshots.ts
 *
 * - the bulletin's HTML page on a phone (390 × 844 CSS px) and a desktop window (1280 × 1000);
 * - `npm run preview` on a copy of the project (the province, as a draft would list its gaps): its index, and the
 *   bulletin's page with the provenance box of a figure in the text and of a chart's bar.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { startPreview } from "../src/preview/server.js";
import { HOW_TO_RUN, hasChromium, launchChromium } from "../test/support/chromium.js";

const page = join("out", "2020", "520000-bulletin.html");
if (!existsSync(page)) throw new Error(`${page} is missing: run npm run build first`);
if (!hasChromium()) throw new Error(`no Chromium: ${HOW_TO_RUN}`);

const browser = await launchChromium();
const dir = mkdtempSync(join(tmpdir(), "bulletin-screenshots-"));
try {
  const tab = await browser.context.newPage();
  for (const [name, width, height] of [["bulletin-html-phone.png", 390, 844], ["bulletin-html-desktop.png", 1280, 1000]] as const) {
    await tab.setViewportSize({ width, height });
    await tab.goto(pathToFileURL(page).href);
    await tab.screenshot({ path: join("docs", "img", name) });
    console.log(`docs/img/${name}`);
  }

  for (const d of ["data", "templates", "fonts"]) cpSync(d, join(dir, d), { recursive: true });
  const preview = await startPreview({ root: dir, build: parseArgs(["--fonts", "default"]) as BuildOptions, port: 0 });
  try {
    await tab.setViewportSize({ width: 1200, height: 760 });
    await tab.goto(preview.url, { waitUntil: "load" });
    await tab.screenshot({ path: join("docs", "img", "preview.png") });
    console.log("docs/img/preview.png");
    await tab.goto(new URL("/2020/520000-bulletin.html", preview.url).href, { waitUntil: "load" });
    for (const [name, selector] of [
      ["preview-hover-text.png", 'span.fig[data-ref="employment.unemployed_reemployed"]'],
      ["preview-hover-chart.png", 'figure svg path[data-ref="social.pension_monthly_avg"][data-region="520300"]'],
    ] as const) {
      const target = tab.locator(selector).first();
      await target.scrollIntoViewIfNeeded();
      await tab.evaluate(() => window.scrollBy(0, -200));
      await target.hover({ force: true });
      await tab.locator("#bulletin-provenance").waitFor({ state: "visible", timeout: 10_000 });
      await tab.waitForTimeout(200);
      await tab.screenshot({ path: join("docs", "img", name) });
      console.log(`docs/img/${name}`);
    }
  } finally {
    await preview.close();
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
