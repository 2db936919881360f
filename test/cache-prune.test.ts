/**
 * Pruning the artefact cache (src/cache/prune.ts): over a temporary cache folder with entries made to look
 * old (their modification times set back), what is not used for the maximum age goes, then the oldest
 * beyond the size cap; what the build used never goes; the settings from the environment; at most once an
 * hour. And over a copy of the project: a hit touches its entry, so after a real build and a pruning that
 * removes everything older than the build, the next build finds every artefact again.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArtefactCache, ARTEFACT_KINDS, useArtefactCache, type ArtefactKind } from "../src/cache/store.js";
import { cacheLimits, pruneAfterBuild, pruneCache, PRUNE_INTERVAL_MS } from "../src/cache/prune.js";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { ROOT, copySubject } from "./support/dataset.js";

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 1, 12);
const dirs: string[] = [];
const temp = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Sets a file's modification time to `daysAgo` days before NOW. */
const age = (file: string, daysAgo: number): void => {
  const t = (NOW - daysAgo * DAY) / 1000;
  utimesSync(file, t, t);
};
const key = (n: number): string => n.toString(16).padStart(64, "0");

/** A cache folder with an entry of `bytes` bytes per item, each `daysAgo` old; returns the entries' paths. */
function cacheWith(items: { kind: ArtefactKind | "builds"; bytes: number; daysAgo: number }[]): { dir: string; paths: string[] } {
  const dir = temp("bulletin-prune-");
  const paths = items.map((item, i) => {
    const k = key(i + 1);
    const folder = item.kind === "builds" ? join(dir, "builds") : join(dir, item.kind, k.slice(0, 2));
    mkdirSync(folder, { recursive: true });
    const file = join(folder, k);
    writeFileSync(file, Buffer.alloc(item.bytes));
    age(file, item.daysAgo);
    return file;
  });
  return { dir, paths };
}

describe("pruning the artefact cache", () => {
  const started = NOW - 60_000; // the build that prunes started a minute ago

  it("removes the entries not used for the maximum age, of every kind, and keeps the others", () => {
    const { dir, paths } = cacheWith([
      { kind: "chart", bytes: 10, daysAgo: 40 },
      { kind: "png", bytes: 10, daysAgo: 31 },
      { kind: "subset", bytes: 10, daysAgo: 29 },
      { kind: "document", bytes: 10, daysAgo: 45 },
      { kind: "builds", bytes: 10, daysAgo: 60 },
      { kind: "document", bytes: 10, daysAgo: 1 },
    ]);
    const result = pruneCache(dir, { maxAgeMs: 30 * DAY, maxBytes: Infinity }, started, NOW);
    expect(paths.map(existsSync)).toEqual([false, false, true, false, false, true]);
    expect(result).toEqual({ removed: 4, freedBytes: 40, kept: 2, keptBytes: 20 });
  });

  it("removes the oldest first until the cache is under its size, never what the build used", () => {
    const { dir, paths } = cacheWith([
      { kind: "document", bytes: 400, daysAgo: 3 },
      { kind: "document", bytes: 400, daysAgo: 5 },
      { kind: "chart", bytes: 400, daysAgo: 2 },
      { kind: "chart", bytes: 400, daysAgo: 4 },
    ]);
    // Used by the build that prunes: touched after it started.
    const used = paths.map((p) => p.replace(/[0-9a-f]{64}$/, key(99)));
    for (const file of used.slice(0, 1)) {
      writeFileSync(file, Buffer.alloc(900));
      utimesSync(file, NOW / 1000, NOW / 1000);
    }
    pruneCache(dir, { maxAgeMs: Infinity, maxBytes: 1800 }, started, NOW);
    // 2500 bytes: the 5- and 4-day-old entries go (1700 left), the build's own stays.
    expect(paths.map(existsSync)).toEqual([true, false, true, false]);
    expect(existsSync(used[0]!)).toBe(true);
    // A cap below what the build itself used: everything else goes, the build's entry stays.
    const result = pruneCache(dir, { maxAgeMs: Infinity, maxBytes: 100 }, started, NOW);
    expect(paths.map(existsSync)).toEqual([false, false, false, false]);
    expect(existsSync(used[0]!)).toBe(true);
    expect(result.keptBytes).toBe(900);
  });

  it("removes a killed build's temporary files once an hour old, and nothing it does not know", () => {
    const { dir } = cacheWith([{ kind: "chart", bytes: 1, daysAgo: 1 }]);
    const shard = join(dir, "chart", key(1).slice(0, 2));
    const old = join(shard, `${key(1)}.tmp-123-0-4`);
    const fresh = join(shard, `${key(2)}.tmp-124-1-0`);
    const memo = join(dir, "font-digests.json.tmp-125-0");
    const own = [join(dir, "font-digests.json"), join(dir, "notes.txt"), join(shard, "README")];
    for (const f of [old, fresh, memo, ...own]) writeFileSync(f, "x");
    age(old, 1);
    age(memo, 1);
    utimesSync(fresh, (NOW - 10 * 60_000) / 1000, (NOW - 10 * 60_000) / 1000);
    for (const f of own) age(f, 400);
    pruneCache(dir, { maxAgeMs: 30 * DAY, maxBytes: 0 }, started, NOW);
    expect([old, fresh, memo, ...own].map(existsSync)).toEqual([false, true, false, true, true, true]);
  });

  it("reads its limits from BULLETIN_CACHE_MAX_AGE (days) and BULLETIN_CACHE_MAX_SIZE, off for none", () => {
    expect(cacheLimits({}).limits).toEqual({ maxAgeMs: 30 * DAY, maxBytes: 1024 ** 3 });
    expect(cacheLimits({ BULLETIN_CACHE_MAX_AGE: "7", BULLETIN_CACHE_MAX_SIZE: "500M" }).limits).toEqual({ maxAgeMs: 7 * DAY, maxBytes: 500 * 1024 ** 2 });
    expect(cacheLimits({ BULLETIN_CACHE_MAX_AGE: "0.5d", BULLETIN_CACHE_MAX_SIZE: "2GiB" }).limits).toEqual({ maxAgeMs: DAY / 2, maxBytes: 2 * 1024 ** 3 });
    expect(cacheLimits({ BULLETIN_CACHE_MAX_AGE: "off", BULLETIN_CACHE_MAX_SIZE: "OFF" }).limits).toEqual({ maxAgeMs: Infinity, maxBytes: Infinity });
    expect(cacheLimits({ BULLETIN_CACHE_MAX_SIZE: "123456" }).limits.maxBytes).toBe(123456);
    const bad = cacheLimits({ BULLETIN_CACHE_MAX_AGE: "a month", BULLETIN_CACHE_MAX_SIZE: "big" });
    expect(bad.limits).toEqual({ maxAgeMs: 30 * DAY, maxBytes: 1024 ** 3 });
    expect(bad.warnings).toEqual([
      "BULLETIN_CACHE_MAX_AGE=a month is not a number of days (e.g. 30, or off); the default, 30, is used",
      "BULLETIN_CACHE_MAX_SIZE=big is not a size (e.g. 500M, 2G, or off); the default, 1G, is used",
    ]);
  });

  it("prunes after a build at most once an hour", () => {
    const { dir, paths } = cacheWith([
      { kind: "chart", bytes: 1, daysAgo: 40 },
      { kind: "chart", bytes: 1, daysAgo: 41 },
    ]);
    const previous = process.env.BULLETIN_CACHE;
    process.env.BULLETIN_CACHE = dir;
    try {
      useArtefactCache(ROOT);
      expect(pruneAfterBuild(started, {}, NOW).result?.removed).toBe(2);
      expect(statSync(join(dir, "pruned")).mtimeMs).toBe(NOW);
      const later = cacheWith([{ kind: "chart", bytes: 1, daysAgo: 40 }]);
      cpSync(later.paths[0]!, paths[0]!, { preserveTimestamps: true });
      expect(pruneAfterBuild(started, {}, NOW + PRUNE_INTERVAL_MS - 1).result).toBeUndefined();
      expect(existsSync(paths[0]!)).toBe(true);
      expect(pruneAfterBuild(started, {}, NOW + PRUNE_INTERVAL_MS + 1).result?.removed).toBe(1);
    } finally {
      if (previous === undefined) delete process.env.BULLETIN_CACHE;
      else process.env.BULLETIN_CACHE = previous;
      useArtefactCache(ROOT);
    }
  });

  it("touches an entry when it is read", () => {
    const dir = temp("bulletin-prune-touch-");
    const cache = new ArtefactCache(dir, "test");
    const k = cache.key("chart", ["spec", "rows"]);
    cache.put("chart", k, "<svg/>");
    const file = join(dir, "chart", k.slice(0, 2), k);
    age(file, 100);
    const before = Date.now();
    expect(cache.get("chart", k)?.toString()).toBe("<svg/>");
    expect(statSync(file).mtimeMs).toBeGreaterThanOrEqual(before - 1000);
  });
});

describe("pruning after a real build", () => {
  let root: string;
  beforeAll(() => {
    root = temp("bulletin-prune-project-");
    copySubject(root);
    process.env.SOURCE_DATE_EPOCH = "1623196800";
  });

  const buildOnce = async (): Promise<Record<"hits" | "misses", Record<ArtefactKind, number>>> => {
    const out = temp("bulletin-prune-out-");
    const cache = useArtefactCache(root);
    const before = structuredClone(cache.stats);
    await build(root, parseArgs(["--region", "520300", "--format", "html,docx", "--out", out, "--fonts", "default"], root) as BuildOptions, { start() {}, done() {} });
    const did = { hits: {}, misses: {} } as Record<"hits" | "misses", Record<ArtefactKind, number>>;
    for (const k of ARTEFACT_KINDS) {
      did.hits[k] = cache.stats.hits[k] - before.hits[k];
      did.misses[k] = cache.stats.misses[k] - before.misses[k];
    }
    return did;
  };

  it("keeps every entry the build used, even when all were old before it", async () => {
    const first = await buildOnce();
    expect(first.misses.document).toBe(2);
    const dir = useArtefactCache(root).dir!;
    const entries = (d: string): string[] => readdirSync(d, { recursive: true, encoding: "utf8" }).filter((n) => /[0-9a-f]{64}$/.test(n));
    // Every entry made long ago; one more that no build uses.
    for (const n of entries(dir)) age(join(dir, n), 90);
    const unused = join(dir, "chart", "ff", key(0xff));
    mkdirSync(join(unused, ".."), { recursive: true });
    writeFileSync(unused, "<svg/>");
    age(unused, 90);
    const startedAt = Date.now();
    const second = await buildOnce();
    expect(second.misses).toEqual({ chart: 0, png: 0, subset: 0, document: 0 });
    const result = pruneCache(dir, { maxAgeMs: 30 * DAY, maxBytes: 0 }, startedAt);
    expect(existsSync(unused)).toBe(false);
    expect(result.kept).toBeGreaterThan(5); // the documents, charts, PNGs and subsets the build read
    const third = await buildOnce();
    expect(third.misses).toEqual({ chart: 0, png: 0, subset: 0, document: 0 });
  });
});
