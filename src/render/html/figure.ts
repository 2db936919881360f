/**
 * A chart as HTML: <figure> with the chart inline as SVG and <figcaption> 图N …; the SVG is one image to
 * assistive technology (role="img", WAI-ARIA graphics: its children — vega's own English ARIA — are then
 * presentational), named by a <title> (图N and the caption) and described by a <desc> (what it compares,
 * its highest and lowest figure); each bar, point or label that shows a figure names it (data-ref). On a narrow
 * screen the chart keeps a size at which its text is readable and scrolls sideways in its own box. Under
 * it, in a <details>, the figures as a real table and as a CSV download (a data: link, so the page stays
 * one file).
 */
import { csvDataUrl, csvText } from "./csv.js";
import { attr, attrs, text } from "./escape.js";
import { withAttributes } from "../../model/chart-marks.js";
import type { Figure } from "./input.js";
import { tableHtml } from "./table.js";

/** @param extra more attributes of the <figure> element and its data table (with their leading space): the preview's `data-source`. */
export function figureHtml(f: Figure, stem: string, indent: string, extra = ""): string[] {
  const id = f.key;
  const name = `${f.label} ${f.caption}`;
  const out = [
    `${indent}<figure class="chart" id="${id}" aria-labelledby="${id}-caption"${extra}>`,
    ...(f.unit ? [`${indent}  <p class="unit">单位：${text(f.unit)}</p>`] : []),
    `${indent}  <div class="scroll chart-scroll" role="region" tabindex="0" aria-labelledby="${id}-caption">`,
    readableSvg(accessibleSvg(markedSvg(f), id, name, f.description)),
    `${indent}  </div>`,
    `${indent}  <figcaption id="${id}-caption">${text(name)}</figcaption>`,
    `${indent}</figure>`,
  ];
  if (f.data) {
    const file = `${stem}-${id}-${f.chart}.csv`;
    out.push(
      `${indent}<details class="chart-data"${extra}>`,
      `${indent}  <summary>${text(f.label)}的数据（表格与CSV下载）</summary>`,
      ...tableHtml({ id: `${id}-data`, caption: `${name}：数据`, ...(f.unit ? { unit: f.unit } : {}), head: [f.data.head], body: f.data.body }, `${indent}  `),
      `${indent}  <p class="download"><a href="${attr(csvDataUrl(csvText(f.data.columns, f.data.rows)))}" download="${attr(file)}" type="text/csv">下载${text(f.label)}数据（CSV，${text(file)}）</a></p>`,
      `${indent}</details>`,
    );
  }
  return out;
}


/**
 * The chart's elements that show a figure say where it comes from, as a figure in the text does (run.ts): the
 * preview's hover reads `data-ref`, `data-region` (ARCHITECTURE.md "Preview"). Written before the page's own
 * <title> and <desc> go in, since the marks count the elements of the SVG as the chart renderer drew it.
 */
function markedSvg(f: Figure): string {
  if (!f.marks?.length) return f.svg;
  const byElement = new Map(f.marks.map((m) => [m.element, m]));
  return withAttributes(f.svg, (element) => {
    const m = byElement.get(element);
    return m ? attrs({ "data-ref": m.ref, "data-region": m.region }) : "";
  });
}

/** The smallest size chart text is shown at on screen, in CSS px (WCAG 2.1 SC 1.4.4 asks text a reader can read; 12 px is the floor of the common guidelines). */
export const MIN_CHART_TEXT_PX = 12;

/**
 * The chart no narrower than draws its smallest text at MIN_CHART_TEXT_PX: the SVG scales with the column
 * (`width: 100%`), and under that width its box scrolls sideways (the `.scroll` around it) rather than shrink
 * the text to 8 px on a 390 px phone. Sizes are the SVG's user units (vega writes `font-size="11px"` in points
 * of the print size, which the page draws as px at scale 1).
 */
function readableSvg(svg: string): string {
  const width = Number(/^<svg\b[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]);
  const sizes = [...svg.matchAll(/font-size(?:="|:\s*)([\d.]+)(?:px)?/g)].map((m) => Number(m[1]));
  if (!Number.isFinite(width) || sizes.length === 0) return svg;
  const min = Math.ceil((width * MIN_CHART_TEXT_PX) / Math.min(...sizes));
  return svg.replace(/^<svg\b/, `<svg style="min-width: ${min}px"`);
}

/**
 * vega gives a mark container the role of a symbol even when it holds no mark (a layer with no data for this
 * region): an image without a name to assistive technology (axe svg-img-alt, WCAG 1.1.1). An empty one shows
 * nothing, so it loses the role.
 */
function withoutEmptySymbols(svg: string): string {
  return svg.replace(/<g\b([^>]*?)(\/>|><\/g>)/g, (all: string, a: string, end: string) =>
    a.includes(' role="graphics-symbol"') ? `<g${a.replace(/\s(?:role="graphics-symbol"|aria-roledescription="[^"]*")/g, "")}${end}` : all,
  );
}

/**
 * vega's SVG, given an accessible name and description, and its ids (if any) prefixed by the figure's,
 * since several charts share one page and vega numbers its clip paths per chart.
 */
function accessibleSvg(svg: string, id: string, name: string, description: string): string {
  const prefixed = withoutEmptySymbols(svg)
    .replace(/\sid="([^"]+)"/g, (_, v: string) => ` id="${id}-${v}"`)
    .replace(/url\(#([^)]+)\)/g, (_, v: string) => `url(#${id}-${v})`)
    .replace(/href="#([^"]+)"/g, (_, v: string) => `href="#${id}-${v}"`);
  return prefixed.replace(
    /^<svg\b([^>]*)>/,
    (_, rest: string) => `<svg${rest} role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc" focusable="false">\n<title id="${id}-title">${text(name)}</title>\n<desc id="${id}-desc">${text(description)}</desc>\n`,
  );
}
