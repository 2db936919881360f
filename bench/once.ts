/**
 * Warm builds: one process, one render pool, the same build `BENCH_RUNS` times (V8 flags as in `npm run
 * build`); prints the time of each run (ms) and the peak memory (max RSS of the process, worker threads
 * included) as JSON.
 */
import "../scripts/v8-flags.mjs"; // first, as in `npm run build`
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { RenderPool, workerCount } from "../src/pool/render-pool.js";

const runs = Number(process.env.BENCH_RUNS ?? 2);
const options = parseArgs(process.argv.slice(2)) as BuildOptions;
const workers = workerCount(options.jobs);
const pool = workers > 0 ? new RenderPool(new URL("../src/pool/worker-entry.mjs", import.meta.url), process.cwd(), options.fonts, workers, options.formats) : undefined;
const quiet = { start() {}, done() {} };
const times: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await build(process.cwd(), options, quiet, pool);
    times.push(performance.now() - t);
  }
} finally {
  await pool?.close();
}
console.log(JSON.stringify({ times, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
