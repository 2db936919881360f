/**
 * The preview's warm process: the engine (data, templates, fonts, charts) kept between edits, the reports it
 * built in memory, and a rebuild after each change. What a change affects is found by the artefact cache
 * (src/cache/): every report is composed again (data and templates are cheap to reload), and each chart,
 * PNG, font subset and document whose inputs did not change comes from the cache — only what the edit
 * touched is drawn or rendered. What an edit leaves as it was is not made again in this process either:
 * the dataset when only templates changed, the compiled templates of unchanged files (template/compile.ts),
 * the Markdown trees of unchanged templates' output (model/markdown-tree.ts). Every report's HTML is made
 * and announced before any PDF or DOCX is announced; each report's PDF is sent to the render thread as soon as
 * the report is composed, and drawn there while this thread makes the HTML. A change seen during a rebuild stops
 * it after the file being made, and the renders not started yet are dropped (RenderPool.dropQueued).
 * HTML carries each block's template file and line (`sources`, data-source: the hover's "template: …"),
 * which the page a build writes does not.
 *
 * A failure never stops the session: a UserError (or a bug) is kept for the reports it concerns and shown
 * in their pages, with the last good version of each file one click away.
 */
import { createHash } from "node:crypto";
import { relative, resolve } from "node:path";
import { type BuildOptions, type Format } from "../options/flags.js";
import { formatSpec } from "../formats.js";
import { composeJob, loadEngine, loadPlan, renderHere, renderJob, type ComposedJob, type Engine, type Plan, type RenderFn } from "../build/pipeline.js";
import { RenderPool } from "../pool/render-pool.js";
import type { OutputFile } from "../output/stage.js";
import { withReportLinks } from "../products/report-links.js";
import { loadDataset } from "../data/load.js";
import { compileTemplates } from "../template/compile.js";
import { outputName, planJobs, resolveRegions, selectKinds, type Job } from "../plan/jobs.js";
import { createChartRenderer } from "../charts/render.js";
import { UserError, type Problem } from "../errors.js";
import { useArtefactCache } from "../cache/store.js";
import type { Dataset } from "../data/types.js";
import { gapPlace, uniqueGaps, type Gap } from "../template/gaps.js";
import { TreeMemo } from "../model/markdown-tree.js";

/** A draft's gap, once per place, with the served pages (HTML first) of the reports that show it. */
export interface PlacedGap extends Gap {
  readonly pages: readonly string[];
}

/** What a rebuild was for: the folders a change was seen in (watch.ts). */
export type Area = "data" | "templates" | "fonts";

export interface Failure {
  readonly problems: readonly Problem[];
  /** A bug's stack, when it was not the user's mistake. */
  readonly bug?: string;
}

export interface ServedFile {
  readonly data: Buffer;
  readonly format: string;
}

/** One report as the preview knows it: its files now, the last good ones, and what went wrong last. */
export interface ReportState {
  readonly job: Job;
  /** `<year>/<code>-<report>.<ext>` by format: where the files are served (as under out/). */
  readonly paths: ReadonlyMap<string, string>;
  readonly failure?: Failure;
}

export interface RebuildResult {
  readonly build: number;
  /** Served paths whose content or state changed. */
  readonly changed: readonly string[];
  readonly ms: number;
  /** CPU time of the process during the rebuild (this machine is shared: wall time says less). */
  readonly cpuMs: number;
  /** Stopped for a change seen while it ran (the next rebuild makes what it did not). */
  readonly superseded: boolean;
}

/** The render thread's entry (a tsx shim: the preview runs the TypeScript). */
const WORKER = new URL("../pool/worker-entry.mjs", import.meta.url);

/** HTML first: it is what the page shows while the other formats are rendered. */
const formatOrder = (formats: readonly Format[]): Format[] => [...formats].sort((a, b) => Number(formatSpec(b).opens === "page") - Number(formatSpec(a).opens === "page"));

export class PreviewSession {
  private engine: Engine | undefined;
  /** The data and templates of the last rebuild that loaded them. */
  private plan: Plan | undefined;
  private dataset: Dataset | undefined;
  /** Served path → its latest good bytes (also the last good version while its report fails). */
  private readonly good = new Map<string, ServedFile>();

  /** The last good bytes of a report's file, as an output file (none when it was never made). */
  private lastGood(path: string, format: Format): OutputFile[] {
    const file = this.good.get(path);
    return file ? [{ name: path, data: file.data, entry: { report: "", region: "", year: 0, format } }] : [];
  }
  private readonly reports = new Map<string, ReportState>();
  /** Each template's Markdown, parsed: after an edit only the edited template's is parsed again. */
  private readonly trees = new TreeMemo();
  private failureOfAll: Failure | undefined;
  private draftGaps: readonly PlacedGap[] = [];
  private builds = 0;
  private running: Promise<RebuildResult> | undefined;
  private pending: Set<Area> | undefined;
  /** Paths the running rebuild has not made yet: a request for one waits (settled). */
  private readonly stale = new Set<string>();
  private waiters: (() => void)[] = [];
  /** Told each path whose file or state changed, as soon as it is known (HTML and PDF before DOCX). */
  onPublish: ((paths: readonly string[]) => void) | undefined;
  /** The rebuild after the running one, for the changes seen meanwhile. */
  private next: Promise<RebuildResult> | undefined;
  /** Tells the running rebuild that a change was seen (it stops waiting for the render worker). */
  private interrupt: (() => void) | undefined;
  /** A render thread for every format but the first (PDF, DOCX): this thread stays free to serve the HTML. */
  private pool: RenderPool | undefined;

  constructor(
    readonly root: string,
    readonly options: BuildOptions,
    /** --report: report kinds to show (all when empty). */
    readonly kinds: readonly string[] = [],
  ) {
    useArtefactCache(root);
  }

  get build(): number {
    return this.builds;
  }
  get busy(): boolean {
    return this.running !== undefined;
  }
  get year(): number {
    return this.options.year;
  }
  /** The dataset of the last build that loaded one (for provenance). */
  get data(): Dataset | undefined {
    return this.dataset;
  }
  /** The chart face's bytes: the preview's own pages are set in it, so they read the same on any machine. */
  get uiFont(): Buffer | undefined {
    return this.engine?.fonts.roles.chart.regular.data;
  }
  /** A failure no report got past (data that does not load, an unknown region). */
  get failure(): Failure | undefined {
    return this.failureOfAll;
  }
  list(): ReportState[] {
    return [...this.reports.values()];
  }
  /** With --draft: the last build's gaps (figures not published yet, unknown metadata) and where they show. */
  get gaps(): readonly PlacedGap[] {
    return this.draftGaps;
  }
  get draft(): boolean {
    return this.options.draft;
  }

  /** The file at a served path, with the failure of its report if its latest build failed. */
  file(path: string): { file?: ServedFile; failure?: Failure; known: boolean } {
    const report = [...this.reports.values()].find((r) => [...r.paths.values()].includes(path));
    const file = this.good.get(path);
    if (!report) return { known: false };
    const failure = report.failure ?? this.failureOfAll;
    return { known: true, ...(file && { file }), ...(failure && { failure }) };
  }

  /**
   * Rebuilds after a change in `areas` (all of them the first time). Changes seen while a rebuild runs are
   * gathered into one more rebuild after it.
   */
  rebuild(areas: Iterable<Area> = ["data", "templates", "fonts"]): Promise<RebuildResult> {
    if (this.running) {
      this.pending ??= new Set();
      for (const a of areas) this.pending.add(a);
      this.interrupt?.();
      return (this.next ??= this.running.then(() => {
        const more = this.pending!;
        this.pending = undefined;
        this.next = undefined;
        return this.rebuild(more);
      }));
    }
    const run = this.run(new Set(areas)).finally(() => {
      this.running = undefined;
      this.stale.clear();
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.running = run;
    return run;
  }

  /** Resolves when the file at `path` is made by the running rebuild (at once when none runs). */
  async settled(path: string): Promise<void> {
    while (this.running && this.stale.has(path)) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private made(path: string): void {
    this.stale.delete(path);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves when no rebuild runs or waits. */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  /** Lets a running rebuild finish, then ends the render thread. */
  async close(): Promise<void> {
    await this.idle();
    await this.pool?.close();
    this.pool = undefined;
  }

  private async run(areas: ReadonlySet<Area>): Promise<RebuildResult> {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const before = this.snapshot();
    const display = (file: string): string => relative(this.root, file) || file;
    for (const r of this.reports.values()) for (const path of r.paths.values()) this.stale.add(path);
    const announced = new Set<string>();
    const publish = (paths: Iterable<string>): void => {
      const now = this.snapshot();
      const fresh = [...paths].filter((p) => !announced.has(p) && now.get(p) !== before.get(p));
      for (const p of fresh) announced.add(p);
      if (fresh.length > 0) this.onPublish?.(fresh);
    };
    this.failureOfAll = undefined;
    let superseded = false;
    try {
      // Only what changed is loaded again: a template edit keeps the dataset, a data edit the templates.
      const last = this.plan;
      this.plan = undefined; // until this one is known to load: a folder that failed is loaded again next time
      const plan: Plan =
        last && !areas.has("data") && !areas.has("templates")
          ? last
          : last && !areas.has("data")
            ? { ...last, templates: compileTemplates(resolve(this.root, "templates"), display, this.root, last.templates) }
            : last && !areas.has("templates")
              ? { ...last, dataset: loadDataset(resolve(this.root, "data"), this.options.year, this.root) }
              : loadPlan(this.root, this.options);
      this.dataset = plan.dataset;
      this.plan = plan;
      if (!this.engine || areas.has("fonts")) {
        this.engine = { ...loadEngine(this.root, this.options, plan), trees: this.trees };
      } else {
        // A fresh chart renderer: it reads the specs again (a spec edit shows); drawn charts come from the cache.
        const fonts = this.engine.fonts;
        this.engine = { ...plan, fonts, charts: createChartRenderer(resolve(this.root, "templates"), fonts, display), trees: this.trees };
      }
      const regions = resolveRegions(this.options.region, plan.dataset.regions);
      const kinds = selectKinds(plan.templates, plan.dataset.year, [...new Set([...this.kinds, ...this.options.reports])]);
      const jobs = planJobs(plan.templates, regions, plan.dataset.regions, undefined, kinds);
      if (jobs.length === 0) throw new UserError({ message: `no report of kind ${kinds.map((k) => k.kind).join(", ")} for region ${this.options.region}`, hint: "see `regions:` in templates/<kind>/report.yaml, or choose another --region" });
      const engine = this.engine;
      // A draft (--draft) shows what is not published yet as 待补充 marks, as the build does.
      const gaps: Gap[] | undefined = this.options.draft ? [] : undefined;
      const shownIn = new Map<Gap, string>();
      const [first, ...others] = formatOrder(this.options.formats);
      if (others.length > 0 && (!this.pool || this.pool.failed || areas.has("fonts"))) {
        void this.pool?.close();
        this.pool = new RenderPool(WORKER, this.root, this.options.fonts, 1, others, false, true);
      }
      const here = renderHere(engine);
      const pool = this.pool;
      const render: RenderFn = (model, format, options) => (format === first || !pool ? here(model, format, options) : pool.render(model, format, options));
      const changeSeen = new Promise<"changed">(
        (resolve) =>
          (this.interrupt = () => {
            resolve("changed");
            // The renders not started yet are this rebuild's: the next one asks again for what it needs.
            pool?.dropQueued();
          }),
      );
      const year = plan.dataset.year;
      const known = new Set<string>();
      const composed: { key: string; job: Job; paths: ReadonlyMap<Format, string>; model: ComposedJob; files: OutputFile[]; started: ReadonlyMap<Format, Promise<OutputFile[]>> }[] = [];
      const made = (paths: ReadonlyMap<Format, string>, format: Format, file: OutputFile): void => {
        const path = paths.get(format)!;
        this.good.set(path, { data: file.data as Buffer, format });
        this.made(path);
        publish([path]);
      };
      const failed = (key: string, job: Job, paths: ReadonlyMap<Format, string>, e: unknown): void => {
        this.reports.set(key, { job, paths, failure: asFailure(e) });
        for (const path of paths.values()) this.made(path);
        publish(paths.values());
      };
      // Every report's first format (HTML), in this thread, before any other file: what the open pages show
      // comes first. The others are rendered on the render thread meanwhile. A change seen stops the rebuild:
      // the next one starts at once, and the files not made keep their last version until it makes them.
      for (const job of jobs) {
        if (this.pending) break;
        const key = `${job.region.code}-${job.report}`;
        known.add(key);
        const paths = new Map(this.options.formats.map((f) => [f, `${year}/${outputName(job, formatSpec(f).extension)}`]));
        try {
          const before = gaps?.length ?? 0;
          const model = await composeJob(engine, job, undefined, gaps);
          const page = paths.get(first!)!; // the web page when one is built (formatOrder)
          for (const g of gaps?.slice(before) ?? []) shownIn.set(g, page);
          this.reports.set(key, { job, paths });
          // The next format (the PDF) is sent to the render thread before this one is made here: it is drawn
          // while the HTML is rendered and served. Announced in its turn, below.
          const started = new Map(others.slice(0, 1).map((f) => [f, renderJob(engine, model, [f], [], render)] as const));
          for (const rendering of started.values()) rendering.catch(() => undefined); // awaited below, unless a change comes first
          // The preview's pages say which template line each block came from (data-source); PDF and DOCX have no place for it.
          const [file] = await renderJob(engine, model, [first!], [], render, formatSpec(first!).opens === "page" ? { sources: true } : {}, false);
          // Shown at once, linked to the other files as they were last made (unchanged bytes are not announced
          // again); linked again below once they are made, as a build links them.
          made(paths, first!, withReportLinks([file!, ...others.flatMap((f) => this.lastGood(paths.get(f)!, f))])[0]!);
          composed.push({ key, job, paths, model, files: [file!], started });
        } catch (e) {
          failed(key, job, paths, e);
        }
        // A render runs to its end in microtasks: the event just published is written to the pages' sockets
        // only on the event loop's next turn, which must come before the next report is composed.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      for (const format of others) {
        for (const { key, job, paths, model, started } of composed) {
          if (this.pending || this.reports.get(key)?.failure) continue;
          const rendering = started.get(format) ?? renderJob(engine, model, [format], [], render);
          rendering.catch(() => undefined); // when a change is seen first, it finishes unawaited (into the artefact cache)
          try {
            const done = await Promise.race([rendering, changeSeen]);
            if (done !== "changed") {
              made(paths, format, done[0]!);
              composed.find((c) => c.key === key)!.files.push(done[0]!);
            }
          } catch (e) {
            failed(key, job, paths, e);
          }
        }
      }
      // Each web page now links to its report's other files, as the build's page does (report-links.ts). Not
      // announced: the page's text is what it showed; the end of the rebuild lists it among the changed files.
      if (!this.pending) {
        for (const { key, paths, files } of composed) {
          if (this.reports.get(key)?.failure || files.length < this.options.formats.length) continue;
          const [page] = withReportLinks(files);
          this.good.set(paths.get(first!)!, { data: page!.data as Buffer, format: first! });
        }
      }
      this.interrupt = undefined;
      superseded = this.pending !== undefined;
      if (!superseded) {
        for (const key of [...this.reports.keys()]) if (!known.has(key)) this.reports.delete(key);
        // The pages each place's gap shows in, gathered in one pass.
        const pages = new Map<string, Set<string>>();
        for (const g of gaps ?? []) {
          const page = shownIn.get(g);
          if (page === undefined) continue;
          const key = gapPlace(g);
          if (!pages.has(key)) pages.set(key, new Set());
          pages.get(key)!.add(page);
        }
        this.draftGaps = uniqueGaps(gaps ?? []).map((g) => ({ ...g, pages: [...(pages.get(gapPlace(g)) ?? [])] }));
      }
    } catch (e) {
      this.failureOfAll = asFailure(e);
    }
    this.builds++;
    const after = this.snapshot();
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p)).sort();
    publish(changed);
    const cpu = process.cpuUsage(cpu0);
    return { build: this.builds, changed, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, superseded };
  }

  /** Served path → what it shows now (its bytes' identity and its report's failure), to see what changed. */
  private snapshot(): Map<string, string | undefined> {
    const out = new Map<string, string | undefined>();
    for (const r of this.reports.values()) {
      for (const path of r.paths.values()) {
        const failure = r.failure ?? this.failureOfAll;
        const data = this.good.get(path)?.data;
        out.set(path, failure ? `failed: ${failureText(failure)}` : data && digestOf(data));
      }
    }
    return out;
  }
}

/** A file's SHA-256, once per buffer: every file made is compared with the last after each step of a rebuild. */
const digests = new WeakMap<Buffer, string>();
function digestOf(data: Buffer): string {
  let digest = digests.get(data);
  if (!digest) digests.set(data, (digest = createHash("sha256").update(data).digest("hex")));
  return digest;
}

export function asFailure(e: unknown): Failure {
  if (e instanceof UserError) return { problems: e.problems };
  const error = e as Error;
  return { problems: [{ message: `a bug, not a problem with your files: ${error?.message ?? String(e)}` }], bug: error?.stack ?? String(e) };
}

export function failureText(f: Failure): string {
  return new UserError(f.problems).message;
}
