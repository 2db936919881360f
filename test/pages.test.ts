/**
 * Pages decided once (src/present/pages/): the PDF draws what the laid-out document says, and `--emit layout`
 * shows it. Read back from the built PDFs of the bulletin and a prefecture report: per page, the text pdf.js reads is
 * the laid-out lines' text in order, at the laid-out baselines; the laid-out paragraphs hold the presented text,
 * every character once, in order (the outputs keep their words).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFontProfile } from "../src/fonts/profile.js";
import { presentDocument } from "../src/present/present.js";
import { layoutOf, presented } from "../src/render/index.js";
import { paged } from "../src/present/pages/index.js";
import { builtFile, builtModel } from "./support/built.js";
import { ROOT } from "./support/dataset.js";
import { readPdf } from "./support/pdf.js";

const fonts = loadFontProfile("default", join(ROOT, "fonts"));

const squash = (s: string): string => s.replace(/\s/g, "");

describe.each([
  { region: "520000", report: "bulletin" },
  { region: "520300", report: "prefecture" },
])("the pages of $region $report", ({ region, report }) => {
  it("are what the PDF draws: each page's text and baselines are the laid-out lines'", async () => {
    const model = builtModel(region, report);
    const { pages } = paged(await presented(model, fonts), fonts);
    const pdf = await readPdf(builtFile(`${region}-${report}.pdf`));
    expect(pdf.pages.length).toBe(pages.pages.length);
    pages.pages.forEach((page, i) => {
      const lines = page.items.filter((x) => x.kind === "line");
      // Text outside charts: the chart's own labels are drawn by the SVG, not laid out.
      const drawn = pdf.pages[i]!.lines.filter((l) => lines.some((x) => Math.abs(x.baseline - l.y) < 0.6));
      const byBaseline = new Map<number, string>();
      for (const x of lines) byBaseline.set(Math.round(x.baseline * 10), (byBaseline.get(Math.round(x.baseline * 10)) ?? "") + x.text);
      expect(squash(drawn.map((l) => l.text).join("")), `page ${page.number}`).toBe(squash([...byBaseline.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t).join("")));
    });
  });

  it("hold every presented paragraph's text once, in order, and the emitted layout says why each page ends", async () => {
    const model = builtModel(region, report);
    const doc = await presented(model, fonts);
    const { pages } = paged(doc, fonts);
    const byBlock = new Map<number, string>();
    for (const page of pages.pages) for (const x of page.items) if (x.kind === "line" && x.block !== undefined && !x.cell && x.role !== "artifact") byBlock.set(x.block, (byBlock.get(x.block) ?? "") + x.text);
    doc.blocks.forEach((b, i) => {
      if (b.kind === "paragraph") expect(byBlock.get(i), `block ${i}`).toBe(b.runs.map((r) => r.text).join(""));
    });
    // The words are the model's: pagination splits paragraphs, it never changes their text.
    const unpaginated = presentDocument(model, fonts);
    const words = (blocks: typeof doc.blocks) => blocks.flatMap((b) => (b.kind === "paragraph" ? [b.runs.map((r) => r.text).join("")] : [])).join("");
    expect(words(doc.blocks)).toBe(words(unpaginated.blocks));

    const emitted = JSON.parse(await layoutOf(model, fonts)) as { pages: { number: number; end: { kind: string; empty: number }; items: { kind: string; text?: string; perGap?: number; top: number }[] }[]; pagination: string[] };
    expect(emitted.pages.map((p) => p.number)).toEqual(pages.pages.map((p) => p.number));
    expect(emitted.pages.at(-1)!.end.kind).toBe("document end");
    for (const p of emitted.pages.slice(0, -1)) expect(["full", "break", "float"]).toContain(p.end.kind);
    const lines = emitted.pages.flatMap((p) => p.items.filter((x) => x.kind === "line"));
    expect(lines.every((x) => typeof x.text === "string" && typeof x.perGap === "number" && x.top > 0)).toBe(true);
    // A page ended by a rule says which block it moved.
    for (const p of pages.pages.filter((x) => x.end.kind === "break")) expect(p.end.rule).toMatch(/^pagination: /);
  });
});

describe("a layout after a change (the flow memo)", () => {
  it("goes on from an earlier layout where the two meet, with the same result as laid out afresh", async () => {
    const doc = await presented(builtModel("520000", "bulletin"), fonts);
    const { layOutPages } = await import("../src/present/pages/flow.js");
    const memo = { flows: [] };
    layOutPages(doc, fonts, { memo });
    const at = (share: number) => doc.blocks.findIndex((b, i) => i >= doc.blocks.length * share && b.kind === "paragraph" && b.style === "body");
    const edits = [
      // A paragraph starts a page (as a keep rule would make it), then one is removed, then one lengthened.
      doc.blocks.map((b, i) => (i === at(0.3) ? { ...b, flow: { ...b.flow, breakBefore: true as const } } : b)),
      doc.blocks.filter((_, i) => i !== at(0.5)),
      doc.blocks.map((b, i) => (i === at(0.7) && b.kind === "paragraph" ? { ...b, runs: [...b.runs, { ...b.runs[0]!, text: "延长的文字".repeat(8) }] } : b)),
    ];
    let reused = 0;
    for (const blocks of edits) {
      // Limited and whole, in turns: a layout may go on from one that stopped (as pagination's windows do).
      for (const pages of [undefined, 12, 5, 20, undefined]) {
        const edited = { ...doc, blocks };
        const options = pages === undefined ? {} : { pages };
        const fresh = layOutPages(edited, fonts, options);
        const resumed = layOutPages(edited, fonts, { ...options, memo });
        expect(JSON.stringify(resumed.document)).toBe(JSON.stringify(fresh.document));
        expect(JSON.stringify(resumed.blocks)).toBe(JSON.stringify(fresh.blocks));
        reused += resumed.document.pages.length - resumed.laidOut;
      }
    }
    // It did meet: most pages after each change were taken from an earlier layout.
    expect(reused).toBeGreaterThan(40);
  });
});

describe("--emit layout", () => {
  it("writes each report's pages beside its documents, as many as its PDF has", async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { build } = await import("../src/build/pipeline.js");
    const { parseArgs } = await import("../src/options/flags.js");
    const out = mkdtempSync(join(tmpdir(), "bulletin-emit-layout-"));
    try {
      const options = parseArgs(["--region", "520300", "--report", "prefecture", "--format", "pdf", "--emit", "layout", "--out", out, "--fonts", "default", "--jobs", "1", "--progress", "quiet"], ROOT);
      await build(ROOT, options as Parameters<typeof build>[1], { start() {}, done() {} });
      const layout = JSON.parse(readFileSync(join(out, "2020", "520300-prefecture.layout.json"), "utf8")) as { title: string; pages: { items: { kind: string; text?: string }[] }[]; pagination: string[] };
      const pdf = await readPdf(readFileSync(join(out, "2020", "520300-prefecture.pdf")));
      expect(layout.pages).toHaveLength(pdf.pages.length);
      expect(layout.title).toBe(builtModel("520300", "prefecture").meta.title);
      // The page numbers are lines of the layout too, each page's last.
      layout.pages.forEach((p, i) => expect(p.items.at(-1)!.text).toBe(`— ${i + 1} —`));
      expect(Array.isArray(layout.pagination)).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
