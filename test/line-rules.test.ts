/**
 * The line layout over the ten 2020 reports (the bulletin and the nine prefecture reports): no break any rule
 * forbids (避头尾, inside a number or a range, a number parted from its unit or classifier, a place name or a
 * document number split), and loose lines only where no other break exists — at most a few, none of 1.5 em.
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
import { presentDocument } from "../src/present/present.js";
import { ROOT } from "./support/dataset.js";
import { lineReport, type LineReport } from "./support/line-report.js";

const fonts = loadFontProfile("default", join(ROOT, "fonts"));
const reports = new Map<string, LineReport>();
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "bulletin-lines-"));
  process.env.SOURCE_DATE_EPOCH = "1623196800";
  await build(ROOT, parseArgs(["--format", "html", "--emit", "model", "--out", out, "--fonts", "default"]) as BuildOptions, { start() {}, done() {} });
  const dir = join(out, "2020");
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".model.json"))) {
    const model = JSON.parse(readFileSync(join(dir, name), "utf8")) as DocModel;
    reports.set(name, lineReport(presentDocument(model, fonts), fonts));
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
});
