/**
 * `npm run bench:pages`: the page flow's cost against the document's length — the bulletin as built, and its
 * blocks sixteen times over (×16, ~400 pages): pagination's layouts (each a run of the page flow, src/present/pages/
 * flow.ts, over the pages a fix may change), the pages they laid out, and the time of pagination and of the final
 * layout (wall and CPU time), medians of RUNS pairs run interleaved in one process (after one pair not counted: code compiled).
 * Issue 22's target: ×16 in at most 5× the time of ×1 — linear would be 16×: the comparison is of the cost per page.
 * The ×16 document repeats the bulletin's paragraphs, and a paragraph's lines are set once per content (as Typst
 * memoises its layout): what ×16 adds is the page flow's own work, the pages laid out.
 */
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadFontProfile, type FontProfile } from "../src/fonts/profile.js";
import type { DocModel } from "../src/model/types.js";
import { paginate, type Measure } from "../src/present/paginate.js";
import { layOutPages, type FlowMemo } from "../src/present/pages/flow.js";
import { presentDocument } from "../src/present/present.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const out = mkdtempSync(join(tmpdir(), "bulletin-bench-pages-"));
let model: DocModel;
try {
  execFileSync(process.execPath, ["scripts/build.mjs", "--region", "520000", "--format", "html", "--emit", "model", "--out", out, "--progress", "quiet"], { env: { ...process.env, SOURCE_DATE_EPOCH: "1623196800" } });
  model = JSON.parse(readFileSync(join(out, "2020", "520000-bulletin.model.json"), "utf8")) as DocModel;
} finally {
  rmSync(out, { recursive: true, force: true });
}
const loaded = loadFontProfile("default", "fonts");
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Result {
  readonly layouts: number;
  readonly pages: number;
  readonly laidPages: number;
  /** Wall time of pagination and of the final layout, and the process's CPU time of both, ms. */
  readonly paginate: number;
  readonly layout: number;
  readonly cpu: number;
}

async function once(times: number): Promise<Result> {
  const blocks = Array.from({ length: times }, () => model.blocks).flat();
  // A fresh model and font profile each run: pagination and the line layout remember their results per object,
  // and lines per content for the profile they were set with (src/present/lines/index.ts) — its faces shared,
  // their glyph advances known (the fonts' cost is not the page flow's).
  const fonts: FontProfile = { ...loaded };
  const doc = presentDocument(structuredClone({ ...model, blocks }), fonts);
  // pagesMeasure's flow, counting the pages each layout lays out itself (the rest it takes from an earlier one).
  const memo: FlowMemo = { flows: [] };
  let layouts = 0;
  let laidPages = 0;
  const counting: Measure = async (d, pages) => {
    layouts++;
    const laid = layOutPages(d, fonts, pages === undefined ? { memo } : { pages, memo });
    laidPages += laid.laidOut;
    return laid.blocks;
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const paginated = await paginate(doc, counting);
  const t1 = performance.now();
  const pages = layOutPages(paginated, fonts).document.pages.length;
  const t2 = performance.now();
  const c = process.cpuUsage(c0);
  return { layouts, pages, laidPages, paginate: t1 - t0, layout: t2 - t1, cpu: (c.user + c.system) / 1000 };
}

// Interleaved (×1, ×16, ×1, …), the first pair not counted (code compiled): this machine's speed drifts.
const results: { one: Result[]; sixteen: Result[] } = { one: [], sixteen: [] };
for (let r = 0; r <= RUNS; r++) {
  const a = await once(1);
  const b = await once(16);
  if (r > 0) results.one.push(a), results.sixteen.push(b);
}
const summary = (xs: Result[]): Result => ({ ...xs[0]!, paginate: median(xs.map((x) => x.paginate)), layout: median(xs.map((x) => x.layout)), cpu: median(xs.map((x) => x.cpu)) });
const one = summary(results.one);
const sixteen = summary(results.sixteen);
console.log("| document | pages | pagination's layouts | pages laid out | pagination | final layout | together | CPU |");
console.log("|---|---|---|---|---|---|---|---|");
for (const [name, r] of [["bulletin ×1", one], ["bulletin ×16", sixteen]] as const) {
  console.log(`| ${name} | ${r.pages} | ${r.layouts} | ${r.laidPages} | ${r.paginate.toFixed(0)} ms | ${r.layout.toFixed(0)} ms | ${(r.paginate + r.layout).toFixed(0)} ms | ${r.cpu.toFixed(0)} ms |`);
}
const ratio = (sixteen.paginate + sixteen.layout) / (one.paginate + one.layout);
const cpuRatio = sixteen.cpu / one.cpu;
console.log(`\n×16 ÷ ×1: ${ratio.toFixed(1)}× the time, ${cpuRatio.toFixed(1)}× the CPU time (target ≤ 5×: ${ratio <= 5 ? "met" : "missed"}), ${(sixteen.laidPages / one.laidPages).toFixed(1)}× the pages laid out`);
