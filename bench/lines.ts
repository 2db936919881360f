/**
 * `npm run bench:lines`: the line layout (src/present/lines/) of the ten reports of a year — per report its
 * lines, the lines with 1 em or more of space added (and the most any line got), the breaks a rule forbids and
 * the punctuation compression applied, as test/support/line-report.ts measures them (test/line-rules.test.ts
 * asserts them). The models are composed into a temporary folder (HTML and --emit model).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "../src/build/pipeline.js";
import { loadFontProfile } from "../src/fonts/profile.js";
import type { DocModel } from "../src/model/types.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { presentDocument } from "../src/present/present.js";
import { ROOT } from "../test/support/dataset.js";
import { lineReport } from "../test/support/line-report.js";

const out = mkdtempSync(join(tmpdir(), "bulletin-lines-"));
try {
  process.env.SOURCE_DATE_EPOCH ??= "1623196800";
  await build(ROOT, parseArgs(["--format", "html", "--emit", "model", "--out", out, "--fonts", "default", ...process.argv.slice(2)]) as BuildOptions, { start() {}, done() {} });
  const fonts = loadFontProfile("default", join(ROOT, "fonts"));
  const dir = readdirSync(out).filter((d) => /^\d{4}$/.test(d)).map((d) => join(out, d))[0]!;
  console.log("report                     lines  ≥1em  worst em  forbidden  compressed em");
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".model.json")).sort()) {
    const r = lineReport(presentDocument(JSON.parse(readFileSync(join(dir, name), "utf8")) as DocModel, fonts), fonts);
    console.log(`${name.replace(".model.json", "").padEnd(26)} ${String(r.lines).padStart(5)} ${String(r.loose.length).padStart(5)} ${r.worstEm.toFixed(2).padStart(9)} ${String(r.forbidden.length).padStart(10)} ${r.compressedEm.toFixed(1).padStart(14)}`);
    for (const l of r.loose) console.log(`    loose ${l.em.toFixed(2)} em: ${l.text}`);
    for (const f of r.forbidden) console.log(`    forbidden ${f}`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
