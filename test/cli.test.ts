/**
 * The build as users meet it: region selection, located errors with exit code 2, and a failed build that
 * leaves earlier outputs whole and writes nothing half-done.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { resolveRegions, planJobs, outputName } from "../src/plan/jobs.js";
import { loadDataset } from "../src/data/load.js";
import { compileTemplates } from "../src/template/compile.js";
import { UserError } from "../src/errors.js";
import { threadCount } from "../src/pool/render-pool.js";
import { availableParallelism } from "node:os";
import { ROOT, edit, copySubject } from "./support/dataset.js";

const quiet = { start() {}, done() {} };
const dataset = loadDataset(join(ROOT, "data"), 2020, ROOT);
const templates = compileTemplates(join(ROOT, "templates"), (f) => f);

/** A project folder with its own copy of data/ and templates/ (fonts copied, node_modules linked). */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), "bulletin-project-"));
  copySubject(root, ["data", "templates"]);
  cpSync(join(ROOT, "fonts"), join(root, "fonts"), { recursive: true }); // a linked fonts/ would be outside the project
  return root;
}

describe("selecting reports", () => {
  it("accepts a code, a full name, a short name and all", () => {
    expect(resolveRegions("520300", dataset.regions).map((r) => r.code)).toEqual(["520300"]);
    expect(resolveRegions("遵义市", dataset.regions).map((r) => r.code)).toEqual(["520300"]);
    expect(resolveRegions("遵义", dataset.regions).map((r) => r.code)).toEqual(["520300"]);
    expect(resolveRegions("黔东南州", dataset.regions).map((r) => r.code)).toEqual(["522600"]);
    expect(resolveRegions("all", dataset.regions)).toHaveLength(10);
  });

  it("an unknown region is an error listing the valid ones", () => {
    expect(() => resolveRegions("黔东", dataset.regions)).toThrow(UserError);
    expect(() => resolveRegions("黔东", dataset.regions)).toThrow(/520300 遵义市 \(遵义\)/);
  });

  it("plans the province's bulletin and nine prefecture reports, and shards them deterministically", () => {
    const all = planJobs(templates, dataset.regions, dataset.regions);
    expect(all.map((j) => `${j.region.code}-${j.report}`)).toEqual([
      "520000-bulletin", "520100-prefecture", "520200-prefecture", "520300-prefecture", "520400-prefecture",
      "520500-prefecture", "520600-prefecture", "522300-prefecture", "522600-prefecture", "522700-prefecture",
    ]);
    const shards = [1, 2, 3].map((index) => planJobs(templates, dataset.regions, dataset.regions, { index, count: 3 }));
    expect(shards.flat().map((j) => j.region.code).sort()).toEqual(all.map((j) => j.region.code).sort());
    expect(shards.map((s) => s.length)).toEqual([4, 3, 3]);
  });

  it("names files by region code and report only: nothing from a name reaches a path", () => {
    expect(outputName({ report: "prefecture", region: dataset.regions[3]! }, "pdf")).toBe("520300-prefecture.pdf");
    expect(() => outputName({ report: "prefecture", region: { ...dataset.regions[3]!, code: "../../etc" } }, "pdf")).toThrow();
  });

  it("parses flags and rejects unknown ones", () => {
    expect(parseArgs(["--region", "遵义", "--format", "pdf", "--shard", "2/3"])).toMatchObject({ region: "遵义", formats: ["pdf"], shard: { index: 2, count: 3 }, year: 2020, out: "out" });
    expect(() => parseArgs(["--colour", "red"])).toThrow(/unknown option --colour/);
    expect(() => parseArgs(["--shard", "4/3"])).toThrow(/not i\/n/);
    expect(parseArgs(["--force"])).toMatchObject({ force: true });
    expect(parseArgs([])).toMatchObject({ force: false });
  });

  it("caps --jobs at the number of cores", () => {
    expect(threadCount(1000)).toBe(availableParallelism());
    expect(threadCount(0)).toBe(availableParallelism());
    expect(threadCount(1)).toBe(1);
  });
});

describe("--check", () => {
  it("composes and checks every report, and writes nothing", async () => {
    const root = project();
    const options = parseArgs(["--check", "--fonts", "default"]) as BuildOptions;
    expect(options.check).toBe(true);
    const result = await build(root, options, quiet);
    expect(result.jobs).toHaveLength(10);
    expect(result.entries).toEqual([]);
    expect(existsSync(join(root, "out"))).toBe(false);
  }, 60_000);

  it("finds a template problem without rendering", async () => {
    const root = project();
    writeFileSync(join(root, "templates/prefecture/2020/99-end.md.hbs"), "资料来源：{{fig \"no.such\"}}。\n");
    await expect(build(root, parseArgs(["--check", "--fonts", "default"]) as BuildOptions, quiet)).rejects.toThrow(/99-end\.md\.hbs: line 1: unknown indicator "no.such"/);
  }, 60_000);
});

describe("a failed build", () => {
  it("exits 2 with the located message and leaves earlier outputs untouched", () => {
    const root = project();
    symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
    mkdirSync(join(root, "out/2020"), { recursive: true });
    writeFileSync(join(root, "out/2020/520000-bulletin.pdf"), "earlier output");
    writeFileSync(join(root, "out/manifest.json"), '{"outputs":[]}\n');
    edit(join(root, "data/2020/indicators/01-employment.csv"), "employment.urban_new_jobs,520000,61.64,", "employment.urban_new_jobs,520000,61.6.4,");
    let status = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), "--progress", "quiet"], { cwd: root, stdio: "pipe", env: { ...process.env, CI: "true" } });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = String((e as { stderr: Buffer }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toContain('data/2020/indicators/01-employment.csv: line 2: employment.urban_new_jobs.value: "61.6.4" is not a number as published');
    expect(readFileSync(join(root, "out/2020/520000-bulletin.pdf"), "utf8")).toBe("earlier output");
    expect(readFileSync(join(root, "out/manifest.json"), "utf8")).toBe('{"outputs":[]}\n');
  }, 60_000);

  it("fails on a template problem in a later report before writing any file", async () => {
    const root = project();
    // The prefecture reports break; the bulletin (first job) renders fine but must not be written alone.
    writeFileSync(join(root, "templates/prefecture/2020/99-end.md.hbs"), "资料来源：{{doc.nosuch}}。\n");
    const options = parseArgs(["--region", "all", "--shard", "1/5", "--format", "pdf"]) as BuildOptions;
    await expect(build(root, options, quiet)).rejects.toThrow(/templates\/prefecture\/99-end\.md\.hbs: line 1: "doc.nosuch" is not defined|99-end\.md\.hbs: line 1/);
    expect(existsSync(join(root, "out")) ? readdirSync(join(root, "out"), { recursive: true }) : []).toEqual([]);
  }, 60_000);
});
