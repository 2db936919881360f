/**
 * Dataset + templates (+ charts) → Markdown → DocModel, for one report and one region.
 * The only place that knows all three inputs; renderers start from its result.
 */
import type { Dataset, Region } from "./data/types.js";
import type { DocModel } from "./model/types.js";
import { parseMarkdown, type ChartFigure } from "./model/parse.js";
import { docNumberText, officialDate } from "./model/numbering.js";
import { trace } from "./trace.js";
import { renderMarkdown, type ReportKind, type TemplateSet } from "./template/compile.js";
import { sourceMap, type RenderedChunk } from "./template/source-map.js";

/** Renders the chart `templates/charts/<spec>.vl.json` for a dataset, highlighting `region`. */
export type ChartRenderer = (spec: string, dataset: Dataset, region: Region) => Promise<ChartFigure>;

export interface Composed {
  readonly markdown: string;
  readonly model: DocModel;
}

/** @param onMarkdown given the report's Markdown as soon as it is rendered, before it is parsed and its charts drawn. */
export async function compose(templates: TemplateSet, dataset: Dataset, kind: ReportKind, region: Region, renderChart: ChartRenderer, onMarkdown?: (markdown: string) => void): Promise<Composed> {
  const chunks: RenderedChunk[] = [];
  const markdown = renderMarkdown(templates, kind, dataset, region, chunks);
  onMarkdown?.(markdown);
  trace(`markdown ${region.code}`);
  const doc = dataset.document;
  const title = markdown.match(/^# (.+)$/m)?.[1]?.trim() ?? doc.title;
  const model = await parseMarkdown(markdown, {
    origin: `Markdown of report ${kind} for ${region.code} (write it with --emit markdown)`,
    meta: {
      report: kind,
      region: { code: region.code, name: region.name },
      year: dataset.year,
      title,
      author: doc.issuers.join(" "),
      subject: doc.title,
      keywords: doc.keywords,
      lang: "zh-CN",
    },
    docNumber: docNumberText(doc.docNumber),
    signature: { issuers: doc.issuers, date: officialDate(doc.date) },
    renderChart: (spec) => renderChart(spec, dataset, region),
    sourceOf: sourceMap(chunks),
  });
  return { markdown, model };
}
