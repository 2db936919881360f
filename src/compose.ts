/**
 * Dataset + templates (+ charts) → Markdown → DocModel, for one report and one region.
 * The only place that knows all three inputs; renderers start from its result.
 */
import type { Dataset, Region } from "./data/types.js";
import type { DocModel } from "./model/types.js";
import { parseMarkdown, type ChartFigure } from "./model/parse.js";
import { trace } from "./trace.js";
import { renderMarkdown, type RenderOptions, type ReportKind, type TemplateSet } from "./template/compile.js";
import { documentMark, documentText } from "./template/context.js";
import { gapsAsText } from "./template/gaps.js";

/** Renders the chart `templates/charts/<spec>.vl.json` for a dataset, highlighting `region`. */
export type ChartRenderer = (spec: string, dataset: Dataset, region: Region) => Promise<ChartFigure>;

export interface Composed {
  readonly markdown: string;
  readonly model: DocModel;
}

/**
 * @param onMarkdown given the report's Markdown as soon as it is rendered, before it is parsed and its charts drawn.
 * @param options.gaps collects the report's gaps (shown as marks); without it a gap is an error (compile.ts).
 */
export async function compose(templates: TemplateSet, dataset: Dataset, kind: ReportKind, region: Region, renderChart: ChartRenderer, onMarkdown?: (markdown: string) => void, options: RenderOptions = {}): Promise<Composed> {
  const markdown = renderMarkdown(templates, kind, dataset, region, options);
  onMarkdown?.(markdown);
  trace(`markdown ${region.code}`);
  return { markdown, model: await composeModel(templates, dataset, kind, region, markdown, renderChart) };
}

/** The report's Markdown (from renderMarkdown) → its model, with the kind's metadata of the year. */
export async function composeModel(templates: TemplateSet, dataset: Dataset, kind: ReportKind, region: Region, markdown: string, renderChart: ChartRenderer): Promise<DocModel> {
  const doc = templates.document(kind, dataset.year);
  // Unknown fields read as 【待补充：…】 (their gaps were listed when the Markdown was rendered).
  const text = documentText(doc, documentMark);
  const issuers = doc.issuers === undefined ? [] : doc.issuers === "unknown" ? [text.issuers] : doc.issuers;
  const heading = markdown.match(/^# (.+)$/m)?.[1]?.trim();
  const title = heading === undefined ? text.title : gapsAsText(heading);
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
    },
    ...(text.number && { docNumber: text.number }),
    signature: { issuers, date: text.date },
    renderChart: (spec) => renderChart(spec, dataset, region),
  });
}
