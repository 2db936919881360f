/**
 * The pipeline, drawn once:
 *
 *   data/ ──load+validate──▶ Dataset ──templates/──▶ Markdown ──parse──▶ DocModel ──▶ renderers: pdf, docx
 *                                   charts (vega-lite → SVG) ───────┘                    └─▶ out/ + out/manifest.json
 *
 *   src/data      load + validate data/ → Dataset            src/template  Handlebars helpers, Markdown per report
 *   src/charts    vega-lite specs → SVG (real font metrics)   src/model     Markdown (mdast) → DocModel, layout figures
 *   src/fonts     fonts by role, glyph coverage               src/render    pdf/, docx/: DocModel → bytes
 *   src/build     options, job selection, output + manifest   src/cli.ts    flags → build → exit code
 *
 * Everything slow and shared (dataset, templates, fonts, chart specs) is loaded once per process in an
 * Engine; each job (one report for one region) then composes its model and renders its formats in memory.
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
import { runInWorkers, workerCount } from "./workers.js";

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
  const templates = compileTemplates(resolve(root, "templates"), display);
  return { root, dataset, templates };
}

export function loadEngine(root: string, options: Pick<BuildOptions, "year" | "fonts">, plan = loadPlan(root, options)): Engine {
  const display = (file: string): string => relative(root, file) || file;
  const fonts = loadFontProfile(options.fonts, resolve(root, "fonts"), display);
  const charts = createChartRenderer(resolve(root, "templates"), fonts, display);
  return { ...plan, fonts, charts, date: buildDate(process.env, plan.dataset.document.date) };
}

/** One report for one region: compose, check glyphs, render each format; returns files, nothing written. */
export async function buildJob(engine: Engine, job: Job, formats: readonly Format[], emit: BuildOptions["emit"]): Promise<OutputFile[]> {
  const { markdown, model } = await compose(engine.templates, engine.dataset, job.report, job.region, engine.charts);
  checkCoverage(model, engine.fonts, `report ${job.report} for ${job.region.code}`);
  const year = engine.dataset.year;
  const dir = String(year);
  const files: OutputFile[] = [];
  for (const format of formats) {
    const data = await RENDERERS[format](model, engine.fonts, { date: engine.date });
    files.push({ name: `${dir}/${outputName(job, format)}`, data, entry: { report: job.report, region: job.region.code, year, format } });
  }
  if (emit.includes("model")) files.push({ name: `${dir}/${outputName(job, "model.json")}`, data: `${JSON.stringify(model, null, 2)}\n` });
  if (emit.includes("markdown")) files.push({ name: `${dir}/${outputName(job, "md")}`, data: `${markdown}\n` });
  if (emit.includes("charts")) {
    for (const block of model.blocks) {
      if (block.type === "figure") files.push({ name: `${dir}/charts/${job.region.code}-${job.report}-fig${block.number}-${block.chart}.svg`, data: block.svg });
    }
  }
  return files;
}

export interface BuildResult {
  readonly jobs: readonly Job[];
  readonly entries: readonly ManifestEntry[];
  readonly manifest: string;
}

export interface Reporter {
  start(total: number): void;
  done(job: Job, ms: number): void;
}

/**
 * The whole build: plan the jobs, run them (on worker threads when there are several and --jobs allows),
 * then — only when every job has succeeded — write the files, the completeness report and the manifest.
 */
export async function build(root: string, options: BuildOptions, reporter: Reporter, runner?: JobRunner): Promise<BuildResult> {
  const plan = loadPlan(root, options);
  // Fail early on a bad SOURCE_DATE_EPOCH, before any worker starts.
  buildDate(process.env, plan.dataset.document.date);
  const regions = resolveRegions(options.region, plan.dataset.regions);
  const jobs = planJobs(plan.templates, regions, plan.dataset.regions, options.shard);
  reporter.start(jobs.length);
  const run = runner ?? (workerCount(jobs.length, options.jobs) > 1 ? runInWorkers : runInProcess);
  const files = await run(plan, jobs, options, reporter);
  const year = String(plan.dataset.year);
  files.push({ name: `${year}/completeness.csv`, data: completenessCsv(completeness(plan.dataset)) });
  const entries = writeOutputs(root, options.out, files);
  const manifest = updateManifest(root, options.out, entries);
  return { jobs, entries, manifest };
}

export type JobRunner = (plan: Plan, jobs: readonly Job[], options: BuildOptions, reporter: Reporter) => Promise<OutputFile[]>;

export const runInProcess: JobRunner = async (plan, jobs, options, reporter) => {
  const engine = loadEngine(plan.root, options, plan);
  const files: OutputFile[] = [];
  for (const job of jobs) {
    const t0 = performance.now();
    files.push(...(await buildJob(engine, job, options.formats, options.emit)));
    reporter.done(job, performance.now() - t0);
  }
  return files;
};
