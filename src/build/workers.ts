/**
 * Runs jobs on worker threads, one per core by default. Each worker loads its own Engine (fonts,
 * templates, chart specs: once per worker) and pulls jobs one at a time, so a slow report does not
 * hold up the rest. Results are put back in job order, so the outputs do not depend on scheduling.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { UserError, type Problem } from "../errors.js";
import type { BuildOptions } from "./options.js";
import type { JobRunner } from "./pipeline.js";
import type { OutputFile } from "./output.js";

/** main → worker */
export interface WorkerInit {
  readonly root: string;
  readonly options: BuildOptions;
}
export type ToWorker = { readonly index: number; readonly report: string; readonly region: string } | { readonly stop: true };
/** worker → main */
export type FromWorker =
  | { readonly ready: true }
  | { readonly index: number; readonly files: OutputFile[]; readonly ms: number }
  | { readonly index: number; readonly problems: Problem[] }
  | { readonly index: number; readonly bug: string };

export function workerCount(jobs: number, requested: number): number {
  return Math.max(1, Math.min(jobs, requested > 0 ? requested : availableParallelism()));
}

export const runInWorkers: JobRunner = async (plan, jobs, options, reporter) => {
  const results: OutputFile[][] = new Array(jobs.length);
  let next = 0;
  const count = workerCount(jobs.length, options.jobs);
  const init: WorkerInit = { root: plan.root, options };
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: count }, () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(new URL("./worker-entry.mjs", import.meta.url), { workerData: init });
          workers.push(worker);
          const feed = (): void => {
            const index = next++;
            const job = jobs[index];
            const message: ToWorker = job ? { index, report: job.report, region: job.region.code } : { stop: true };
            worker.postMessage(message);
            if (!job) resolve();
          };
          worker.on("message", (m: FromWorker) => {
            if ("ready" in m) return feed();
            if ("problems" in m) return reject(new UserError(m.problems));
            if ("bug" in m) return reject(new Error(`worker failed on job ${m.index}: ${m.bug}`));
            results[m.index] = m.files.map((f) => ({ ...f, data: typeof f.data === "string" ? f.data : Buffer.from(f.data) }));
            reporter.done(jobs[m.index]!, m.ms);
            feed();
          });
          worker.on("error", reject);
          worker.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with code ${code}`))));
        }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat();
};
