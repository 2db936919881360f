/**
 * The page flow on the built bulletin and a prefecture report (src/present/paginate/, with the presentation stage's
 * own page flow as its measure): a measure asked for so many pages; floats after their text, at most one page on,
 * never past a heading; the issuers and the date never alone on a page. Each rule on its own, against a fake
 * measure: test/paginate-rules.test.ts.
 */
import { describe, expect, it } from "vitest";
import { loadFontProfile } from "../src/fonts/profile.js";
import { presentDocument } from "../src/present/present.js";
import { paginate } from "../src/present/paginate.js";
import type { PresentedDocument, PresentedParagraph } from "../src/present/types.js";
import { pagesMeasure as measurePdf } from "../src/present/pages/measure.js";
import { builtModel } from "./support/built.js";

const fonts = loadFontProfile("default", "fonts");
const measure = measurePdf(fonts);
const bulletin = presentDocument(builtModel("520000", "bulletin"), fonts);
const MOVED = ["图1", "图4", "图5"];
const text = (b: PresentedDocument["blocks"][number]): string => (b.kind === "paragraph" ? b.runs.map((r) => r.text).join("") : "");

describe("a measure asked for so many pages", () => {
  it("lays out that many pages, the block it stopped in left out, and the same lines as the whole document", async () => {
    const whole = await measure(bulletin);
    const part = await measure(bulletin, 3);
    const reached = part.filter((l) => l.lines.length > 0).length;
    expect(reached).toBeGreaterThan(5);
    expect(reached).toBeLessThan(whole.filter((l) => l.lines.length > 0).length / 2);
    expect(Math.max(...part.flatMap((l) => l.lines.map((x) => x.page)))).toBeLessThanOrEqual(3);
    // What it laid out is laid out as in the whole: blocks are whole or absent.
    part.forEach((l, i) => expect(l.lines.length === 0 || JSON.stringify(l) === JSON.stringify(whole[i]), `block ${i}`).toBe(true));
  }, 60_000);
});

describe("floats", () => {
  const label = (b: PresentedDocument["blocks"][number]): string | undefined => (b.kind === "figure" ? `图${b.number}` : b.kind === "table" ? `表${b.number}` : undefined);
  for (const [region, report] of [["520000", "bulletin"], ["520300", "prefecture"]] as const) {
    it(`${region}: each figure and table comes after the text that refers to it, on its page or the next (at most one page on) — or, at its section's end, on the page before that text's end`, async () => {
      const doc = presentDocument(builtModel(region, report), fonts);
      const out = await paginate(doc, (d, pages) => measure(d, pages));
      const laid = await measure(out);
      // Each float's reference: the paragraph before it (before the floats in a row, for the second of them).
      const refText = (i: number): string => {
        while (i > 0 && !text(doc.blocks[i - 1]!)) i--;
        return text(doc.blocks[i - 1]!);
      };
      const floats = doc.blocks.flatMap((b, i) => (label(b) ? [{ name: label(b)!, before: refText(i) }] : []));
      expect(floats.length).toBeGreaterThan(0);
      const moved: string[] = [];
      const up: string[] = [];
      for (const f of floats) {
        const at = out.blocks.findIndex((b) => label(b) === f.name);
        // The paragraph before it in the model, as laid out (its tail, where a float was set into it): the last block
        // made from it — after the float where that went up the page at its section's end (rules/section-end.ts).
        let ref = out.blocks.length - 1;
        while (ref >= 0 && !(text(out.blocks[ref]!) && f.before.endsWith(text(out.blocks[ref]!)))) ref--;
        const refPage = laid[ref]!.lines.at(-1)!.page;
        const page = laid[at]!.lines[0]!.page;
        if (at < ref) {
          up.push(f.name);
          expect(refPage - page, f.name).toBeLessThanOrEqual(out.profile.keep.floatPages);
          expect(refPage - page, f.name).toBeGreaterThanOrEqual(0);
        } else {
          expect(page - refPage, f.name).toBeGreaterThanOrEqual(0);
          expect(page - refPage, f.name).toBeLessThanOrEqual(out.profile.keep.floatPages);
        }
        // Never past a heading: a float stays in its section.
        expect(out.blocks.slice(Math.min(ref, at) + 1, Math.max(ref, at)).filter((b) => b.kind === "paragraph" && b.style.startsWith("heading")).map(text), f.name).toEqual([]);
        // Moved past text, it opens its page (or follows the float it moved with).
        if (out.blocks.slice(ref + 1, at).some((b) => text(b))) {
          moved.push(f.name);
          const opens = !laid.slice(0, at).some((l) => l.lines.some((x) => x.page === page));
          expect(opens || moved.includes(label(out.blocks[at - 1]!) ?? ""), f.name).toBe(true);
        }
      }
      // The bulletin's floats that go past text, which fills the page they did not fit (遵义市's 图1 floats to page 2
      // too, but the heading after it cannot fill page 1).
      expect(moved).toEqual(region === "520000" ? MOVED : []);
      // 图7 ends 九、 with 7 lines left on page 22 and needs 9: set before the section's last paragraph, which runs
      // on to page 23 (遵义市's 图1 follows 表1 under 一、's only paragraph: nowhere to go up).
      expect(up).toEqual(region === "520000" ? ["图7"] : []);
    }, 60_000);
  }
});

describe("the issuers and the date", () => {
  // The bulletin's last paragraph made longer, line by line, until the signature no longer fits under it.
  const signature = bulletin.blocks.findIndex((b) => b.kind === "paragraph" && b.style === "signature");
  const longer = (lines: number): PresentedDocument => {
    const blocks = [...bulletin.blocks];
    const p = blocks[signature - 1] as PresentedParagraph;
    blocks[signature - 1] = { ...p, runs: [...p.runs, { ...p.runs[p.runs.length - 1]!, text: "测".repeat(lines * 28) }] };
    return { ...bulletin, blocks };
  };
  const pagesOf = async (doc: PresentedDocument) => {
    const fixes: string[] = [];
    const out = await paginate(doc, (d, pages) => measure(d, pages), (f) => fixes.push(f));
    const laid = await measure(out);
    const s = out.blocks.findIndex((b) => b.kind === "paragraph" && b.style === "signature");
    return { out, fixes, s, signed: laid.slice(s).flatMap((l) => l.lines.map((x) => x.page)), textEnds: laid[s - 1]!.lines.at(-1)!.page };
  };

  it("never stand alone on a page: set closer to the text where that makes them fit, else with its last two lines", async () => {
    const seen = new Set<string>();
    for (let n = 2; n <= 16; n++) {
      const { out, s, signed, textEnds, fixes } = await pagesOf(longer(n));
      expect(new Set(signed).size, `${n} lines more`).toBe(1);
      expect(signed[0], `${n} lines more: the text they sign ends on their page`).toBe(textEnds);
      const sig = out.blocks[s] as PresentedParagraph;
      if (sig.spaceBefore === 0) seen.add("closer");
      if (out.blocks[s - 1]!.flow?.split === "tail") seen.add("carried");
      if (fixes.some((f) => f.startsWith("signature alone"))) seen.add("fixed");
    }
    // Both ways are needed somewhere in the range (the signature's line of space above it, then too little room).
    expect([...seen].sort()).toEqual(["carried", "closer", "fixed"]);
  }, 120_000);
});
