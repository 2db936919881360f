/**
 * Same inputs, same bytes: two builds in fresh processes, under different time zones and through the
 * render pool (two reports; `--jobs 2`: a render worker and the main thread), write byte-identical PDF, DOCX and HTML files — and the same
 * bytes as a report rendered alone in this process.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, SUBJECT_ARGS } from "./support/dataset.js";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";

interface Manifest {
  /** sha256 of out/2020/index.html (not in the manifest: it lists the manifest). */
  index: string;
  outputs: { report: string; region: string; year: number; format: string; path: string; bytes: number; sha256: string }[];
}

function buildIn(tz: string, epoch: string | undefined): Manifest {
  const out = mkdtempSync(join(tmpdir(), `bulletin-det-${tz.replace("/", "-")}-`));
  // Without the artefact cache: each build renders every file itself (test/cache.test.ts covers the cache).
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: tz, CI: "true", BULLETIN_CACHE: "off" };
  if (epoch === undefined) delete env.SOURCE_DATE_EPOCH;
  else env.SOURCE_DATE_EPOCH = epoch;
  // What `npm run build` runs (the bundled CLI), with two render threads (a worker and the main thread), for two reports.
  execFileSync(process.execPath, ["scripts/build.mjs", ...SUBJECT_ARGS, "--fonts", "default", "--region", "all", "--shard", "1/5", "--jobs", "2", "--out", out, "--progress", "quiet"], { cwd: ROOT, env, stdio: "pipe" });
  const index = createHash("sha256").update(readFileSync(join(out, "2020", "index.html"))).digest("hex");
  return { ...(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Omit<Manifest, "index">), index };
}

const hashes = (m: Manifest): Record<string, string> => Object.fromEntries(m.outputs.map((o) => [`${o.region}-${o.report}.${o.format}`, o.sha256]));

describe("reproducible builds", () => {
  it("writes byte-identical PDF, DOCX and HTML under TZ=UTC and TZ=Asia/Shanghai with SOURCE_DATE_EPOCH", () => {
    const a = buildIn("UTC", "1623196800");
    const b = buildIn("Asia/Shanghai", "1623196800");
    expect(Object.keys(hashes(a)).sort()).toEqual(["520000-bulletin.docx", "520000-bulletin.html", "520000-bulletin.pdf", "520500-prefecture.docx", "520500-prefecture.html", "520500-prefecture.pdf"]);
    expect(hashes(b)).toEqual(hashes(a));
    expect(b.index).toBe(a.index);
  }, 180_000);

  it("renders the same bytes on workers, in a batch, as alone in one thread", async () => {
    const a = buildIn("UTC", "1623196800");
    const out = mkdtempSync(join(tmpdir(), "bulletin-det-alone-"));
    const previous = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = "1623196800";
    process.env.BULLETIN_CACHE = "off";
    try {
      const options = parseArgs([...SUBJECT_ARGS, "--fonts", "default", "--region", "520500", "--out", out]) as BuildOptions;
      const alone = await build(ROOT, options, { start() {}, done() {} });
      expect(Object.fromEntries(alone.entries.map((e) => [`${e.region}-${e.report}.${e.format}`, e.sha256]))).toEqual({
        "520500-prefecture.docx": hashes(a)["520500-prefecture.docx"],
        "520500-prefecture.html": hashes(a)["520500-prefecture.html"],
        "520500-prefecture.pdf": hashes(a)["520500-prefecture.pdf"],
      });
    } finally {
      process.env.SOURCE_DATE_EPOCH = previous;
      delete process.env.BULLETIN_CACHE;
    }
  }, 180_000);

  it("without SOURCE_DATE_EPOCH uses the documented default (the 成文日期), so builds still match", () => {
    const a = buildIn("UTC", undefined);
    const c = buildIn("UTC", "1623196800");
    // 2021-06-09 00:00 +08:00 is not 2021-06-09 00:00 UTC: the dates differ, so the bytes do
    expect(hashes(a)["520000-bulletin.pdf"]).not.toBe(hashes(c)["520000-bulletin.pdf"]);
    expect(buildIn("Asia/Shanghai", undefined).outputs.map((o) => o.sha256)).toEqual(a.outputs.map((o) => o.sha256));
  }, 180_000);
});
