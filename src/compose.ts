/**
 * Dataset + templates (+ charts) → Markdown → DocModel, for one report and one region.
 * The only place that knows all three inputs; renderers start from its result.
 */
import type { Dataset, Region } from "./data/types.js";
import type { DocModel } from "./model/types.js";
import { parseMarkdown, type ChartFigure } from "./model/parse.js";
import { trace } from "./trace.js";
import { renderMarkdown, type RenderOptions, type ReportKind, type TemplateSet } from "./template/compile.js";
import { documentGap, documentMark, documentText } from "./template/context.js";
import { gapsAsText, type Gap } from "./template/gaps.js";
import { markChartGapsIn } from "./template/chart-gaps.js";
import type { ChartSpec } from "./charts/spec.js";
import { loadBriefConfig, type BriefConfig } from "./brief/config.js";
import { UserError } from "./errors.js";
import { briefContext } from "./brief/context.js";
import { sourceMap, templateHash, type RenderedChunk } from "./template/source-map.js";
import type { TreeMemo } from "./model/markdown-tree.js";

/**
 * Renders the chart `templates/charts/<spec>.vl.json` for a dataset, highlighting `region`; with `indicator`,
 * that one indicator instead of the spec's list (`::chart{spec="…" indicator="…"}`).
 */
export type ChartRenderer = (spec: string, dataset: Dataset, region: Region, indicator?: string) => Promise<ChartFigure>;

export interface Composed {
  readonly markdown: string;
  readonly model: DocModel;
}

/** 来源: the first source's publisher (贵州省统计局网站), else its title; none when document.yaml lists none. */
function publishedAt(sources: Dataset["document"]["sources"]): { source?: string } {
  const first = Object.values(sources)[0];
  const source = first?.publisher ?? first?.title;
  return source ? { source } : {};
}

/**
 * What a brief (a kind with templates/<kind>/brief.yaml, src/brief/) needs besides the data: the build date
 * for its basis line and the composed province model of the report it is based on.
 */
export interface BriefInputs {
  readonly date: Date;
  readonly basis: (kind: ReportKind) => Promise<DocModel>;
}

/**
 * Each kind's province model, composed once (a brief's basis): the pipeline remembers the ones it composed anyway.
 * @param drafting in a --draft build, where the basis's gaps go and the chart specs to mark charts that cannot be drawn yet.
 */
export function basisModels(templates: TemplateSet, dataset: Dataset, renderChart: ChartRenderer, drafting?: { readonly gaps: Gap[]; readonly specs: (name: string) => ChartSpec }): { basis: BriefInputs["basis"]; remember: (kind: ReportKind, model: DocModel) => void } {
  const models = new Map<ReportKind, Promise<DocModel>>();
  const province = dataset.regions[0]!;
  return {
    basis: (kind) => {
      let model = models.get(kind);
      if (!model) {
        model = compose(templates, dataset, kind, province, renderChart, drafting ?? {}).then((c) => c.model);
        models.set(kind, model);
      }
      return model;
    },
    remember: (kind, model) => void models.set(kind, Promise.resolve(model)),
  };
}

/** The kind's brief configuration, or undefined when the kind is not a brief (templates/<kind>/brief.yaml). */
export function briefOf(templates: TemplateSet, kind: ReportKind): BriefConfig | undefined {
  return loadBriefConfig(templates.dir, kind);
}

/**
 * A brief's gaps without composing its basis: its Markdown rendered with an empty basis (no passages), so that
 * the build's gap pass lists a brief's gaps with every other report's (one error for all, before any rendering).
 */
export function briefGaps(templates: TemplateSet, dataset: Dataset, kind: ReportKind, region: Region, gaps: Gap[]): void {
  const config = briefOf(templates, kind);
  if (!config) return;
  const empty: DocModel = { meta: { report: config.basis, region: { code: region.code, name: region.name }, year: dataset.year, title: "", author: "", subject: "", keywords: [], lang: "zh-CN" }, blocks: [] };
  const basisText = documentText(templates.document(config.basis, dataset.year), documentMark);
  const brief = briefContext(config, dataset, region, empty, basisText, new Date(0), gaps);
  renderMarkdown(templates, kind, dataset, region, { gaps, extra: { brief } });
}

export interface ComposeOptions extends Omit<RenderOptions, "chunks" | "extra"> {
  /** The report's Markdown when already rendered (the build renders every plain report's first, for its gaps). */
  readonly markdown?: string;
  /** With `markdown`: what each template rendered (template/source-map.ts), so that errors name the template line. */
  readonly chunks?: readonly RenderedChunk[];
  /** For a brief: the build date and its basis; by default the basis is composed here and the date is the kind's 成文日期. */
  readonly brief?: BriefInputs;
  /** With `gaps`: the chart specs, so that a chart whose figures are not all there yet is marked instead of drawn (chart-gaps.ts). */
  readonly specs?: (name: string) => ChartSpec;
  /** Markdown trees of templates' output parsed before (the preview's, src/model/markdown-tree.ts). */
  readonly trees?: TreeMemo;
}

/** @param options.gaps collects the report's gaps (shown as marks); without it a gap is an error (compile.ts). */
export async function compose(templates: TemplateSet, dataset: Dataset, kind: ReportKind, region: Region, renderChart: ChartRenderer, options: ComposeOptions = {}): Promise<Composed> {
  const config = briefOf(templates, kind);
  let basis: DocModel | undefined;
  let extra: Record<string, unknown> | undefined;
  if (config) {
    const year = dataset.year;
    const plain = templates.kindsFor(year).map((k) => k.kind).filter((k) => !briefOf(templates, k));
    if (!plain.includes(config.basis)) {
      throw new UserError({ file: config.display, line: config.lineOf("basis"), path: "basis", message: `"${config.basis}" is not a report kind of ${year} a brief can be based on`, hint: `use one of: ${plain.join(", ") || "(none)"} (a kind in templates/ that is not a brief itself)` });
    }
    const doc = templates.document(kind, year);
    const drafting = options.gaps && options.specs ? { gaps: options.gaps, specs: options.specs } : undefined;
    const inputs = options.brief ?? { date: new Date(`${typeof doc.date === "string" && doc.date !== "unknown" ? doc.date : `${year + 1}-01-01`}T00:00:00+08:00`), basis: basisModels(templates, dataset, renderChart, drafting).basis };
    basis = await inputs.basis(config.basis);
    const basisText = documentText(templates.document(config.basis, year), documentMark);
    // The date a brief shows is known from SOURCE_DATE_EPOCH or the kind's 成文日期; the fallback day that
    // dates the files (jobDate) is never shown as its 编制日期.
    const known = Boolean(process.env.SOURCE_DATE_EPOCH) || (typeof doc.date === "string" && doc.date !== "unknown");
    extra = { brief: briefContext(config, dataset, region, basis, basisText, known ? inputs.date : { unknown: documentGap(doc, "date") }, options.gaps) };
  }
  let markdown = options.markdown;
  const chunks: RenderedChunk[] = markdown === undefined ? [] : [...(options.chunks ?? [])];
  if (markdown === undefined) {
    markdown = renderMarkdown(templates, kind, dataset, region, { ...(options.gaps && { gaps: options.gaps }), ...(extra && { extra }), chunks });
    if (options.gaps && options.specs) markdown = markChartGapsIn(markdown, chunks, dataset, region, options.specs, options.gaps);
  }
  trace(`markdown ${region.code}`);
  const model = await composeModel(templates, dataset, kind, region, markdown, renderChart, chunks, options.trees);
  if (config?.appendBasis && basis) {
    // The switch of templates/<kind>/brief.yaml: the basis follows in full, as the brief's 附件.
    return { markdown, model: { ...model, blocks: [...model.blocks, { type: "paragraph", runs: [{ text: "附件", style: "bold" }] }, ...basis.blocks] } };
  }
  return { markdown, model };
}

/** Each template file the chunks came from, once, with the SHA-256 of its text (what the DOCX records for review). */
function templateHashes(chunks: readonly RenderedChunk[]): { file: string; sha256: string }[] {
  const seen = new Map<string, string>();
  for (const c of chunks) if (!seen.has(c.file)) seen.set(c.file, templateHash(c.template));
  return [...seen].map(([file, sha256]) => ({ file, sha256 }));
}

/** The report's Markdown (from renderMarkdown) → its model, with the kind's metadata of the year. */
/**
 * @param chunks what each template rendered (the source map: errors name the template file and line; the
 *   Markdown parsed template by template, src/model/markdown-tree.ts).
 * @param trees Markdown trees of templates' output parsed before.
 */
export async function composeModel(templates: TemplateSet, dataset: Dataset, kind: ReportKind, region: Region, markdown: string, renderChart: ChartRenderer, chunks: readonly RenderedChunk[] = [], trees?: TreeMemo): Promise<DocModel> {
  const doc = templates.document(kind, dataset.year);
  // Unknown fields read as 【待补充：…】 (their gaps were listed when the Markdown was rendered).
  const text = documentText(doc, documentMark);
  const issuers = doc.issuers === undefined ? [] : doc.issuers === "unknown" ? [text.issuers] : doc.issuers;
  const heading = markdown.match(/^# (.+)$/m)?.[1]?.trim();
  const title = heading === undefined ? text.title : gapsAsText(heading);
  const page = templates.kinds.get(kind)?.page; // the kind's page profile (report.yaml `page:`)
  return parseMarkdown(markdown, {
    origin: `Markdown of report ${kind} for ${region.code} (write it with --emit markdown)`,
    meta: {
      report: kind,
      region: { code: region.code, name: region.name },
      year: dataset.year,
      title,
      author: text.issuers,
      subject: text.title,
      keywords: doc.keywords,
      lang: "zh-CN",
      ...publishedAt(dataset.document.sources),
      placeNames: placeNames(dataset),
      ...(page && { pageProfile: page }),
      ...(chunks.length > 0 && { templates: templateHashes(chunks) }),
    },
    ...(text.number && { docNumber: text.number }),
    signature: { issuers, date: text.date },
    renderChart: (spec, indicator) => renderChart(spec, dataset, region, indicator),
    sourceOf: sourceMap(chunks),
    pieces: chunks.map((c) => c.rendered),
    ...(trees && { trees }),
  });
}

/** Every region's name, short name and table heading, once each. */
function placeNames(dataset: Dataset): string[] {
  return [...new Set(dataset.regions.flatMap((r) => [r.name, r.short, r.table ?? r.name]))];
}
