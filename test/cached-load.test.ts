/**
 * scripts/cached-load.cjs: the bundle runs through V8's code cache — written when missing, used when V8
 * accepts it, rewritten when V8 rejects it (another Node, or a corrupt file), and never a reason to fail.
 */
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const { runCached } = createRequire(import.meta.url)("../scripts/cached-load.cjs") as {
  runCached: (file: string, role?: string) => () => void;
};

function bundle(): { file: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), "bulletin-cached-load-"));
  const file = join(dir, "bundle.cjs");
  // A module that reports through its exports and through a global, like the CLI bundle does by running.
  writeFileSync(file, `"use strict";\nfunction twice(x) { return 2 * x; }\nmodule.exports = { twice };\nglobalThis.__cachedLoadRuns = (globalThis.__cachedLoadRuns ?? 0) + 1;\n`);
  return { file, cache: `${file}.test.${process.version}.v8cache` };
}

const runs = (): number => (globalThis as { __cachedLoadRuns?: number }).__cachedLoadRuns ?? 0;
const exists = (f: string): boolean => statSync(f, { throwIfNoEntry: false }) !== undefined;

describe("running a bundle through the code cache", () => {
  it("runs the file and writes its cache once, when it has none", () => {
    const { file, cache } = bundle();
    const before = runs();
    const save = runCached(file, "test");
    expect(runs()).toBe(before + 1);
    expect(exists(cache)).toBe(false);
    save();
    expect(readFileSync(cache).length).toBeGreaterThan(0);
    const old = new Date("2000-01-01T00:00:00Z");
    utimesSync(cache, old, old);
    // The next run takes the cache; V8 accepts it, so there is nothing to write.
    runCached(file, "test")();
    expect(runs()).toBe(before + 2);
    expect(statSync(cache).mtime).toEqual(old);
  });

  it("rewrites a cache V8 rejects (corrupt, or from another Node) and still runs the file", () => {
    const { file, cache } = bundle();
    writeFileSync(cache, "not a code cache");
    const before = runs();
    const save = runCached(file, "test");
    expect(runs()).toBe(before + 1);
    save();
    expect(readFileSync(cache, "utf8")).not.toBe("not a code cache");
  });

  it("keeps one cache per role: the PDF and the DOCX worker run different parts of one file", () => {
    const { file } = bundle();
    runCached(file, "pdf")();
    runCached(file, "docx")();
    expect(exists(`${file}.pdf.${process.version}.v8cache`)).toBe(true);
    expect(exists(`${file}.docx.${process.version}.v8cache`)).toBe(true);
  });
});
