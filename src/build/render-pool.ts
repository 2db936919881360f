/**
 * Renderers on worker threads. The main thread loads the data, templates and charts once and composes
 * each report's document model; the model — plain JSON, the contract between stages — goes to a worker,
 * which renders one format and sends the bytes back. Workers are given a format each (worker i takes
 * formats[i mod n]), so each loads and warms up only its own renderer (pdfmake's fonts, docx's font
 * subsetter and chart PNGs), and composing the next report overlaps with rendering the last.
 * The outputs do not depend on which worker rendered them: the build writes them in job order.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { UserError, type Problem } from "../errors.js";
import type { DocModel } from "../model/types.js";
import type { Format } from "./options.js";

/** main → worker */
export interface WorkerInit {
  readonly root: string;
  readonly fonts: string;
  /** The formats this worker loads at start. */
  readonly formats: readonly Format[];
}
export interface RenderTask {
  readonly type?: "render";
  readonly id: number;
  readonly model: DocModel;
  readonly format: Format;
  /** ms since the epoch */
  readonly date: number;
}
/** main → worker: finish the tasks given, then exit (the worker's own exit handlers run). */
export interface CloseRequest {
  readonly type: "close";
}
/** worker → main */
export type RenderResult =
  | { readonly id: number; readonly data: Uint8Array }
  | { readonly id: number; readonly problems: Problem[] }
  | { readonly id: number; readonly bug: string };

/** How many render workers: --jobs, or one per core; none (render in process) when that is one. */
export function poolSize(jobs: number): number {
  return jobs > 0 ? jobs : availableParallelism();
}

interface Slot {
  readonly worker: Worker;
  /** The formats this worker loaded at start. */
  readonly formats: ReadonlySet<Format>;
  busy: boolean;
}

interface Queued {
  readonly task: RenderTask;
  readonly resolve: (b: Buffer) => void;
  readonly reject: (e: Error) => void;
}

/** How long close() waits for a worker to exit on its own before terminating it. */
const CLOSE_GRACE_MS = 5000;

/** An idle worker takes another format's task only from a backlog this long (it pays that renderer's warm-up). */
const STEAL_BACKLOG = 2;

export class RenderPool {
  private readonly slots: Slot[];
  private readonly queue: Queued[] = [];
  private readonly running = new Map<number, Queued & { slot: Slot }>();
  private next = 0;
  private failure: Error | undefined;

  /**
   * @param workerUrl the worker's entry: build/worker-entry.mjs beside the CLI — in TypeScript a shim that
   *   registers tsx, in the bundle (scripts/build.mjs) the bundled render-worker itself.
   */
  constructor(workerUrl: URL, root: string, fontProfile: string, size: number, formats: readonly Format[]) {
    this.slots = Array.from({ length: size }, (_, i) => {
      const own = size >= formats.length ? [formats[i % formats.length]!] : [...formats];
      const init: WorkerInit = { root, fonts: fontProfile, formats: own };
      const worker = new Worker(workerUrl, { workerData: init });
      const slot: Slot = { worker, formats: new Set(own), busy: false };
      worker.on("message", (m: RenderResult) => this.settle(m));
      worker.on("error", (e) => this.fail(e));
      worker.on("exit", (code) => code !== 0 && this.fail(new Error(`render worker exited with code ${code}`)));
      return slot;
    });
  }

  render(model: DocModel, format: Format, date: Date): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { id: this.next++, model, format, date: date.getTime() }, resolve, reject });
      this.dispatch();
    });
  }

  /** Gives each idle worker the oldest task of its own formats, or else of a long backlog of another format. */
  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      let index = this.queue.findIndex((q) => slot.formats.has(q.task.format));
      if (index < 0) {
        const other = this.queue.filter((q) => !this.slots.some((s) => !s.busy && s !== slot && s.formats.has(q.task.format)));
        if (other.length >= STEAL_BACKLOG) index = this.queue.indexOf(other[0]!);
      }
      if (index < 0) continue;
      const [queued] = this.queue.splice(index, 1);
      slot.busy = true;
      this.running.set(queued!.task.id, { ...queued!, slot });
      slot.worker.postMessage(queued!.task);
    }
  }

  /**
   * Lets every worker exit on its own (after a failure: at once), so that what it does at exit runs — the
   * bundle's worker entry writes its V8 code cache then (scripts/cached-load.cjs).
   */
  async close(): Promise<void> {
    await Promise.all(
      this.slots.map(async ({ worker }) => {
        if (this.failure) return void (await worker.terminate());
        const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
        worker.postMessage({ type: "close" } satisfies CloseRequest);
        const timer = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  private settle(m: RenderResult): void {
    const r = this.running.get(m.id);
    if (!r) return;
    this.running.delete(m.id);
    r.slot.busy = false;
    if ("data" in m) r.resolve(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
    else if ("problems" in m) r.reject(new UserError(m.problems));
    else r.reject(new Error(`render worker failed: ${m.bug}`));
    this.dispatch();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const r of [...this.running.values(), ...this.queue]) r.reject(error);
    this.running.clear();
    this.queue.length = 0;
  }
}
