/**
 * Renderers on worker threads, and on the main thread once it has composed. The main thread loads the data,
 * templates and charts once and composes each report's document model; the model — plain JSON, the
 * contract between stages — goes to a worker, which renders one format and sends the bytes back. Workers are
 * given a format each (worker i takes formats[i mod n]), so each loads and warms up only its own renderer
 * (the PDF's fonts, docx's font subsetter and chart PNGs), and composing the next report overlaps with
 * rendering the last. When every report is composed the main thread joins in (`join`), taking the formats
 * no worker has — with one worker per core but one, the province alone renders its PDF on a worker and its
 * DOCX on the main thread, and no core is shared by three threads while the main thread composes.
 * The outputs do not depend on which thread rendered them: the build writes them in job order.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { UserError, type Problem } from "../errors.js";
import type { DocModel } from "../model/types.js";
import type { Format } from "../options/flags.js";
import type { RenderOptions } from "../render/index.js";
import { formatSpec } from "../formats.js";
import type { SharedFontFile } from "../fonts/shared.js";

/** main → worker */
export interface WorkerInit {
  readonly root: string;
  readonly fonts: string;
  /** The formats this worker loads at start. */
  readonly formats: readonly Format[];
  /** The profile's font files in memory the threads share, read by the first that needs each (src/fonts/shared.ts). */
  readonly fontFiles?: ReadonlyMap<string, SharedFontFile>;
}
export interface RenderTask {
  readonly type?: "render";
  readonly id: number;
  readonly model: DocModel;
  readonly format: Format;
  /** ms since the epoch */
  readonly date: number;
  /** RenderOptions.sources */
  readonly sources?: true;
}
/** main → worker: make a format's text aid for the main thread from a report's Markdown (formats.ts TextAid). */
export interface AidRequest {
  readonly type: "aid";
  readonly id: number;
  readonly format: Format;
  readonly text: string;
}
/** worker → main: what the aid made (undefined where it failed: the renderer then makes it itself). */
export interface AidResult {
  readonly type: "aided";
  readonly id: number;
  readonly made: unknown;
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

/**
 * How many worker threads: one per render thread (--jobs, or one per core) but the main thread, which
 * renders too once it has composed; none — everything in one thread — for one render thread.
 */
export function workerCount(jobs: number): number {
  return threadCount(jobs) - 1;
}

/** Render threads for --jobs (0: one per core), never more than the cores: more threads only cost memory (~60 MB each). */
export function threadCount(jobs: number): number {
  return jobs > 0 ? Math.min(jobs, availableParallelism()) : availableParallelism();
}

/** Renders a model in the main thread (pipeline.ts renderHere). */
export type LocalRender = (model: DocModel, format: Format, options: RenderOptions) => Promise<Buffer>;

/** A task's render options, as the renderers take them (the task carries plain values across threads). */
export function taskOptions(task: RenderTask): RenderOptions {
  return { date: new Date(task.date), ...(task.sources && { sources: true }) };
}

interface Slot {
  /** A worker thread, or the main thread's own renderers. */
  readonly thread: Worker | LocalRender;
  /** The formats this thread takes first (a worker loaded their renderers at start). */
  readonly formats: ReadonlySet<Format>;
  /** Tasks given and not yet done. */
  running: number;
}

/**
 * Tasks a worker holds at once: the next of its own formats is queued in the worker while it renders one,
 * so that it never waits for the main thread — busy rendering itself — to read its result and send more.
 */
const WORKER_DEPTH = 2;

interface Queued {
  readonly task: RenderTask;
  readonly resolve: (b: Buffer) => void;
  readonly reject: (e: Error) => void;
}

/** A render not made: dropped before a thread took it (RenderPool.dropQueued). */
export class DroppedRender extends Error {
  constructor() {
    super("render dropped before it started");
  }
}

/** How long close() waits for a worker to exit on its own before terminating it. */
const CLOSE_GRACE_MS = 5000;

/** An idle worker takes another format's task only from a backlog this long (it pays that renderer's warm-up). */
const STEAL_BACKLOG = 2;

export class RenderPool {
  private readonly slots: Slot[] = [];
  /** Starts the workers; undefined once they are started. */
  private spawn: (() => void) | undefined;
  private readonly queue: Queued[] = [];
  private readonly running = new Map<number, Queued & { slot: Slot }>();
  private next = 0;
  private failure: Error | undefined;
  /** Text aids asked of a worker and not yet made, by request id. */
  private readonly aids = new Map<number, (made: unknown) => void>();

  /**
   * @param workerUrl the worker's entry: pool/worker-entry.mjs beside the CLI — in TypeScript a shim that
   *   registers tsx, in the bundle (scripts/build.mjs) one that runs render-worker.cjs through its code cache.
   * @param size worker threads; worker i takes formats[i mod n] first.
   * @param lazy start the workers with the first task rather than now: when every document is expected from
   *   the artefact cache (src/cache/build-record.ts), workers would only cost a core and memory.
   * @param everyFormat each worker takes every format (the preview's one worker, src/preview/session.ts).
   * @param fontFiles the font profile's files in shared memory (fonts/files.ts readFontFiles).
   */
  constructor(
    workerUrl: URL,
    root: string,
    fontProfile: string,
    size: number,
    private readonly formats: readonly Format[],
    lazy = false,
    private readonly everyFormat = false,
    private readonly fontFiles?: ReadonlyMap<string, SharedFontFile>,
  ) {
    this.spawn = () => {
      this.spawn = undefined;
      this.slots.unshift(...this.workers(workerUrl, root, fontProfile, size));
    };
    if (!lazy) this.spawn();
  }

  private workers(workerUrl: URL, root: string, fontProfile: string, size: number): Slot[] {
    const formats = this.formats;
    return Array.from({ length: size }, (_, i) => {
      const own = this.everyFormat ? [...formats] : [formats[i % formats.length]!];
      const init: WorkerInit = { root, fonts: fontProfile, formats: own, ...(this.fontFiles && { fontFiles: this.fontFiles }) };
      const worker = new Worker(workerUrl, { workerData: init });
      const slot: Slot = { thread: worker, formats: new Set(own), running: 0 };
      worker.on("message", (m: RenderResult | AidResult) => ("type" in m && m.type === "aided" ? this.aided(m) : this.settle(m as RenderResult)));
      worker.on("error", (e) => this.fail(e));
      worker.on("exit", (code) => code !== 0 && this.fail(new Error(`render worker exited with code ${code}`)));
      return slot;
    });
  }

  /**
   * The main thread renders too from now on (call it when it has nothing left to compose): first the formats
   * no worker has, others only from a backlog, as a worker would.
   */
  join(render: LocalRender): void {
    this.leave();
    const taken = new Set(this.slots.flatMap((s) => [...s.formats]));
    this.slots.push({ thread: render, formats: new Set(this.formats.filter((f) => !taken.has(f))), running: 0 });
    this.dispatch();
  }

  /** The main thread renders no more (the build's renders are done; a next build joins again). */
  leave(): void {
    const i = this.slots.findIndex((s) => !(s.thread instanceof Worker));
    if (i >= 0 && this.slots[i]!.running === 0) this.slots.splice(i, 1);
  }

  /**
   * Asks a worker for the text aids (formats.ts TextAid) of the formats no worker renders — this thread renders them
   * once every report is composed —, made from a report's Markdown while this thread composes. Changes no byte.
   */
  aid(text: string): void {
    const workers = this.slots.filter((s): s is Slot & { thread: Worker } => s.thread instanceof Worker);
    const owned = new Set(workers.flatMap((s) => [...s.formats]));
    for (const format of this.formats) {
      const aid = formatSpec(format).aid;
      if (owned.has(format) || !aid || workers.length === 0) continue;
      const id = this.next++;
      const made = new Promise<unknown>((resolve) => this.aids.set(id, resolve));
      workers[0]!.thread.postMessage({ type: "aid", id, format, text } satisfies AidRequest);
      void aid().then((a) => a.adopt(made));
    }
  }

  private aided(m: AidResult): void {
    this.aids.get(m.id)?.(m.made);
    this.aids.delete(m.id);
  }

  /** Whether a worker failed (every render is refused from then on: a new pool is needed). */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /**
   * The tasks not given to a thread yet are not rendered: each is rejected (`DroppedRender`). For the preview,
   * whose rebuild sends its reports' PDFs ahead and stops at a change: the next rebuild's renders come first.
   */
  dropQueued(): void {
    for (const queued of this.queue.splice(0)) queued.reject(new DroppedRender());
  }

  render(model: DocModel, format: Format, options: RenderOptions): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    this.spawn?.();
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { id: this.next++, model, format, date: options.date.getTime(), ...(options.sources && { sources: true as const }) }, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Gives each thread the oldest task of its own formats — a worker up to WORKER_DEPTH of them, the main
   * thread one — or, when it is idle, the oldest of a long backlog of another format.
   */
  private dispatch(): void {
    for (const slot of this.slots) {
      const local = !(slot.thread instanceof Worker);
      while (slot.running < (local ? 1 : WORKER_DEPTH)) {
        let index = this.queue.findIndex((q) => slot.formats.has(q.task.format));
        if (index < 0 && slot.running === 0) {
          const other = this.queue.filter((q) => !this.slots.some((s) => s.running === 0 && s !== slot && s.formats.has(q.task.format)));
          if (other.length >= STEAL_BACKLOG) index = this.queue.indexOf(other[0]!);
        }
        if (index < 0) break;
        const [queued] = this.queue.splice(index, 1);
        slot.running++;
        this.running.set(queued!.task.id, { ...queued!, slot });
        this.start(slot, queued!.task);
      }
    }
  }

  private start(slot: Slot, task: RenderTask): void {
    const { thread } = slot;
    if (thread instanceof Worker) return thread.postMessage(task);
    // In the main thread, after whatever is waiting in the event loop: a render runs to its end in
    // microtasks, and a worker's finished result must not wait behind a whole series of them.
    setImmediate(() => {
      thread(task.model, task.format, taskOptions(task)).then(
        (data) => this.settle({ id: task.id, data }),
        (error: unknown) => this.settle({ id: task.id, error: error as Error }),
      );
    });
  }

  /**
   * Lets every worker exit on its own (after a failure: at once), so that what it does at exit runs — the
   * bundle's worker entry writes its V8 code cache then (scripts/cached-load.cjs).
   */
  async close(): Promise<void> {
    await Promise.all(
      this.slots.map(async ({ thread: worker }) => {
        if (!(worker instanceof Worker)) return;
        if (this.failure) return void (await worker.terminate());
        const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
        worker.postMessage({ type: "close" } satisfies CloseRequest);
        const timer = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  /** A worker's result, or a render of the main thread's that threw (its error kept as it is). */
  private settle(m: RenderResult | { readonly id: number; readonly error: Error }): void {
    const r = this.running.get(m.id);
    if (!r) return;
    this.running.delete(m.id);
    r.slot.running--;
    if ("data" in m) r.resolve(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
    else if ("error" in m) r.reject(m.error);
    else if ("problems" in m) r.reject(new UserError(m.problems));
    else r.reject(new Error(`render worker failed: ${m.bug}`));
    this.dispatch();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const resolve of this.aids.values()) resolve(undefined); // the renderers make it themselves
    this.aids.clear();
    for (const r of [...this.running.values(), ...this.queue]) r.reject(error);
    this.running.clear();
    this.queue.length = 0;
  }
}
