/**
 * Charts whose figures are not all published yet. A chart drawn from part of its figures would mislead,
 * and one with none cannot be drawn: in a report's Markdown, such a `::chart{spec="…"}` line (with or
 * without `indicator="…"`) becomes a paragraph naming the figure and marking each missing figure 待补充
 * (gaps.ts), and each is a gap located at the indicator's line in the chart spec. Missing: not published
 * yet (a row with no value and no note) — or, when the chart has no published figure at all (rows with a note
 * saying why, or no rows for its regions), every figure it shows: such a chart cannot be drawn either.
 */
import { join } from "node:path";
import { PROVINCE, type Dataset, type Region } from "../data/types.js";
import { loadChartSpec, type ChartSpec } from "../charts/spec.js";
import { gapDirective, type Gap } from "./gaps.js";
import type { RenderedChunk } from "./source-map.js";

const CHART_LINE = /^::chart\{([^}\n]*)\}[ \t]*$/gm;
const ATTRIBUTE = /([\w-]+)="([^"]*)"/g;

/** Reads chart specs once per templates folder. */
export function chartSpecs(templatesDir: string, display: (file: string) => string): (name: string) => ChartSpec {
  const cache = new Map<string, ChartSpec>();
  return (name) => {
    let spec = cache.get(name);
    if (!spec) cache.set(name, (spec = loadChartSpec(join(templatesDir, "charts"), name, display)));
    return spec;
  };
}

/** The Markdown with every chart that lacks a figure replaced by its 待补充 paragraph; the gaps go to `gaps`. */
export function markChartGaps(markdown: string, dataset: Dataset, region: Region, spec: (name: string) => ChartSpec, gaps: Gap[]): string {
  return markdown.replace(CHART_LINE, (line, attributes: string) => {
    const attrs = new Map([...attributes.matchAll(ATTRIBUTE)].map((m) => [m[1]!, m[2]!]));
    const name = attrs.get("spec");
    if (name === undefined) return line; // the parser reports a chart without a spec, located
    const chart = spec(name);
    const only = attrs.get("indicator");
    // An unknown id: the chart renderer reports it, located.
    const indicators = (only === undefined ? chart.meta.indicators : [only]).filter((id) => dataset.indicators.has(id));
    const regions = chart.meta.regions === "province" ? dataset.regions.filter((r) => r.code === PROVINCE) : dataset.regions;
    const observations = (id: string) => regions.map((r) => dataset.indicators.get(id)!.observations.get(r.code));
    // Not published yet: a row with no value and no note (a note says the figure is not published at all).
    const notYet = indicators.filter((id) => observations(id).some((obs) => obs !== undefined && obs.value === null && obs.note === undefined));
    const nonePublished = indicators.length > 0 && indicators.every((id) => observations(id).every((obs) => !obs?.value));
    const missing = nonePublished ? indicators : notYet;
    if (missing.length === 0) return line;
    const label = only !== undefined ? dataset.indicators.get(only)?.label ?? only : "";
    const caption = chart.meta.caption.replaceAll("{year}", String(dataset.year)).replaceAll("{region}", region.name).replaceAll("{label}", label);
    const marks = missing.map((id) => {
      const label = dataset.indicators.get(id)!.label;
      gaps.push({ file: chart.display, line: chart.lineOf(id), id, label });
      return gapDirective(label, id);
    });
    return `图：${caption}（待绘制）${marks.join("")}`;
  });
}

/**
 * markChartGaps of a report's Markdown and of the pieces it was joined from (renderMarkdown's chunks), marked the
 * same way — a chart line is a line of one piece — so the pieces still join to the Markdown: the source map and
 * the parse template by template (src/model/markdown-tree.ts) keep working in a draft. The gaps are counted once.
 */
export function markChartGapsIn(markdown: string, chunks: RenderedChunk[], dataset: Dataset, region: Region, spec: (name: string) => ChartSpec, gaps: Gap[]): string {
  chunks.forEach((c, i) => (chunks[i] = { ...c, rendered: markChartGaps(c.rendered, dataset, region, spec, []) }));
  return markChartGaps(markdown, dataset, region, spec, gaps);
}
