/**
 * What a reader's browser shows, measured in a page opened in Chromium (test/support/chromium.ts): accessibility
 * rule violations (axe-core, the engine behind Lighthouse's and browser extensions' checks), numbers parted from
 * their units at line ends, and the size chart text is drawn at. Used by test/browser/ and, for before/after
 * figures, by hand (scripts are not needed: `npx tsx` a few lines calling these).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly nodes: readonly string[];
}

/**
 * axe-core's violations on the page as it is (WCAG 2.x A and AA rules and axe's best practices). The engine is
 * evaluated through the DevTools protocol, which a page's own Content-Security-Policy does not govern.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
}

/**
 * Every number followed by one of `units` (`200.72亿元`, `3.2%`) in the page's text blocks whose glyphs sit on
 * more than one line: the texts. A match is looked for in each block's whole text (it may run across elements,
 * e.g. a figure's <span> and the unit after it) and its line boxes read from a DOM Range.
 */
export async function numberUnitSplits(page: Page, units: readonly string[]): Promise<string[]> {
  return page.evaluate((units) => {
    // No named function in here: tsx's keepNames would wrap it in a helper the page does not have.
    const pattern = new RegExp(`\\d[\\d.,]*(?:${[...units].sort((a, b) => b.length - a.length).map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "g");
    const blocks = [...document.querySelectorAll("p, li, td, th, caption, figcaption, h1, h2, h3")].filter((e) => !e.querySelector("p, li, td, th, caption, figcaption, h1, h2, h3"));
    const split: string[] = [];
    for (const block of blocks) {
      const nodes: { node: Text; start: number }[] = [];
      let text = "";
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n as Text, start: text.length });
        text += (n as Text).data;
      }
      for (const m of text.matchAll(pattern)) {
        const range = document.createRange();
        const end = m.index + m[0].length;
        const first = [...nodes].reverse().find((x) => x.start <= m.index)!;
        const last = [...nodes].reverse().find((x) => x.start < end)!;
        range.setStart(first.node, m.index - first.start);
        range.setEnd(last.node, end - last.start);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
        if (rects.length < 2) continue;
        const firstBottom = Math.min(...rects.map((r) => r.bottom));
        if (rects.some((r) => r.top >= firstBottom - 1)) split.push(m[0]);
      }
    }
    return split;
  }, units);
}

/** The font size each chart text is drawn at on screen, in CSS px (its font size times the SVG's scale). */
export async function chartTextSizes(page: Page): Promise<number[]> {
  return page.locator("figure svg text").evaluateAll((all) =>
    all
      .filter((t) => (t.textContent ?? "").trim() !== "" && (t as SVGGraphicsElement).getBBox().width > 0)
      .map((t) => {
        const m = (t as SVGGraphicsElement).getScreenCTM()!;
        return Math.hypot(m.a, m.b) * parseFloat(getComputedStyle(t).fontSize);
      }),
  );
}

/** The text of each line an element's text is laid out in (its characters grouped by the line box they sit on). */
export async function textLines(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).first().evaluate((element) => {
    const lines: { top: number; text: string }[] = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const node = n as Text;
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getBoundingClientRect();
        if (rect.width === 0) continue;
        const last = lines[lines.length - 1];
        if (last && rect.top < last.top + rect.height / 2) last.text += node.data[i];
        else lines.push({ top: rect.top, text: node.data[i]! });
      }
    }
    return lines.map((l) => l.text);
  });
}
