/**
 * One build in this process, `runs` times; prints JSON timings (ms per run) and peak memory (max RSS,
 * which includes worker threads). Used by bench/bench.ts: the first run of a fresh process is "cold".
 */
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/build/options.js";

const runs = Number(process.env.BENCH_RUNS ?? 1);
const options = parseArgs(process.argv.slice(2)) as BuildOptions;
const quiet = { start() {}, done() {} };
const times: number[] = [];
const t0 = performance.now();
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  await build(process.cwd(), { ...options, progress: "quiet" }, quiet);
  times.push(performance.now() - t);
}
console.log(JSON.stringify({ times, sinceStart: performance.now() - t0, uptimeMs: process.uptime() * 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
