/** A build worker thread: loads an Engine once, then renders the jobs the main thread sends. */
import { parentPort, workerData } from "node:worker_threads";
import { UserError } from "../errors.js";
import { buildJob, loadEngine } from "./pipeline.js";
import type { FromWorker, ToWorker, WorkerInit } from "./workers.js";

const { root, options } = workerData as WorkerInit;
const port = parentPort!;
const send = (m: FromWorker): void => port.postMessage(m);

try {
  const engine = loadEngine(root, options);
  port.on("message", async (m: ToWorker) => {
    if ("stop" in m) return port.close();
    const region = engine.dataset.regions.find((r) => r.code === m.region)!;
    const t0 = performance.now();
    try {
      const files = await buildJob(engine, { report: m.report, region }, options.formats, options.emit);
      send({ index: m.index, files, ms: performance.now() - t0 });
    } catch (e) {
      send(e instanceof UserError ? { index: m.index, problems: [...e.problems] } : { index: m.index, bug: (e as Error).stack ?? String(e) });
    }
  });
  send({ ready: true });
} catch (e) {
  send(e instanceof UserError ? { index: -1, problems: [...e.problems] } : { index: -1, bug: (e as Error).stack ?? String(e) });
}
