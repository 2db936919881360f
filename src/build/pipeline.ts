/**
 * The pipeline, drawn once:
 *
 *   data/ ─load+validate+rules─▶ Dataset ─templates/─▶ Markdown ─parse─▶ DocModel ─present─▶ PresentedDocument ─▶ pdf, docx, html
 *                                        charts (vega-lite → SVG) ─────┘      (page profile,                    └─▶ out/ + manifest.json
 *                                                                              pagination)                          + <year>/index.html
 *
 *   src/data      load + validate data/ → Dataset (CSV, xlsx)   src/template  report kinds, Handlebars helpers, Markdown
 *   src/rules     consistency rules → validation.csv            src/brief     a brief's figures and passages
 *   src/charts    vega-lite specs → SVG (real font metrics)     src/model     Markdown (mdast) → DocModel
 *   src/fonts     fonts by role, glyph coverage                 src/present   DocModel → PresentedDocument (page profile)
 *   src/render    pdf/, docx/, html/: PresentedDocument → bytes src/cache     content-addressed artefacts
 *   src/options   flags (FLAGS)                                 src/plan      jobs: kinds × regions
 *   src/formats.ts the one format table                         src/output    all-or-nothing writes, manifest
 *   src/pool      render workers                                src/cli.ts    flags → build → exit code
 *   src/products  completeness.csv, the year's index page, a report page's links to its other files
 *
 * Everything slow and shared (dataset, templates, fonts, chart specs) is loaded once per process in an
 * Engine. Each job (one report for one region) composes its model in this thread; its formats are
 * rendered in memory, on render workers and, once every report is composed, here too (src/pool/).
 * Each job's files go to a staging folder as they are rendered; the set replaces the output folder only
 * when every job has succeeded (src/output/stage.ts).
 */
import { relative, resolve } from "node:path";
import { loadDataset } from "../data/load.js";
import type { Dataset } from "../data/types.js";
import { compileTemplates, type TemplateSet } from "../template/compile.js";
import { loadFontProfile, type FontProfile } from "../fonts/profile.js";
import { checkCoverage } from "../fonts/coverage.js";
import { createChartRenderer } from "../charts/render.js";
import { basisModels, briefGaps, briefOf, compose, type ChartRenderer } from "../compose.js";
import { renderMarkdown } from "../template/compile.js";
import type { RenderedChunk } from "../template/source-map.js";
import { documentMark, documentText } from "../template/context.js";
import { chartSpecs, markChartGapsIn } from "../template/chart-gaps.js";
import type { ChartSpec } from "../charts/spec.js";
import { gapsCsv, gapsError, uniqueGaps, type Gap } from "../template/gaps.js";
import { layoutOf, RENDERERS, type RenderOptions } from "../render/index.js";
import { buildDate, type BuildOptions, type Format } from "../options/flags.js";
import { formatSpec } from "../formats.js";
import { withReportLinks } from "../products/report-links.js";
import { checkKindRegions, outputName, planJobs, resolveRegions, selectKinds, type Job } from "../plan/jobs.js";
import { OutputStage, type ManifestEntry, type OutputFile } from "../output/stage.js";
import { completeness, completenessCsv } from "../products/completeness.js";
import { yearIndex } from "../products/year-index.js";
import { ruleProblems, validateDataset, validationCsv, type Validation } from "../rules/report.js";
import { UserError } from "../errors.js";
import type { RenderPool } from "../pool/render-pool.js";
import type { DocModel } from "../model/types.js";
import { trace } from "../trace.js";
import { useArtefactCache } from "../cache/store.js";
import { cachedDocument } from "../cache/documents.js";
import type { TreeMemo } from "../model/markdown-tree.js";

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
  /** Markdown trees of templates' output kept between builds (the preview's; src/model/markdown-tree.ts). */
  readonly trees?: TreeMemo;
}

export function loadPlan(root: string, options: Pick<BuildOptions, "year">): Plan {
  const display = (file: string): string => relative(root, file) || file;
  const dataset = loadDataset(resolve(root, "data"), options.year, root);
  trace("data loaded");
  const templates = compileTemplates(resolve(root, "templates"), display, root);
  trace("templates compiled");
  return { root, dataset, templates };
}

export function loadEngine(root: string, options: Pick<BuildOptions, "year" | "fonts">, plan = loadPlan(root, options)): Engine {
  const display = (file: string): string => relative(root, file) || file;
  const fonts = loadFontProfile(options.fonts, resolve(root, "fonts"), display);
  trace("fonts loaded");
  const charts = createChartRenderer(resolve(root, "templates"), fonts, display);
  trace("charts ready");
  return { ...plan, fonts, charts };
}

/**
 * The date written into a job's files: SOURCE_DATE_EPOCH, else its kind's 成文日期, else (none, or not
 * known yet in a draft) 1 January of the year after the data year — fixed, so drafts are reproducible too.
 */
export function jobDate(plan: Plan, job: Job): Date {
  const date = plan.templates.document(job.report, plan.dataset.year).date;
  return buildDate(process.env, date === undefined || date === "unknown" ? `${plan.dataset.year + 1}-01-01` : date);
}

/** Renders one format of a model: in this thread, or on a render worker (render-pool.ts). */
export type RenderFn = (model: DocModel, format: Format, options: RenderOptions) => Promise<Buffer>;

export const renderHere =
  (engine: Engine): RenderFn =>
  (model, format, options) =>
    RENDERERS[format](model, engine.fonts, options);

export interface ComposedJob {
  readonly job: Job;
  readonly markdown: string;
  readonly model: DocModel;
}

/** Chart specs (for marking charts a draft cannot draw yet) per template set: read once per build, not per report. */
const specLoaders = new WeakMap<TemplateSet, (name: string) => ChartSpec>();
function specsOf(root: string, templates: TemplateSet): (name: string) => ChartSpec {
  let specs = specLoaders.get(templates);
  if (!specs) specLoaders.set(templates, (specs = chartSpecs(resolve(root, "templates"), (file) => relative(root, file) || file)));
  return specs;
}

/** Per engine, each kind's province model: a brief's basis (src/brief/), composed once or taken from its own job. */
const bases = new WeakMap<Engine, ReturnType<typeof basisModels>>();

/**
 * Data and templates (and charts) → the report's model, its glyphs checked against the fonts.
 * @param prepared the report's Markdown (and what each template rendered, for the source map) when already
 *   rendered: build renders every plain report's first, to list its gaps.
 * @param gaps where a report's gaps go (shown as marks); without it a gap is an error.
 */
export async function composeJob(engine: Engine, job: Job, prepared?: { readonly markdown: string; readonly chunks: readonly RenderedChunk[] }, gaps?: Gap[]): Promise<ComposedJob> {
  const drafting = gaps ? { gaps, specs: specsOf(engine.root, engine.templates) } : undefined;
  let basis = bases.get(engine);
  if (!basis) bases.set(engine, (basis = basisModels(engine.templates, engine.dataset, engine.charts, drafting)));
  const composed = await compose(engine.templates, engine.dataset, job.report, job.region, engine.charts, {
    ...(prepared && { markdown: prepared.markdown, chunks: [...prepared.chunks] }),
    ...drafting,
    brief: { date: jobDate(engine, job), basis: basis.basis },
    ...(engine.trees && { trees: engine.trees }),
  });
  const { model, markdown } = composed;
  if (job.region.level === "province") basis.remember(job.report, model);
  trace(`composed ${job.region.code}`);
  checkCoverage(model, engine.fonts, `report ${job.report} for ${job.region.code}`);
  trace(`coverage checked ${job.region.code}`);
  return { job, markdown, model };
}

/**
 * The model → a file per format (and the --emit intermediates); nothing written yet.
 * @param extra render options beside the job's date: the preview's `sources` (a build sets none).
 * @param linked the web page links to the other files rendered here (report-links.ts); false: the page as the
 *   renderer made it, for a caller that renders the formats one by one and links them itself (the preview).
 */
export async function renderJob(engine: Engine, { job, markdown, model }: ComposedJob, formats: readonly Format[], emit: BuildOptions["emit"], render: RenderFn, extra: Omit<RenderOptions, "date"> = {}, linked = true): Promise<OutputFile[]> {
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
  if (emit.includes("layout")) extras.push({ name: `${dir}/${outputName(job, "layout.json")}`, data: await layoutOf(model, engine.fonts) });
  const documents = await Promise.all(
    formats.map(async (format): Promise<OutputFile> => ({
      name: `${dir}/${outputName(job, formatSpec(format).extension)}`,
      data: await cachedDocument(model, format, { date: jobDate(engine, job), ...extra }, engine.fonts, render),
      entry: { report: job.report, region: job.region.code, year, format, title: model.meta.title },
    })),
  );
  return [...(linked ? withReportLinks(documents) : documents), ...extras];
}

export interface BuildResult {
  readonly jobs: readonly Job[];
  /** The font profile used ("default" or "official"). */
  readonly fonts: string;
  readonly entries: readonly ManifestEntry[];
  /** The manifest written; none with --check. */
  readonly manifest: string | undefined;
  /** With --draft: every gap (figure not published yet, unknown metadata), once per place. */
  readonly gaps: readonly Gap[];
  /** The consistency rules' results (data/<year>/rules.yaml); written to <out>/<year>/validation.csv. */
  readonly validation?: Validation;
  /** What the user should know although the build succeeded (a leftover folder beside out/ that could not be removed). */
  readonly warnings?: readonly string[];
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
  // The output folder is checked (and a killed build's leftovers cleaned) before any work is done.
  const stage = options.check ? undefined : OutputStage.open(root, options.out, { force: options.force });
  try {
    return await buildInto(root, options, reporter, stage, pool);
  } finally {
    stage?.abort(); // after a commit, nothing to do; after a failure, the staging folder goes
  }
}

async function buildInto(root: string, options: BuildOptions, reporter: Reporter, stage: OutputStage | undefined, pool?: RenderPool): Promise<BuildResult> {
  const plan = loadPlan(root, options);
  // Consistency rules first: with --strict a failed rule stops the build before anything is rendered.
  const validation = validateDataset(root, resolve(root, "data"), plan.dataset);
  if (options.strict && ruleProblems(validation.results).length > 0) throw new UserError(ruleProblems(validation.results));
  const regions = resolveRegions(options.region, plan.dataset.regions);
  const kinds = selectKinds(plan.templates, plan.dataset.year, options.reports);
  checkKindRegions(kinds, plan.dataset.regions, (file) => relative(root, file) || file);
  const jobs = planJobs(plan.templates, regions, plan.dataset.regions, options.shard, kinds);
  if (jobs.length === 0 && !options.shard) {
    throw new UserError({ message: `no report to build: ${kinds.map((k) => k.kind).join(", ")} ${kinds.length > 1 ? "are" : "is"} not made for ${options.region}`, hint: "see `regions:` in templates/<kind>/report.yaml, or choose another --region" });
  }
  // Every report's Markdown first (cheap): a build that is not a draft stops here with every gap at once.
  const gaps: Gap[] = [];
  const specs = specsOf(root, plan.templates);
  // A brief's Markdown needs its basis composed (charts included), so it is rendered when the brief is composed.
  const prepared = jobs.map((job) => {
    if (briefOf(plan.templates, job.report)) {
      briefGaps(plan.templates, plan.dataset, job.report, job.region, gaps);
      return undefined;
    }
    const chunks: RenderedChunk[] = [];
    const markdown = markChartGapsIn(renderMarkdown(plan.templates, job.report, plan.dataset, job.region, { gaps, chunks }), chunks, plan.dataset, job.region, specs, gaps);
    return { markdown, chunks };
  });
  trace("markdown rendered");
  if (!options.draft && gaps.length > 0) throw gapsError(gaps);
  // The first report's Markdown to a render worker, which makes from it what the formats this thread renders can
  // use (render-pool.ts aid) while this thread composes.
  const first = prepared.find((p) => p !== undefined);
  if (pool && first) pool.aid(first.markdown);
  const engine = loadEngine(root, options, plan);
  reporter.start(jobs.length);
  const render = pool ? pool.render.bind(pool) : renderHere(engine);
  const pending: Promise<ManifestEntry[]>[] = [];
  for (const [i, job] of jobs.entries()) {
    const t0 = performance.now();
    // Composing is done here, one report at a time; on workers, rendering overlaps with the next report.
    const pre = prepared[i];
    const composed = await composeJob(engine, job, pre && { markdown: pre.markdown, chunks: pre.chunks }, options.draft ? gaps : undefined);
    if (!stage) {
      reporter.done(job, performance.now() - t0);
      continue;
    }
    // Each report's files go to the staging folder as soon as they are rendered (output.ts): memory does
    // not grow with the number of reports.
    const written = renderJob(engine, composed, options.formats, options.emit, render).then((f) => {
      const entries = stage.write(f);
      reporter.done(job, performance.now() - t0);
      return entries;
    });
    written.catch(() => undefined); // handled by Promise.all below; keeps an early failure from going unhandled
    pending.push(written);
    if (!pool) await written;
  }
  // Nothing left to compose: this thread renders too (render-pool.ts join).
  pool?.join(renderHere(engine));
  let entries: ManifestEntry[];
  try {
    entries = (await Promise.all(pending)).flat();
  } finally {
    pool?.leave();
  }
  const listed = uniqueGaps(gaps);
  if (!stage) return { jobs, fonts: engine.fonts.name, entries: [], manifest: undefined, gaps: listed, validation };
  const year = String(plan.dataset.year);
  stage.write([
    { name: `${year}/completeness.csv`, data: completenessCsv(completeness(plan.dataset)) },
    { name: `${year}/validation.csv`, data: validationCsv(validation) },
    ...(options.draft ? [{ name: `${year}/gaps.csv`, data: gapsCsv(listed) }] : []),
  ]);
  trace("rendered all");
  // The year's index page lists what the manifest will list (earlier builds' reports still in the set
  // included); its heading is the title of the year's first report kind (the bulletin) as its metadata gives it.
  const heading = documentText(plan.templates.document(kinds[0]!.kind, plan.dataset.year), documentMark).title;
  stage.write([yearIndex(stage.outputs(), plan.dataset.year, heading)]);
  const manifest = stage.commit();
  trace("written");
  return { jobs, fonts: engine.fonts.name, entries, manifest, gaps: listed, validation, warnings: stage.warnings };
}
