/**
 * `npm run build -- [options]`: flags → build (src/build/pipeline.ts) → exit code, through the one error
 * path of every entry point (src/main-handler.ts: a UserError → its message, exit 2; anything else → its stack, exit 1).
 */
import { join, relative } from "node:path";
import { UserError, formatProblem } from "./errors.js";
import { readFontFiles } from "./fonts/files.js";
import type { SharedFontFile } from "./fonts/shared.js";
import { runMain } from "./main-handler.js";
import { ruleProblems, validationSummary } from "./rules/report.js";
import { trace } from "./trace.js";
import { USAGE, parseArgs } from "./options/flags.js";
import { RenderPool, threadCount, workerCount } from "./pool/render-pool.js";
import type { Reporter } from "./build/pipeline.js";
import { gapsText } from "./template/gaps.js";
import { useArtefactCache } from "./cache/store.js";
import { expectAllCached, recordBuild } from "./cache/build-record.js";
import { takeDocumentKeys } from "./cache/documents.js";
import { pruneAfterBuild } from "./cache/prune.js";

function reporter(mode: "auto" | "lines" | "quiet"): Reporter {
  const tty = mode === "auto" && process.stderr.isTTY && !process.env.CI;
  let total = 0;
  let done = 0;
  return {
    start(n) {
      total = n;
      if (mode !== "quiet") process.stderr.write(`building ${n} report(s)\n`);
    },
    done(job, ms) {
      done++;
      if (mode === "quiet") return;
      const line = `[${done}/${total}] ${job.region.code} ${job.report} (${job.region.name}) ${Math.round(ms)} ms`;
      if (tty) process.stderr.write(`\r\x1b[K${line}${done === total ? "\n" : ""}`);
      else process.stderr.write(`${line}\n`);
    },
  };
}

/**
 * The font files, read once for this thread and the render workers, each when first needed (src/fonts/shared.ts); undefined when they
 * cannot be read now — the build then reads them itself, and reports what is wrong where it always does.
 */
function sharedFonts(root: string, profile: string): Map<string, SharedFontFile> | undefined {
  try {
    return readFontFiles(profile, join(root, "fonts"), (f) => relative(root, f) || f);
  } catch (e) {
    if (e instanceof UserError) return undefined;
    throw e;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  trace("cli loaded");
  const options = parseArgs(argv);
  if (options === "help") {
    console.log(USAGE);
    return 0;
  }
  const root = process.cwd();
  const t0 = performance.now();
  const startedAt = Date.now(); // what the cache's entries used by this build are newer than (src/cache/prune.ts)
  // Render workers start first, so that they load their renderers and fonts while this thread loads the
  // pipeline (vega, templates, data) and composes the first report.
  if (threadCount(options.jobs) < options.jobs && options.progress !== "quiet") {
    console.error(`--jobs ${options.jobs}: capped at ${threadCount(options.jobs)}, the number of cores`);
  }
  const workers = options.check ? 0 : workerCount(options.jobs);
  // Unless every document is expected from the artefact cache: then workers start only if one is not there.
  useArtefactCache(root);
  const lazy = workers > 0 && expectAllCached(root, options);
  trace(lazy ? "documents expected from the cache" : "cache checked");
  const pool = workers > 0 ? new RenderPool(new URL("./pool/worker-entry.mjs", import.meta.url), root, options.fonts, workers, options.formats, lazy, false, sharedFonts(root, options.fonts)) : undefined;
  try {
    const { build } = await import("./build/pipeline.js");
    trace("pipeline loaded");
    const result = await build(root, options, reporter(options.progress), pool);
    if (options.draft) {
      // The list goes to the console whatever --progress says: it is the draft's result, not progress.
      console.error(result.gaps.length === 0 ? "draft: no gaps" : `draft: ${result.gaps.length} gap(s) marked 待补充${options.check ? "" : `, listed in ${options.out}/${options.year}/gaps.csv`}:\n${gapsText(result.gaps)}`);
    }
    if (!options.check) recordBuild(root, options, takeDocumentKeys());
    // The artefact cache kept bounded: entries not used lately, the oldest beyond the size (at most once an hour).
    for (const w of [...(result.warnings ?? []), ...pruneAfterBuild(startedAt).warnings]) console.error(`warning: ${w}`);
    if (options.check) {
      if (options.progress !== "quiet") console.error(`checked ${result.jobs.length} report(s): data, templates, charts and fonts are fine`);
    } else if (options.progress !== "quiet") {
      const bytes = result.entries.reduce((s, e) => s + e.bytes, 0);
      console.error(`wrote ${result.entries.length} document(s) with the ${result.fonts} fonts, ${(bytes / 1024).toFixed(0)} KiB, manifest ${relative(root, result.manifest!)} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    }
    if (result.validation) {
      // The data's consistency rules: each failure a warning, then one line (summarised at the end of the output).
      for (const p of ruleProblems(result.validation.results)) console.error(`warning: ${formatProblem(p)}`);
      const csv = options.check ? undefined : join(options.out, String(options.year), "validation.csv");
      if (options.progress !== "quiet" || result.validation.results.some((r) => r.status === "fail")) console.error(validationSummary(result.validation, csv));
    }
    return 0;
  } finally {
    await pool?.close();
  }
}

runMain(async () => {
  const code = await main(process.argv.slice(2));
  // For `npm run bench`: peak memory of the whole process, render workers included.
  // CPU time too (all threads): on a shared machine it says more than the wall clock.
  const usage = process.resourceUsage();
  if (process.env.BULLETIN_STATS) console.error(`stats ${JSON.stringify({ maxRssMiB: usage.maxRSS / 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 })}`);
  return code;
});
