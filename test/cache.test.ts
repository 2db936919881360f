/**
 * The artefact cache (src/cache/): a build gives the same bytes with the cache cold, warm and off; a warm
 * build makes nothing again; and a change to a chart spec, a figure or a font redoes what it touches — the
 * chart, its PNG fallback, the documents — and again gives the bytes of a build without the cache.
 * Over a copy of the project, one prefecture report (遵义市: charts of its own and of the province).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { ARTEFACT_KINDS, useArtefactCache, type ArtefactKind } from "../src/cache/store.js";
import { ROOT, edit, copySubject, SUBJECT_ARGS } from "./support/dataset.js";

let root: string;
const quiet = { start() {}, done() {} };
type Counts = Record<"hits" | "misses", Record<ArtefactKind, number>>;

/** Builds 520300 into a fresh folder; returns each file's bytes and what the cache did. */
async function buildOnce(cache: "on" | "off", fonts = "default"): Promise<{ files: Record<string, Buffer>; did: Counts }> {
  const out = mkdtempSync(join(tmpdir(), "bulletin-cache-out-"));
  const previous = process.env.BULLETIN_CACHE;
  if (cache === "off") process.env.BULLETIN_CACHE = "off";
  else delete process.env.BULLETIN_CACHE;
  try {
    const options = parseArgs(["--region", "520300", "--format", "pdf,docx", "--out", out, "--fonts", fonts]) as BuildOptions;
    const before = structuredClone(useArtefactCache(root).stats) as Counts;
    const result = await build(root, options, quiet);
    const after = useArtefactCache(root).stats as Counts;
    const did = { hits: {}, misses: {} } as Counts;
    for (const k of ARTEFACT_KINDS) {
      did.hits[k] = after.hits[k] - before.hits[k];
      did.misses[k] = after.misses[k] - before.misses[k];
    }
    const files = Object.fromEntries(result.entries.map((e) => [`${e.region}.${e.format}`, readFileSync(join(out, e.path))]));
    return { files, did };
  } finally {
    if (previous === undefined) delete process.env.BULLETIN_CACHE;
    else process.env.BULLETIN_CACHE = previous;
    rmSync(out, { recursive: true, force: true });
  }
}

/** The build through the cache gives the same bytes as one without it; returns what the cache did. */
async function sameAsUncached(): Promise<{ files: Record<string, Buffer>; did: Counts }> {
  const cached = await buildOnce("on");
  const uncached = await buildOnce("off");
  expect(Object.keys(cached.files).sort()).toEqual(["520300.docx", "520300.pdf"]);
  for (const name of Object.keys(uncached.files)) expect(cached.files[name]!.equals(uncached.files[name]!), name).toBe(true);
  return cached;
}

const differs = (a: Record<string, Buffer>, b: Record<string, Buffer>): boolean[] => Object.keys(a).sort().map((k) => !a[k]!.equals(b[k]!));

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "bulletin-cache-"));
  copySubject(root);
  process.env.SOURCE_DATE_EPOCH = "1623196800";
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("artefact cache", () => {
  let first: Record<string, Buffer>;

  it("gives the same bytes cold, warm and off, and a warm build makes nothing again", async () => {
    const cold = await sameAsUncached();
    expect(cold.did.misses.document).toBe(2);
    expect(cold.did.misses.chart).toBeGreaterThan(0);
    expect(cold.did.misses.png).toBeGreaterThan(0);
    expect(cold.did.misses.subset).toBe(0); // the DOCX embeds no font subsets any more (src/render/docx/fonts.ts)
    const warm = await buildOnce("on");
    expect(warm.did.misses).toEqual({ chart: 0, png: 0, subset: 0, document: 0 });
    expect(warm.did.hits.document).toBe(2);
    expect(warm.did.hits.chart).toBe(cold.did.misses.chart);
    for (const name of Object.keys(cold.files)) expect(warm.files[name]!.equals(cold.files[name]!)).toBe(true);
    first = warm.files;
  }, 180_000);

  it("redoes one chart, its PNG and the documents when a chart spec changes", async () => {
    // The chart 遵义's brief shows (templates/prefecture/2020/01-figures.md.hbs).
    edit(join(root, "templates/charts/prefecture-indicator.vl.json"), '"height": 230', '"height": 240');
    const after = await sameAsUncached();
    expect(after.did.misses.chart).toBe(1);
    expect(after.did.misses.png).toBe(1);
    expect(after.did.misses.document).toBe(2);
    expect(after.did.hits.chart).toBeGreaterThan(0); // the other charts came from the cache
    expect(differs(after.files, first)).toEqual([true, true]);
  }, 180_000);

  it("redoes the charts and documents that show a figure when it changes", async () => {
    const before = await buildOnce("on");
    edit(join(root, "data/2020/indicators/07-social-security.csv"), "social.pension_monthly_avg,520300,2316,", "social.pension_monthly_avg,520300,2317,");
    const after = await sameAsUncached();
    // The brief's prefecture-indicator chart, and pension-prefectures of the bulletin it is based on (composed for its passages).
    expect(after.did.misses.chart).toBe(2);
    expect(after.did.misses.document).toBe(2);
    expect(differs(after.files, before.files)).toEqual([true, true]);
  }, 180_000);

  it("redoes everything a font is in when the font file changes", async () => {
    // The official profile, with the free fonts copied into fonts/ under the names it lists.
    const require = createRequire(import.meta.url);
    const npm = (pkg: string, file: string) => join(require.resolve(`${pkg}/package.json`), "..", file);
    const serif = npm("@expo-google-fonts/noto-serif-sc", "400Regular/NotoSerifSC_400Regular.ttf");
    const sans = npm("@expo-google-fonts/noto-sans-sc", "400Regular/NotoSansSC_400Regular.ttf");
    const sansBold = npm("@expo-google-fonts/noto-sans-sc", "700Bold/NotoSansSC_700Bold.ttf");
    copyFileSync(serif, join(root, "fonts/serif.ttf"));
    copyFileSync(sans, join(root, "fonts/sans.ttf"));
    copyFileSync(sans, join(root, "fonts/chart.ttf"));
    writeFileSync(
      join(root, "fonts/official.yaml"),
      ["title: { regular: serif.ttf }", "body: { regular: serif.ttf }", "heading1: { regular: sans.ttf }", "heading2: { regular: serif.ttf }", "chart: { regular: chart.ttf }", ""].join("\n"),
    );
    const before = await buildOnce("on", "official");
    expect(before.did.misses.document).toBe(2);
    // Same path, other bytes: the chart face is now bold.
    copyFileSync(sansBold, join(root, "fonts/chart.ttf"));
    const after = await buildOnce("on", "official");
    const uncached = await buildOnce("off", "official");
    expect(after.did.misses.chart).toBe(after.did.misses.chart + after.did.hits.chart); // every chart drawn again
    expect(after.did.misses.chart).toBeGreaterThan(0);
    expect(after.did.misses.document).toBe(2);
    for (const name of Object.keys(uncached.files)) expect(after.files[name]!.equals(uncached.files[name]!), name).toBe(true);
    expect(differs(after.files, before.files)).toEqual([true, true]);
  }, 240_000);
});

describe("artefact cache in npm run build", () => {
  /** The bundled CLI, as `npm run build` runs it, with render workers (--jobs 3, capped at the core count); the files' SHA-256 by name. */
  function cli(cache: string): { files: Record<string, string>; trace: string } {
    const out = mkdtempSync(join(tmpdir(), "bulletin-cache-cli-"));
    try {
      const run = spawnSync(process.execPath, ["scripts/build.mjs", ...SUBJECT_ARGS, "--fonts", "default", "--format", "pdf,docx", "--region", "all", "--shard", "1/5", "--jobs", "3", "--out", out, "--progress", "quiet"], {
        cwd: ROOT,
        env: { ...process.env, SOURCE_DATE_EPOCH: "1623196800", BULLETIN_CACHE: cache, BULLETIN_TRACE: "1" },
        encoding: "utf8",
      });
      expect(run.status, run.stderr).toBe(0);
      const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { outputs: { region: string; format: string; sha256: string }[] };
      return { files: Object.fromEntries(manifest.outputs.map((o) => [`${o.region}.${o.format}`, o.sha256])), trace: run.stderr };
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }

  it("writes the same bytes with the cache filled by its workers, then read without workers, and off", () => {
    const dir = mkdtempSync(join(tmpdir(), "bulletin-cache-dir-"));
    try {
      const filling = cli(dir); // render workers store the PNGs, the main thread the documents
      const reading = cli(dir); // every document expected from the cache: no worker started
      const off = cli("off");
      expect(Object.keys(off.files).sort()).toEqual(["520000.docx", "520000.pdf", "520500.docx", "520500.pdf"]);
      // --jobs is capped at the core count: on two cores one worker renders the PDFs, the main thread the
      // DOCX files; on more, the DOCX goes to a worker of its own. Either way the cache filled below is read back.
      expect(filling.trace).toMatch(/trace worker\d+ .* task (pdf|docx)/);
      expect(filling.files).toEqual(off.files);
      expect(reading.trace).toContain("documents expected from the cache");
      expect(reading.trace).not.toMatch(/trace worker/);
      expect(reading.files).toEqual(off.files);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
