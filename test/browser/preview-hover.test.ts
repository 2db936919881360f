/**
 * The preview's provenance hover in a real browser (headless Chromium): `npm run preview` on a copy of the
 * project, its page opened from the server, the pointer moved over a figure in the text, a table cell, a
 * chart's bar and a paragraph; the tooltip (`#bulletin-provenance`, src/preview/client.ts) must say where
 * each comes from — indicator, label, value as published, data file and line, source, template line.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { parseArgs, type BuildOptions } from "../../src/options/flags.js";
import { startPreview, type Preview } from "../../src/preview/server.js";
import { hasChromium, launchChromium, type Browser } from "../support/chromium.js";
import { ROOT, copySubject } from "../support/dataset.js";

let dir: string;
let preview: Preview;
let browser: Browser;
let page: Page;
const errors: string[] = [];

/** The tooltip's text once the pointer rests on the element `selector` finds. */
async function hover(selector: string): Promise<string> {
  await page.mouse.move(0, 0);
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  await page.locator(selector).first().hover({ force: true });
  const tip = page.locator("#bulletin-provenance");
  await tip.waitFor({ state: "visible", timeout: 10_000 });
  await page.waitForFunction(() => !/^\s*$/.test(document.getElementById("bulletin-provenance")?.textContent ?? ""), undefined, { timeout: 10_000 });
  return (await tip.textContent()) ?? "";
}

describe.skipIf(!hasChromium())("the preview's provenance hover in Chromium", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "bulletin-preview-hover-"));
    copySubject(dir);
    preview = await startPreview({ root: dir, build: parseArgs(["--region", "520000", "--format", "html", "--fonts", "default"]) as BuildOptions, port: 0 });
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
    page.on("pageerror", (e) => void errors.push(e.message));
    await page.goto(new URL("/2020/520000-bulletin.html", preview.url).href, { waitUntil: "load" });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await preview?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const line = (file: string, text: string): number => readFileSync(join(dir, file), "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;

  it("runs the preview's script: no console error", async () => {
    await page.waitForFunction(() => document.querySelector('script[src="/__preview.js"]') !== null);
    // the script is allowed to run and to fetch the provenance (the page's own policy forbids both)
    expect(await hover('span.fig[data-ref="employment.unemployed_reemployed"]')).toContain("employment.unemployed_reemployed");
    expect(errors).toEqual([]);
  });

  it("keeps the page's own protections: the policy sent as a header runs no script but the preview's", async () => {
    // the page the build writes carries no policy (the site's CMS sets its own): the preview sends one
    const ran = await page.evaluate(async () => {
      const s = document.createElement("script");
      s.textContent = "window.__injected = true";
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    const response = await page.request.get(new URL("/2020/520000-bulletin.html", preview.url).href);
    expect(response.headers()["content-security-policy"]).toMatch(/^default-src 'none';.*script-src 'self'; connect-src 'self'$/);
    errors.length = 0; // the refused script is logged as a console error
  });

  it("a figure in the text: indicator, label, value as published, data file and line, source, template line", async () => {
    const text = await hover('span.fig[data-ref="employment.unemployed_reemployed"]');
    const csv = "data/2020/indicators/01-employment.csv";
    expect(text).toContain("失业人员再就业人数 (employment.unemployed_reemployed)");
    expect(text).toContain("published: 14.37万人");
    expect(text).toContain(`data: ${csv}, line ${line(csv, "employment.unemployed_reemployed,520000,")}`);
    expect(text).toMatch(/source: .*统计公报/);
    expect(text).toContain(`template: templates/bulletin/2020/01-employment.md.hbs:${line("templates/bulletin/2020/01-employment.md.hbs", '{{fig "employment.unemployed_reemployed"}}')}`);
  });

  it("a table cell: its figure and region, and the table's template line", async () => {
    const text = await hover('#table1 td span.fig[data-ref="wages.avg_wage_on_post"][data-region="520000"]');
    expect(text).toContain("(wages.avg_wage_on_post)");
    expect(text).toMatch(/published: \d+元/);
    expect(text).toContain("data: data/2020/indicators/06-wages.csv, line ");
    expect(text).toContain(`template: templates/bulletin/2020/06-wages.md.hbs:${line("templates/bulletin/2020/06-wages.md.hbs", ":::table{")}`);
  });

  it("a chart's bar: the prefecture's figure, and the chart's template line", async () => {
    const text = await hover('figure svg path[data-ref="social.pension_monthly_avg"][data-region="520300"]');
    const csv = "data/2020/indicators/07-social-security.csv";
    expect(text).toContain("企业离退休人员月人均基本养老金 (social.pension_monthly_avg)");
    expect(text).toContain("region: 遵义市 (520300)");
    expect(text).toContain("published: 2316元");
    expect(text).toContain(`data: ${csv}, line ${line(csv, "social.pension_monthly_avg,520300,")}`);
    expect(text).toContain(`template: templates/bulletin/2020/07-social-security.md.hbs:${line("templates/bulletin/2020/07-social-security.md.hbs", '::chart{spec="pension-prefectures"}')}`);
  });

  it("a paragraph without figures: its template file and line", async () => {
    const file = "templates/bulletin/2020/08-labour.md.hbs";
    const text = await hover(`p[data-source="${file}:3"]`);
    expect(text).toBe(`template: ${file}:3`);
    expect(errors).toEqual([]);
  });
});
