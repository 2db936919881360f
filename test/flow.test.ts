/**
 * Page flow, measured from the built PDFs (test/support/flow.ts) for the bulletin and every prefecture report:
 * no page but the last ends more than a line short of the type area unless a keep rule ended it early (then at
 * most two lines, once or twice a document; where a break would leave more, 收行 or 放行 fills it, see below), no
 * orphans or widows, no heading or caption stranded from its text or its table, no line break between a number
 * and its unit.
 *
 * The bulletin and 遵义市 come from the shared build (test/setup/build.ts); the other eight prefecture reports are
 * built here, PDF only.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { ROOT, SUBJECT_ARGS } from "./support/dataset.js";
import { builtFile } from "./support/built.js";
import { readPdf } from "./support/pdf.js";
import { holesOver, measureFlow, type FlowReport } from "./support/flow.js";

const MM = 72 / 25.4;
const LINE_MM = (225 * MM) / 22 / MM;

const reports = new Map<string, FlowReport>();
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "bulletin-flow-"));
  process.env.SOURCE_DATE_EPOCH = "1623196800";
  const others = ["520100", "520200", "520400", "520500", "520600", "522300", "522600", "522700"];
  for (const region of others) {
    const options = parseArgs([...SUBJECT_ARGS, "--region", region, "--format", "pdf", "--out", out, "--fonts", "default"]) as BuildOptions;
    await build(ROOT, options, { start() {}, done() {} });
  }
  const dir = join(out, "2020");
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".pdf"))) {
    const code = name.slice(0, 6);
    if (!others.includes(code)) continue;
    reports.set(name, measureFlow(await readPdf(readFileSync(join(dir, name)))));
  }
  for (const name of ["520000-bulletin.pdf", "520300-prefecture.pdf"]) reports.set(name, measureFlow(await readPdf(builtFile(name))));
}, 600_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("page flow of the bulletin and all prefecture reports", () => {
  it("has all ten reports", () => {
    expect([...reports.keys()].sort()).toHaveLength(10);
  });

  // A page ends short only where a keep rule ends it early (the next page opens with a heading kept with its
  // text, a table kept with its head, lines carried over against a widow, or a paragraph whose first two lines
  // would not fit), and then at most two lines: where a break would leave more, the paragraph before is set
  // tighter (收行) or one on that page looser (放行) — test/paginate.test.ts.
  it("leaves no page but the last more than one line short, except where a keep rule ends it early, and then at most two lines", () => {
    const twoLines: string[] = []; // pages more than one line short
    for (const [name, r] of reports) {
      const short = holesOver(r, 1);
      // The bulletin: two more since a widow under a float is one (pages 16, 17 and, a line on, 23; below).
      expect(short.length, `${name}: ${JSON.stringify(short)}`).toBeLessThanOrEqual(name === "520000-bulletin.pdf" ? 4 : 2);
      for (const h of short) {
        const rule = r.ruledBreaks.find((b) => b.page === h.page)?.rule;
        expect(rule, `${name} page ${h.page} is ${h.mm.toFixed(1)} mm short`).toBeDefined();
        // A paragraph's first two lines would have filled a page two lines short (the float fix splits it).
        if (rule === "orphan") expect(h.mm, `${name} page ${h.page}`).toBeLessThan(2 * LINE_MM);
        expect(h.mm, `${name} page ${h.page}`).toBeLessThanOrEqual(2 * LINE_MM + 1);
        if (h.mm > LINE_MM + 1) twoLines.push(`${name} p${h.page}`);
      }
      // the figures that left 70–100 mm holes before (issue 12) now float: total empty area under a page and a half of lines
      // (the bulletin's 110 mm: 79 before the widow under 图5 was fixed, three lines more on pages 16, 17 and 23, below)
      expect(r.holes.reduce((a, h) => a + h.mm, 0), name).toBeLessThan((name === "520000-bulletin.pdf" ? 11 : 10) * LINE_MM);
    }
    // The bulletin's page 10: 五、收入分配 and its 3-line paragraph do not fit in the 3 lines left; 收行 of the
    // paragraph before would fill it but push 表1 off page 12 with no text of its section to fill that page, so the
    // break is kept and the paragraph set looser (放行): 2 lines short. Page 1 of five prefecture reports: 图1
    // floated to page 2, and the heading after it (二、公报中涉及…) with two lines of its text does not fit in the
    // 1.6 lines left. The bulletin's pages 16, 17 and 23: the last line of （三）, alone under 图5 at page 17's top,
    // is a widow (test/paginate-rules.test.ts): two lines are carried over from page 16 (1.7 lines short); 图6 then
    // no longer fits under them and floats to page 18, and the text after it, up to 八、's heading, cannot fill page
    // 17 (1.2 lines short); a line on, page 23 ends with an orphan carried over (1.4 lines short).
    expect(twoLines.sort()).toEqual(["520000-bulletin.pdf p10", "520000-bulletin.pdf p16", "520000-bulletin.pdf p17", "520000-bulletin.pdf p23", ...["520100", "520300", "520400", "520500", "520600"].map((r) => `${r}-prefecture.pdf p1`)]);
  });

  it("has no orphans, widows, stranded headings or captions, and no number parted from its unit", () => {
    for (const [name, r] of reports) {
      expect(r.orphans, name).toEqual([]);
      expect(r.widows, name).toEqual([]);
      expect(r.strandedHeadings, name).toEqual([]);
      expect(r.strandedCaptions, name).toEqual([]);
      expect(r.numberUnitSplits, name).toEqual([]);
    }
  });
});
