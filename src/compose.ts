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
import { loadBriefConfig } from "./brief/config.js";
import { UserError } from "./errors.js";
import { briefContext } from "./brief/context.js";

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

/** Each kind's province model, composed once (a brief's basis): the pipeline remembers the ones it composed anyway. */
export function basisModels(templates: TemplateSet, dataset: Dataset, renderChart: ChartRenderer): { basis: BriefInputs["basis"]; remember: (kind: ReportKind, model: DocModel) => void } {
  const models = new Map<ReportKind, Promise<DocModel>>();
  const province = dataset.regions[0]!;
  return {
    basis: (kind) => {
      let model = models.get(kind);
      if (!model) {
        model = compose(templates, dataset, kind, province, renderChart).then((c) => c.model);
        models.set(kind, model);
      }
      return model;
    },
    remember: (kind, model) => void models.set(kind, Promise.resolve(model)),
  };
}

/**
 * @param onMarkdown given the report's Markdown as soon as it is rendered, before it is parsed and its charts drawn.
 * @param brief for a brief: the build date and its basis; by default the basis is composed here and the date
 *   is the bulletin's 成文日期 (what the build uses without SOURCE_DATE_EPOCH).
 */
export async function compose(templates: TemplateSet, dataset: Dataset, kind: ReportKind, region: Region, renderChart: ChartRenderer, onMarkdown?: (markdown: string) => void, brief?: BriefInputs): Promise<Composed> {
  const briefConfig = loadBriefConfig(templates.dir, kind);
  let basis: DocModel | undefined;
  let extra = {};
  if (briefConfig) {
    if (!templates.reports.has(briefConfig.basis) || loadBriefConfig(templates.dir, briefConfig.basis)) {
      const plain = [...templates.reports.keys()].filter((k) => !loadBriefConfig(templates.dir, k));
      throw new UserError({ file: briefConfig.display, line: briefConfig.lineOf("basis"), path: "basis", message: `"${briefConfig.basis}" is not a report kind a brief can be based on`, hint: `use one of: ${plain.join(", ")} (a kind of templates/reports.yaml that is not a brief itself)` });
    }
    const inputs = brief ?? { date: new Date(`${dataset.document.date}T00:00:00+08:00`), basis: basisModels(templates, dataset, renderChart).basis };
    basis = await inputs.basis(briefConfig.basis);
    extra = { brief: briefContext(briefConfig, dataset, region, basis, inputs.date) };
  }
  const markdown = renderMarkdown(templates, kind, dataset, region, extra);
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
      // A brief is not signed by the bulletin's issuers (issue 15): no author in its metadata.
      author: briefConfig ? "" : doc.issuers.join(" "),
      subject: doc.title,
      keywords: doc.keywords,
      lang: "zh-CN",
      ...publishedAt(doc.sources),
    },
    docNumber: docNumberText(doc.docNumber),
    signature: { issuers: doc.issuers, date: officialDate(doc.date) },
    renderChart: (spec, indicator) => renderChart(spec, dataset, region, indicator),
  });
  if (briefConfig?.appendBasis && basis) {
    // The switch of templates/<kind>/brief.yaml: the basis follows in full, as the brief's 附件.
    return { markdown, model: { ...model, blocks: [...model.blocks, { type: "paragraph", runs: [{ text: "附件", style: "bold" }] }, ...basis.blocks] } };
  }
  return { markdown, model };
}
