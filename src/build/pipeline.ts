/**
 * The pipeline, drawn once:
 *
 *   data/ ──load+validate──▶ Dataset ──templates/──▶ Markdown ──parse──▶ DocModel ──▶ renderers: pdf, docx
 *                                   charts (vega-lite → SVG) ───────┘                    └─▶ out/ + out/manifest.json
 *
 *   src/data      load + validate data/ → Dataset            src/template  Handlebars helpers, Markdown per report
 *   src/charts    vega-lite specs → SVG (real font metrics)   src/model     Markdown (mdast) → DocModel, layout figures
 *   src/fonts     fonts by role, glyph coverage               src/render    pdf/, docx/: DocModel → bytes
 *   src/build     options, job selection, render pool,        src/cli.ts    flags → build → exit code
 *                 outputs + manifest
 *
 * Everything slow and shared (dataset, templates, fonts, chart specs) is loaded once per process in an
 * Engine. Each job (one report for one region) composes its model in this thread; its formats are
 * rendered in memory, on render workers and, once every report is composed, here too (render-pool.ts).
 * Nothing is written until every job has succeeded.
 */
import { relative, resolve } from "node:path";
import { loadDataset } from "../data/load.js";
import type { Dataset } from "../data/types.js";
import { compileTemplates, type TemplateSet } from "../template/compile.js";
import { loadFontProfile, type FontProfile } from "../fonts/profile.js";
import { checkCoverage } from "../fonts/coverage.js";
import { createChartRenderer } from "../charts/render.js";
import { compose, type ChartRenderer } from "../compose.js";
import { RENDERERS } from "../render/index.js";
import { buildDate, type BuildOptions, type Format } from "./options.js";
import { outputName, planJobs, resolveRegions, type Job } from "./select.js";
import { updateManifest, writeOutputs, type ManifestEntry, type OutputFile } from "./output.js";
import { completeness, completenessCsv } from "./completeness.js";
import type { RenderPool } from "./render-pool.js";
import type { DocModel } from "../model/types.js";
import { trace } from "../trace.js";
import { useArtefactCache } from "../cache/store.js";
import { cachedDocument } from "../cache/documents.js";

/** What planning needs: cheap to load, so the main thread of a parallel build loads only this. */
export interface Plan {
  readonly root: string;
  readonly dataset: Dataset;
  readonly templates: TemplateSet;
}

/** Everything a job needs, loaded once per process (or worker thread). */
export interface Engine extends Plan {
  readonly fonts: FontProfile;
  readonly charts: ChartRenderer;
  readonly date: Date;
}

export function loadPlan(root: string, options: Pick<BuildOptions, "year">): Plan {
  const display = (file: string): string => relative(root, file) || file;
  const dataset = loadDataset(resolve(root, "data"), options.year, root);
  trace("data loaded");
  const templates = compileTemplates(resolve(root, "templates"), display);
  trace("templates compiled");
  return { root, dataset, templates };
}

export function loadEngine(root: string, options: Pick<BuildOptions, "year" | "fonts">, plan = loadPlan(root, options)): Engine {
  const display = (file: string): string => relative(root, file) || file;
  const fonts = loadFontProfile(options.fonts, resolve(root, "fonts"), display);
  trace("fonts loaded");
  const charts = createChartRenderer(resolve(root, "templates"), fonts, display);
  trace("charts ready");
  return { ...plan, fonts, charts, date: buildDate(process.env, plan.dataset.document.date) };
}

/** Renders one format of a model: in this thread, or on a render worker (render-pool.ts). */
export type RenderFn = (model: DocModel, format: Format, date: Date) => Promise<Buffer>;

export const renderHere =
  (engine: Engine): RenderFn =>
  (model, format, date) =>
    RENDERERS[format](model, engine.fonts, { date });

export interface ComposedJob {
  readonly job: Job;
  readonly markdown: string;
  readonly model: DocModel;
}

/** Data and templates (and charts) → the report's model, its glyphs checked against the fonts. */
export async function composeJob(engine: Engine, job: Job, onMarkdown?: (markdown: string) => void): Promise<ComposedJob> {
  const { markdown, model } = await compose(engine.templates, engine.dataset, job.report, job.region, engine.charts, onMarkdown);
  trace(`composed ${job.region.code}`);
  checkCoverage(model, engine.fonts, `report ${job.report} for ${job.region.code}`);
  trace(`coverage checked ${job.region.code}`);
  return { job, markdown, model };
}

/** The model → a file per format (and the --emit intermediates); nothing written yet. */
export async function renderJob(engine: Engine, { job, markdown, model }: ComposedJob, formats: readonly Format[], emit: BuildOptions["emit"], render: RenderFn): Promise<OutputFile[]> {
  const year = engine.dataset.year;
  const dir = String(year);
  const extras: OutputFile[] = [];
  if (emit.includes("model")) extras.push({ name: `${dir}/${outputName(job, "model.json")}`, data: `${JSON.stringify(model, null, 2)}\n` });
  if (emit.includes("markdown")) extras.push({ name: `${dir}/${outputName(job, "md")}`, data: `${markdown}\n` });
  if (emit.includes("charts")) {
    for (const block of model.blocks) {
      if (block.type === "figure") extras.push({ name: `${dir}/charts/${job.region.code}-${job.report}-fig${block.number}-${block.chart}.svg`, data: block.svg });
    }
  }
  const documents = await Promise.all(
    formats.map(async (format): Promise<OutputFile> => ({
      name: `${dir}/${outputName(job, format)}`,
      data: await cachedDocument(model, format, engine.date, engine.fonts, render),
      entry: { report: job.report, region: job.region.code, year, format },
    })),
  );
  return [...documents, ...extras];
}

export interface BuildResult {
  readonly jobs: readonly Job[];
  /** The font profile used ("default" or "official"). */
  readonly fonts: string;
  readonly entries: readonly ManifestEntry[];
  /** The manifest written; none with --check. */
  readonly manifest: string | undefined;
}

export interface Reporter {
  start(total: number): void;
  done(job: Job, ms: number): void;
}

/**
 * The whole build: plan the jobs, compose each report here and render its formats — on the render pool's
 * workers when one is given (the CLI starts it first thing, so the workers load while this thread does),
 * else in this thread — then, only when every job has succeeded, write the files, the completeness
 * report and the manifest. Whoever made the pool closes it.
 */
export async function build(root: string, options: BuildOptions, reporter: Reporter, pool?: RenderPool): Promise<BuildResult> {
  useArtefactCache(root);
  const plan = loadPlan(root, options);
  const regions = resolveRegions(options.region, plan.dataset.regions);
  const jobs = planJobs(plan.templates, regions, plan.dataset.regions, options.shard);
  const engine = loadEngine(root, options, plan);
  reporter.start(jobs.length);
  const render = pool ? pool.render.bind(pool) : renderHere(engine);
  const pending: Promise<OutputFile[]>[] = [];
  for (const job of jobs) {
    const t0 = performance.now();
    // Composing is done here, one report at a time; on workers, rendering overlaps with the next report.
    // The first report's Markdown goes to the render workers at once: they prepare its text (render-pool.ts
    // hint) while this thread parses it and draws its charts.
    const composed = await composeJob(engine, job, pool && job === jobs[0] ? (markdown) => pool.hint(markdown) : undefined);
    if (options.check) {
      reporter.done(job, performance.now() - t0);
      continue;
    }
    const files = renderJob(engine, composed, options.formats, options.emit, render).then((f) => {
      reporter.done(job, performance.now() - t0);
      return f;
    });
    files.catch(() => undefined); // handled by Promise.all below; keeps an early failure from going unhandled
    pending.push(files);
    if (!pool) await files;
  }
  // Nothing left to compose: this thread renders too (render-pool.ts join).
  pool?.join(renderHere(engine));
  let files: OutputFile[];
  try {
    files = (await Promise.all(pending)).flat();
  } finally {
    pool?.leave();
  }
  if (options.check) return { jobs, fonts: engine.fonts.name, entries: [], manifest: undefined };
  const year = String(plan.dataset.year);
  files.push({ name: `${year}/completeness.csv`, data: completenessCsv(completeness(plan.dataset)) });
  trace("rendered all");
  const entries = writeOutputs(root, options.out, files);
  const manifest = updateManifest(root, options.out, entries);
  trace("written");
  return { jobs, fonts: engine.fonts.name, entries, manifest };
}
