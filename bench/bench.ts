/**
 * `npm run bench`: build times and peak memory for the province alone and for all ten reports (PDF, DOCX and HTML: the default formats),
 * and the preview's edit-to-page times.
 *
 * - cold, no cache: what `npm run build` costs from nothing — a fresh `node scripts/build.mjs` process (with
 *   scripts/node-flags.mjs's flags, as `npm run build` gives them),
 *   start-up, imports and font loading included, with the artefact cache off (BULLETIN_CACHE=off; the bundle
 *   and its V8 code caches already made, as after any first build);
 * - cold, warm cache: a fresh process again, with the artefact cache filled by an earlier build of the same
 *   inputs (src/cache/) — what a rebuild after no change, or in CI with the cache restored, costs;
 *   the two are run interleaved (A, B, A, B, …), since this machine is shared and its speed drifts;
 * - warm: the second build in one process that keeps its render workers (bench/once.ts), cache off;
 * - CPU: the process's CPU time, all threads (median): on a shared machine it varies less than the wall clock;
 * - peak memory: max RSS of the whole process (main thread and workers together), the median of the cold runs — one
 *   build each; the warm process's (two builds) beside its time;
 * - preview: `npm run preview`'s server for the province (bench/preview.ts): a template edited, then the
 *   time until the page is told that the new HTML is there (and has loaded it), then the PDF and DOCX.
 * - pages: the page flow's cost for the bulletin and sixteen times its text (bench/pages.ts, also `npm run bench:pages`).
 * Medians of COLD_RUNS, with the fastest and slowest. Outputs and caches go to temporary folders.
 * `BENCH_ONLY=build` runs the builds alone, `BENCH_ONLY=preview` the preview alone, `BENCH_ONLY=pages` the page flow.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NODE_FLAGS } from "../scripts/node-flags.mjs";

const env = { ...process.env, SOURCE_DATE_EPOCH: "1623196800" };

function inTemp<T>(run: (out: string) => T): T {
  const out = mkdtempSync(join(tmpdir(), "bulletin-bench-"));
  try {
    return run(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** A fresh CLI process; wall time in ms and its max RSS (reported by the CLI under BULLETIN_STATS). */
function cold(args: string[], cache: string): { ms: number; rss: number; cpu: number } {
  return inTemp((out) => {
    const t = performance.now();
    const run = spawnSync(process.execPath, [...NODE_FLAGS, "scripts/build.mjs", ...args, "--out", out, "--progress", "quiet"], { env: { ...env, BULLETIN_STATS: "1", BULLETIN_CACHE: cache }, encoding: "utf8" });
    const ms = performance.now() - t;
    if (run.status !== 0) throw new Error(`build failed: ${run.stderr}`);
    return { ms, rss: 0, cpu: 0, ...parseStats(run.stderr) };
  });
}

function parseStats(text: string): { rss?: number; cpu?: number } {
  const line = text.split("\n").find((l) => l.startsWith("stats "));
  if (!line) return {};
  const stats = JSON.parse(line.slice(6)) as { maxRssMiB: number; cpuMs: number };
  return { rss: stats.maxRssMiB, cpu: stats.cpuMs };
}

function warm(args: string[]): { ms: number; rss: number } {
  return inTemp((out) => {
    const stdout = execFileSync(process.execPath, ["--import", "tsx", "bench/once.ts", ...args, "--out", out], { env: { ...env, BENCH_RUNS: "2", BULLETIN_CACHE: "off" }, encoding: "utf8" });
    const r = JSON.parse(stdout.trim().split("\n").pop()!) as { times: number[]; maxRssMiB: number };
    return { ms: r.times[1]!, rss: r.maxRssMiB };
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Cold runs per case: this machine is shared, single runs vary by ±0.2 s. */
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const spread = (xs: number[]): string => `${s(Math.min(...xs))}–${s(Math.max(...xs))}`;

const cases = [
  // Issue 22: the province with an empty artefact cache ≤ 0.8 s, peak RSS ≤ 250 MiB.
  { name: "province alone (PDF, DOCX, HTML)", args: ["--region", "520000"], target: 800, cachedTarget: 700, rssTarget: 250 },
  { name: "all ten reports (PDF, DOCX, HTML)", args: ["--region", "all"], target: 5000, cachedTarget: 2500, rssTarget: 300 },
];

const only = process.env.BENCH_ONLY;
if (only !== undefined && only !== "build" && only !== "preview" && only !== "pages") throw new Error(`BENCH_ONLY=${only}: build, preview or pages`);

function builds(): void {
  const cacheDir = mkdtempSync(join(tmpdir(), "bulletin-bench-cache-"));
  try {
    // Makes the bundle and its code caches (main, PDF and DOCX workers) current, and fills the artefact cache; not counted.
    for (const c of cases) {
      cold(c.args, "off");
      cold(c.args, cacheDir);
      cold(c.args, cacheDir); // the second run records that every document is cached (src/cache/build-record.ts)
    }
    console.log(`| case | cold, no cache (median of ${COLD_RUNS}) | fastest–slowest | CPU | peak RSS | cold, warm cache (median of ${COLD_RUNS}) | fastest–slowest | CPU | peak RSS | warm (2nd build in one process), its peak RSS | targets |`);
    console.log("|---|---|---|---|---|---|---|---|---|---|---|");
    for (const c of cases) {
      const none: { ms: number; rss: number; cpu: number }[] = [];
      const cached: { ms: number; rss: number; cpu: number }[] = [];
      for (let i = 0; i < COLD_RUNS; i++) {
        none.push(cold(c.args, "off"));
        cached.push(cold(c.args, cacheDir));
      }
      const w = warm(c.args);
      const n = median(none.map((r) => r.ms));
      const k = median(cached.map((r) => r.ms));
      const rssNone = median(none.map((r) => r.rss));
      const rssCached = median(cached.map((r) => r.rss));
      const met = (ok: boolean): string => (ok ? "met" : "missed");
      console.log(
        `| ${c.name} | ${s(n)} | ${spread(none.map((r) => r.ms))} | ${s(median(none.map((r) => r.cpu)))} | ${Math.round(rssNone)} MiB | ${s(k)} | ${spread(cached.map((r) => r.ms))} | ${s(median(cached.map((r) => r.cpu)))} | ${Math.round(rssCached)} MiB | ${s(w.ms)}, ${Math.round(w.rss)} MiB | ` +
          `no cache ≤ ${s(c.target)} ${met(n <= c.target)}, ≤ ${c.rssTarget} MiB ${met(rssNone <= c.rssTarget)}; warm cache ≤ ${s(c.cachedTarget)} ${met(k <= c.cachedTarget)} |`,
      );
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

function preview(): void {
  // The preview in a process of its own (it runs under tsx, as `npm run preview` does).
  const run = spawnSync(process.execPath, ["--import", "tsx", "bench/preview.ts"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (run.status !== 0) throw new Error("bench/preview.ts failed");
  process.stdout.write(run.stdout);
}

function pages(): void {
  // The page flow against the document's length (bench/pages.ts): ×1 and ×16 the bulletin.
  const run = spawnSync(process.execPath, ["--import", "tsx", "bench/pages.ts"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (run.status !== 0) throw new Error("bench/pages.ts failed");
  process.stdout.write(`\n${run.stdout}`);
}

if (only === undefined || only === "build") builds();
if (only === undefined || only === "preview") preview();
if (only === undefined || only === "pages") pages();
