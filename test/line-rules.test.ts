/**
 * The line layout over the ten 2020 reports (the bulletin and the nine prefecture reports): no break any rule
 * forbids (避头尾, inside a number or a range, a number parted from its unit or classifier, a place name or a
 * document number split), and no loose line — in the paragraphs as presented and in the pages as laid out.
 * The models are composed here (HTML, the quickest format, with --emit model); each paragraph is laid out as
 * presented (test/support/line-report.ts checks the lines' texts, not the layout's own classes).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/pipeline.js";
import { loadFontProfile } from "../src/fonts/profile.js";
import type { DocModel } from "../src/model/types.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { paged } from "../src/present/pages/index.js";
import { presentDocument } from "../src/present/present.js";
import { presented } from "../src/render/index.js";
import { ROOT } from "./support/dataset.js";
import { lineReport, type LineReport } from "./support/line-report.js";

const fonts = loadFontProfile("default", join(ROOT, "fonts"));
const reports = new Map<string, LineReport>();
const models = new Map<string, DocModel>();
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "bulletin-lines-"));
  process.env.SOURCE_DATE_EPOCH = "1623196800";
  await build(ROOT, parseArgs(["--format", "html", "--emit", "model", "--out", out, "--fonts", "default"]) as BuildOptions, { start() {}, done() {} });
  const dir = join(out, "2020");
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".model.json"))) {
    const model = JSON.parse(readFileSync(join(dir, name), "utf8")) as DocModel;
    reports.set(name, lineReport(presentDocument(model, fonts), fonts));
    models.set(name, model);
  }
}, 300_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("line layout of the ten 2020 reports", () => {
  it("lays out all ten, every paragraph", () => {
    expect(reports.size).toBe(10);
    for (const r of reports.values()) expect(r.lines).toBeGreaterThan(r.paragraphs);
  });

  it("breaks no line where a rule forbids it", () => {
    for (const [name, r] of reports) expect(r.forbidden, name).toEqual([]);
  });

  it("compresses punctuation (adjacent marks, line ends) in every report", () => {
    for (const [name, r] of reports) expect(r.compressedEm, name).toBeGreaterThan(5);
  });

  it("leaves no line with 1 em or more of added space (the bulletin had 64, up to 5.7 em)", () => {
    // A loose line is priced above any other breaks within the limits (lines.looseEm); where none avoid it (the
    // next break would part a number from its unit), the paragraph is set up to lines.retrackMax tighter.
    const loose = [...reports].flatMap(([name, r]) => r.loose.map((l) => `${name}: ${l.text} (${l.em.toFixed(2)} em)`));
    expect(loose, loose.join("\n")).toEqual([]);
    for (const r of reports.values()) expect(r.worstEm).toBeLessThan(1);
  });

  it("leaves no line with 1 em or more of added space in the pages as laid out (paragraphs split at a page's foot, 收行 and 放行 included)", async () => {
    const loose: string[] = [];
    for (const [name, model] of models) {
      const { pages } = paged(await presented(model, fonts), fonts);
      for (const page of pages.pages)
        for (const x of page.items) if (x.kind === "line" && x.ends !== "paragraph end" && x.added >= x.size - 1e-6) loose.push(`${name} p${page.number}: ${x.text} (${(x.added / x.size).toFixed(2)} em)`);
    }
    expect(models.size).toBe(10);
    expect(loose).toEqual([]);
  });
});
