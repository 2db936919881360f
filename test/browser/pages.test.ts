/**
 * The HTML pages in a real browser (headless Chromium, test/support/chromium.ts), as a reader gets them:
 * opened from disk with nothing else reachable. Checks what only a browser can tell: no console error and
 * no request but the page itself; every paragraph of the reference text in the rendered text; 图1…图N
 * with the accessible name and description Chromium computes; table headers as headers; no sideways
 * scrolling on a 360–390 px phone; the year's index links resolving to files; printing gives A4 pages
 * with page numbers. And what issue 24 asks of a page on the site: no axe-core violation on any page the build
 * writes, no number parted from its unit at a line end at 1280 or 390 px, chart text at 12 px or more, the
 * printed title broken only between words.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import type { DocModel } from "../../src/model/types.js";
import { renderHtml } from "../../src/render/html/index.js";
import { presentDocument } from "../../src/present/present.js";
import { loadFontProfile } from "../../src/fonts/profile.js";
import { sizeText } from "../../src/render/html/index-page.js";
import { hasChromium, launchChromium, type Browser } from "../support/chromium.js";
import { missingParagraphs, normalize } from "../support/reference.js";
import { readPdf } from "../support/pdf.js";
import { axeViolations, chartTextSizes, numberUnitSplits, textLines } from "../support/page-checks.js";
import { PAGE_PROFILE } from "../../src/present/profile.js";
import { ROOT } from "../support/dataset.js";

const out = inject("browserOut");
const dir = join(out, "2020");
const REPORTS = ["520000-bulletin", "520300-prefecture"];

let browser: Browser;

/** A page opened from disk, with what it logged and asked for. */
async function open(file: string, width = 1280): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
  page.on("pageerror", (e) => void errors.push(e.message));
  page.on("request", (r) => void requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return { page, errors, requests };
}

describe.skipIf(!hasChromium() || !out)("HTML pages in Chromium", () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe.each(REPORTS)("%s.html", (name) => {
    const file = join(dir, `${name}.html`);

    it("loads with no console error and no request but the page itself", async () => {
      const { page, errors, requests } = await open(file);
      await page.locator("details").evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      await page.waitForTimeout(100);
      expect(errors).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
      await page.close();
    });

    it("shows 图1…图N, each an image named by its caption and described, with its data table", async () => {
      const { page } = await open(file);
      const captions = await page.locator("figure > figcaption").allTextContents();
      expect(captions.length).toBeGreaterThan(0);
      captions.forEach((c, i) => expect(c).toMatch(new RegExp(`^图${i + 1} \\S`)));
      // What Chromium's accessibility tree gives assistive technology, not what the markup intends.
      const cdp = await browser.context.newCDPSession(page);
      const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: { role?: { value: string }; name?: { value: string }; description?: { value: string } }[] };
      const images = nodes.filter((n) => n.role?.value === "image");
      expect(images.map((n) => n.name?.value)).toEqual(captions);
      for (const n of images) expect(n.description?.value).toMatch(/。各项数值见图下数据表。$/);
      const figures = nodes.filter((n) => n.role?.value === "figure").map((n) => n.name?.value);
      expect(figures).toEqual(captions);
      // each chart's data: a table with header cells, as many as the figure's rows
      const model = JSON.parse(readFileSync(join(dir, `${name}.model.json`), "utf8")) as DocModel;
      const rows = model.blocks.flatMap((b) => (b.type === "figure" ? [b.data!.rows.length] : []));
      expect(await page.locator("details.chart-data tbody").evaluateAll((all) => all.map((t) => t.querySelectorAll("tr > th[scope=row]").length))).toEqual(rows);
      await page.close();
    });

    it("has tables whose headers are header cells (columns and rows)", async () => {
      const { page } = await open(file);
      const model = JSON.parse(readFileSync(join(dir, `${name}.model.json`), "utf8")) as DocModel;
      const tables = model.blocks.filter((b) => b.type === "table");
      const found = await page.locator(".table-block table").evaluateAll((all) =>
        all.map((t) => ({
          caption: t.querySelector("caption")!.firstChild!.textContent,
          head: [...t.querySelectorAll("thead th")].map((th) => [th.textContent, th.getAttribute("scope")]),
          rowHeads: [...t.querySelectorAll("tbody tr")].map((tr) => tr.firstElementChild!.tagName + (tr.firstElementChild!.getAttribute("scope") ?? "")),
        })),
      );
      expect(found).toEqual(
        tables.map((t) => ({ caption: `表${t.number} ${t.caption}`, head: t.header.map((h) => [h, "col"]), rowHeads: t.rows.map(() => "THrow") })),
      );
      await page.close();
    });

    it.each([390, 360])("does not scroll sideways at %i px; text at a comfortable size", async (width) => {
      const { page } = await open(file, width);
      await page.locator("details").evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      const m = await page.evaluate(() => {
        const root = document.documentElement;
        // anything sticking out of the viewport, other than inside a box that scrolls on its own
        const outside = [...document.querySelectorAll("body *")].filter((e) => !e.closest(".scroll") && e.getBoundingClientRect().right > root.clientWidth + 0.5).map((e) => e.tagName);
        const p = getComputedStyle(document.querySelector("article > p:not(.doc-number)")!);
        return { scroll: root.scrollWidth, client: root.clientWidth, outside, size: parseFloat(p.fontSize), line: parseFloat(p.lineHeight) };
      });
      expect(m.scroll).toBe(width);
      expect(m.client).toBe(width);
      expect(m.outside).toEqual([]);
      expect(m.size).toBeGreaterThanOrEqual(16);
      expect(m.line / m.size).toBeGreaterThanOrEqual(1.6);
      await page.close();
    });

    it("prints on A4 pages with page numbers — N —", async () => {
      const { page } = await open(file);
      const pdf = await readPdf(await page.pdf({ preferCSSPageSize: true }));
      // The bulletin runs to some twenty A4 pages, a prefecture's brief to a few.
      expect(pdf.pages.length).toBeGreaterThan(/-bulletin\.html$/.test(file) ? 5 : 1);
      for (const p of pdf.pages) {
        expect(Math.abs(p.width - 595.28)).toBeLessThan(1);
        expect(Math.abs(p.height - 841.89)).toBeLessThan(1);
      }
      pdf.pages.forEach((p, i) => expect(p.lines.map((l) => l.text.replace(/\s/g, ""))).toContain(`—${i + 1}—`));
      await page.close();
    });
  });

  describe("every page the build writes", () => {
    const pages = (): string[] => readdirSync(dir).filter((f) => f.endsWith(".html"));

    it("are ten reports and the year's index", () => {
      expect(pages()).toHaveLength(11);
    });

    it.each(out ? readdirSync(dir).filter((f) => f.endsWith(".html")) : [])("%s has no axe-core violation (WCAG 2.x A/AA and best practices), at 1280 and 390 px", async (name) => {
      for (const width of [1280, 390]) {
        const { page } = await open(join(dir, name), width);
        await page.locator("details").evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
        expect(await axeViolations(page), `${name} at ${width} px`).toEqual([]);
        await page.close();
      }
    });

    it.each([1280, 390])("never parts a number from its unit at a line end at %i px", async (width) => {
      for (const name of pages()) {
        const { page } = await open(join(dir, name), width);
        expect(await numberUnitSplits(page, PAGE_PROFILE.noBreakUnits), name).toEqual([]);
        await page.close();
      }
    });

    it.each([1280, 390])("draws chart text at 12 px or more at %i px", async (width) => {
      for (const name of pages().filter((n) => n !== "index.html")) {
        const { page } = await open(join(dir, name), width);
        const sizes = await chartTextSizes(page);
        expect(sizes.length, name).toBeGreaterThan(10);
        expect(Math.min(...sizes), name).toBeGreaterThanOrEqual(11.99);
        await page.close();
      }
    });

    it("breaks the printed title only between words", async () => {
      for (const name of REPORTS) {
        const { page } = await open(join(dir, `${name}.html`));
        await page.emulateMedia({ media: "print" });
        // the type area's width, as the printed page gives it
        await page.setViewportSize({ width: Math.round((PAGE_PROFILE.typeArea.width * 96) / 72), height: 900 });
        const lines = await textLines(page, "h1");
        const words = (await page.locator("h1").innerHTML()).split("<wbr>");
        const ends = words.map((_, i) => words.slice(0, i + 1).join("").length);
        expect(lines.length, name).toBeGreaterThan(/bulletin/.test(name) ? 1 : 0);
        lines.slice(0, -1).forEach((_, i) => expect(ends, `${name}: ${lines.join(" | ")}`).toContain(lines.slice(0, i + 1).join("").length));
        await page.close();
      }
    });
  });

  it("has every paragraph of the reference text in the bulletin page's text", async () => {
    const { page } = await open(join(dir, "520000-bulletin.html"));
    const text = await page.evaluate(() => document.body.innerText);
    expect(missingParagraphs(text)).toEqual([]);
    // the issuers and the date close the document, the source line after them
    expect(normalize(text)).toMatch(/贵州省人力资源和社会保障厅贵州省统计局2021年6月9日来源:贵州省统计局网站$/);
    await page.close();
  });

  it("shades a draft mark (gap) and keeps its 待补充 text", async () => {
    const model: DocModel = {
      meta: { report: "bulletin", region: { code: "520000", name: "贵州省" }, year: 2020, title: "草稿", author: "", subject: "", keywords: [], lang: "zh-CN" },
      blocks: [{ type: "paragraph", runs: [{ text: "城镇新增就业" }, { text: "待补充：城镇新增就业", style: "gap", ref: "employment.urban_new_jobs" }] }],
    };
    const page = await browser.context.newPage();
    await page.setContent((await renderHtml(presentDocument(model, loadFontProfile("default", join(ROOT, "fonts"), (f) => f)))).toString("utf8"));
    const mark = page.locator("mark.gap");
    expect(await mark.textContent()).toBe("待补充：城镇新增就业");
    expect(await mark.evaluate((e) => getComputedStyle(e).backgroundColor)).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);
    await page.close();
  });

  describe("index.html", () => {
    it("lists every report of the year; every link resolves to a file whose size it states", async () => {
      const { page, errors, requests } = await open(join(dir, "index.html"), 390);
      const links = await page.locator("main a").evaluateAll((all) => all.map((a) => ({ href: (a as HTMLAnchorElement).href, text: a.textContent! })));
      const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { outputs: { path: string; bytes: number; format: string }[] };
      expect(links).toHaveLength(30); // ten reports × html, pdf, docx
      for (const link of links) {
        const path = fileURLToPath(link.href);
        expect(existsSync(path), path).toBe(true);
        const entry = manifest.outputs.find((o) => resolve(ROOT, o.path) === path);
        expect(link.text).toContain(sizeText(readFileSync(path).length));
        expect(entry?.bytes).toBe(readFileSync(path).length);
      }
      expect(new Set(links.map((l) => l.href.replace(/\.\w+$/, ""))).size).toBe(10);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
      expect(errors).toEqual([]);
      expect(requests).toHaveLength(1);
      await page.close();
    });
  });
});
