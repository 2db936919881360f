/**
 * Charts whose figures are not all published yet. A chart drawn from part of its figures would mislead,
 * and one with none cannot be drawn: in a report's Markdown, such a `::chart{spec="…"}` line becomes a
 * paragraph naming the figure and marking each missing figure 待补充 (gaps.ts), and each is a gap located at
 * the indicator's line in the chart spec.
 */
import { join } from "node:path";
import { PROVINCE, type Dataset, type Region } from "../data/types.js";
import { loadChartSpec, type ChartSpec } from "../charts/spec.js";
import { gapDirective, type Gap } from "./gaps.js";
import type { RenderedChunk } from "./source-map.js";

const CHART_LINE = /^::chart\{spec="([^"]*)"\}[ \t]*$/gm;

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
  return markdown.replace(CHART_LINE, (line, name: string) => {
    const chart = spec(name);
    const regions = chart.meta.regions === "province" ? dataset.regions.filter((r) => r.code === PROVINCE) : dataset.regions;
    const missing = chart.meta.indicators.filter((id) => {
      const ind = dataset.indicators.get(id);
      if (!ind) return false; // an unknown id: the chart renderer reports it, located
      // Not published yet: a row with no value and no note (a note says the figure is not published at all).
      return regions.some((r) => {
        const obs = ind.observations.get(r.code);
        return obs !== undefined && obs.value === null && obs.note === undefined;
      });
    });
    if (missing.length === 0) return line;
    const caption = chart.meta.caption.replaceAll("{year}", String(dataset.year)).replaceAll("{region}", region.name);
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
