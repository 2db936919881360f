/**
 * `npm run bench:typst`: our province build against Typst (the peer: `@myriaddreamin/typst-ts-node-compiler`,
 * a dev dependency with its native binary from the registry) on the same text, fonts, page setup and chart SVGs.
 * Run interleaved — ours, Typst, ours, Typst … — since this machine is shared and its speed drifts; each
 * figure a median, and the ratio Typst ÷ ours (> 1: we are faster).
 *
 * - ours cold: a fresh `node scripts/build.mjs --region 520000` process, artefact cache off (BULLETIN_CACHE=off),
 *   PDF alone and PDF+DOCX+HTML (the default formats);
 * - Typst cold: a fresh Node process that loads the compiler, compiles and writes the PDF;
 * - Typst recompile: an edit compiled again in that process (compare the preview's edit → PDF in `npm run bench`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toTypst } from "./to-typst.js";

const root = process.cwd();
const env = { ...process.env, SOURCE_DATE_EPOCH: "1623196800", BULLETIN_CACHE: "off" };
const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function run(command: string, args: string[]): { ms: number; stdout: string; stderr: string } {
  const t = performance.now();
  const r = spawnSync(command, args, { cwd: root, env, encoding: "utf8", maxBuffer: 64 << 20 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${r.stderr}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}

const work = mkdtempSync(join(tmpdir(), "bulletin-typst-"));
try {
  // The text as our build composes it, and the charts it draws.
  run(process.execPath, ["scripts/build.mjs", "--region", "520000", "--format", "html", "--emit", "markdown,charts", "--out", join(work, "emit"), "--progress", "quiet"]);
  const emitted = join(work, "emit", "2020");
  const markdown = readFileSync(join(emitted, "520000-bulletin.md"), "utf8");
  const charts = readdirSync(join(emitted, "charts")).filter((f) => f.startsWith("520000-bulletin-fig")).sort((a, b) => Number(a.match(/fig(\d+)/)![1]) - Number(b.match(/fig(\d+)/)![1]));
  writeFileSync(join(emitted, "main.typ"), toTypst(markdown, charts.map((c) => `charts/${c}`)));
  const fonts = ["noto-serif-sc/400Regular", "noto-serif-sc/700Bold", "noto-sans-sc/400Regular", "noto-sans-sc/700Bold"].map((f) => join(root, "node_modules/@expo-google-fonts", f));
  const typstRun = (recompiles: number) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, ["bench/typst/compile.mjs", emitted, "main.typ", ...fonts], { cwd: root, env: { ...env, RECOMPILES: String(recompiles) }, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`typst failed:\n${r.stderr}`);
    return { wall: performance.now() - t, ...(JSON.parse(r.stdout.trim().split("\n").pop()!) as { ms: number; recompileMs: number[]; pages: number; maxRssMiB: number }) };
  };
  const ours = (formats: string) => {
    const out = join(work, "out");
    const r = run(process.execPath, ["scripts/build.mjs", "--region", "520000", "--format", formats, "--out", out, "--progress", "quiet"]);
    rmSync(out, { recursive: true, force: true });
    return r.ms;
  };
  ours("pdf"); typstRun(0); // warm-up: bundle, code caches, file cache
  const a: number[] = [], b: number[] = [], t: number[] = [], rec: number[] = [];
  let pages = 0, rss = 0;
  for (let i = 0; i < RUNS; i++) {
    a.push(ours("pdf"));
    const r = typstRun(i === 0 ? 5 : 0);
    t.push(r.wall); rec.push(...r.recompileMs); pages = r.pages; rss = Math.max(rss, r.maxRssMiB);
    b.push(ours("pdf,docx,html"));
  }
  console.log(`Typst peer (${RUNS} interleaved runs, medians; ratio = Typst ÷ ours, > 1: we are faster)`);
  console.log(`  ours, province PDF, cold, cache off:            ${s(median(a))}  ratio ${(median(t) / median(a)).toFixed(2)}`);
  console.log(`  ours, province PDF+DOCX+HTML, cold, cache off:  ${s(median(b))}  ratio ${(median(t) / median(b)).toFixed(2)}`);
  console.log(`  Typst, same text, cold process:                 ${s(median(t))}  (${pages} pages, peak ${rss.toFixed(0)} MiB)`);
  console.log(`  Typst, recompile after an edit:                 ${median(rec).toFixed(0)} ms`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
