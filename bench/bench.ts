/**
 * `npm run bench`: build times and peak memory for the province alone and for all ten reports (PDF + DOCX).
 *
 * - cold: what `npm run build` costs — a fresh `node scripts/build.mjs` process, start-up, imports and font
 *   loading included (the bundle and its V8 code caches already made, as after any first build; median of 5,
 *   wall clock);
 * - warm: the second build in one process that keeps its render workers (bench/once.ts);
 * - peak memory: the largest max RSS seen (main thread and workers together).
 * Outputs go to a temporary folder, never out/.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
function cold(args: string[]): { ms: number; rss: number } {
  return inTemp((out) => {
    const t = performance.now();
    const run = spawnSync(process.execPath, ["scripts/build.mjs", ...args, "--out", out, "--progress", "quiet"], { env: { ...env, BULLETIN_STATS: "1" }, encoding: "utf8" });
    const ms = performance.now() - t;
    if (run.status !== 0) throw new Error(`build failed: ${run.stderr}`);
    return { ms, rss: 0, ...parseStats(run.stderr) };
  });
}

function parseStats(text: string): { rss?: number } {
  const line = text.split("\n").find((l) => l.startsWith("stats "));
  return line ? { rss: (JSON.parse(line.slice(6)) as { maxRssMiB: number }).maxRssMiB } : {};
}

function warm(args: string[]): { ms: number; rss: number } {
  return inTemp((out) => {
    const stdout = execFileSync(process.execPath, ["--import", "tsx", "bench/once.ts", ...args, "--out", out], { env: { ...env, BENCH_RUNS: "2" }, encoding: "utf8" });
    const r = JSON.parse(stdout.trim().split("\n").pop()!) as { times: number[]; maxRssMiB: number };
    return { ms: r.times[1]!, rss: r.maxRssMiB };
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Cold runs per case: this machine is shared, single runs vary by ±0.2 s. */
const COLD_RUNS = 5;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const cases = [
  { name: "province alone (PDF + DOCX)", args: ["--region", "520000"], target: 1500 },
  { name: "all ten reports (PDF + DOCX)", args: ["--region", "all"], target: 5000 },
];

cold(["--region", "520000"]); // makes the bundle and its code caches (main, PDF and DOCX workers) current; not counted
console.log(`| case | cold (fresh process, median of ${COLD_RUNS}) | cold, fastest–slowest | warm (2nd build in one process) | peak RSS | target (cold) |`);
console.log("|---|---|---|---|---|---|");
for (const c of cases) {
  const colds = Array.from({ length: COLD_RUNS }, () => cold(c.args));
  const w = warm(c.args);
  const coldMs = median(colds.map((r) => r.ms));
  const rss = Math.max(w.rss, ...colds.map((r) => r.rss));
  const spread = `${s(Math.min(...colds.map((r) => r.ms)))}–${s(Math.max(...colds.map((r) => r.ms)))}`;
  console.log(`| ${c.name} | ${s(coldMs)} | ${spread} | ${s(w.ms)} | ${Math.round(rss)} MiB | ${s(c.target)} ${coldMs <= c.target ? "met" : "missed"} |`);
}
