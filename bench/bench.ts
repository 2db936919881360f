/**
 * `npm run bench`: cold and warm build times and peak memory, for the province alone and for all ten
 * reports (PDF + DOCX). Cold = a fresh Node process, imports and font loading included (median of 3);
 * warm = the second build in one process. Outputs go to a temporary folder, never out/.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Once {
  times: number[];
  uptimeMs: number;
  maxRssMiB: number;
}

function once(args: string[], runs: number): Once {
  const out = mkdtempSync(join(tmpdir(), "bulletin-bench-"));
  try {
    const stdout = execFileSync(process.execPath, ["--import", "tsx", "bench/once.ts", ...args, "--out", out], {
      env: { ...process.env, BENCH_RUNS: String(runs), SOURCE_DATE_EPOCH: "1623196800" },
      encoding: "utf8",
    });
    return JSON.parse(stdout.trim().split("\n").pop()!) as Once;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const cases = [
  { name: "province alone (PDF + DOCX)", args: ["--region", "520000"], target: 1500 },
  { name: "all ten reports (PDF + DOCX)", args: ["--region", "all"], target: 5000 },
];

console.log("case | cold (process start → done, median of 3) | warm (2nd build) | peak RSS | target (cold)");
for (const c of cases) {
  const colds = [0, 1, 2].map(() => once(c.args, 1));
  const warm = once(c.args, 2);
  const cold = median(colds.map((r) => r.uptimeMs));
  console.log(`${c.name} | ${s(cold)} | ${s(warm.times[1]!)} | ${Math.round(Math.max(...colds.map((r) => r.maxRssMiB), warm.maxRssMiB))} MiB | ${s(c.target)} ${cold <= c.target ? "met" : "MISSED"}`);
}
