/**
 * The screenshots of the bulletin's HTML page in docs/img/ (README, "HTML"): a phone (390 × 844 CSS px)
 * and a desktop window (1280 × 1000), in headless Chromium with the project's Noto fonts
 * (test/support/chromium.ts). Run after `npm run build`:  node --import tsx scripts/screenshots.ts
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { HOW_TO_RUN, hasChromium, launchChromium } from "../test/support/chromium.js";

const page = join("out", "2020", "520000-bulletin.html");
if (!existsSync(page)) throw new Error(`${page} is missing: run npm run build first`);
if (!hasChromium()) throw new Error(`no Chromium: ${HOW_TO_RUN}`);

const browser = await launchChromium();
try {
  const tab = await browser.context.newPage();
  for (const [name, width, height] of [["bulletin-html-phone.png", 390, 844], ["bulletin-html-desktop.png", 1280, 1000]] as const) {
    await tab.setViewportSize({ width, height });
    await tab.goto(pathToFileURL(page).href);
    await tab.screenshot({ path: join("docs", "img", name) });
    console.log(`docs/img/${name}`);
  }
} finally {
  await browser.close();
}
