/**
 * The house style of bulletin charts, as a vega-lite config: the chart role's font everywhere (so the
 * SVG's font-family is the family the PDF registers, STACK.md "Charts"), one size (CHART.fontSize, in
 * points: the spec is sized in points, since the PDF (svg-to-pdfkit) scales the whole SVG into its box), colours that stay apart in grey, no
 * frame.
 * Spec files may add to it in their own "config"; the fonts cannot be overridden.
 */
import { CHART } from "../model/layout.js";

/**
 * Colours chosen for black-and-white print (greyscale.ts): every colour that can share a chart with another
 * differs from it by at least MIN_GREY_STEP in grey, so a photocopy keeps the series apart
 * (test/charts.test.ts converts every chart's fills to grey and checks it).
 * - `base`: the bars of a one-colour chart (L* 49; white labels inside stay legible).
 * - `own` / `others`: a prefecture report's own region and the rest. The emphasis is a darker shade of the
 *   house blue and a bold label, never a warning colour: a bulletin reports figures, a red bar would read
 *   as a verdict on the region (L* 32 against 81).
 * - `category`: the series of a grouped chart, in domain order, dark / middle / light (L* 32, 62, 84; Rec. 601
 *   luma 27, 57, 81). Three series at most: a fourth grey between them would be too close to its neighbours,
 *   so a chart with more series is a table.
 * - `edge`: the outline of every bar and legend swatch. The pale fills (`others` 1.7:1, the light series 1.5:1,
 *   the orange 2.9:1 against white) are too close to the page for a reader with low vision; WCAG 2.1 SC 1.4.11
 *   (non-text contrast) asks 3:1 for a graphical object's boundary, which the outline gives (8.7:1) while the
 *   fills keep their grey steps for print. One edge for all bars: on the dark fills it does not show.
 */
export const COLOURS = {
  base: "#4a76a8",
  own: "#1f4e79",
  others: "#b9cbe0",
  text: "#333333",
  rule: "#666666",
  grid: "#e3e3e3",
  edge: "#1f4e79",
  onBar: "white",
  category: ["#1f4e79", "#d9822b", "#bcd3ea"],
} as const;

/**
 * Named mark styles (vega-lite `config.style`): a spec says what a mark is (`"style": "bar-own"`), the theme
 * says how it looks, so no spec carries a colour of its own.
 */
export const STYLES = {
  "bar-own": { color: COLOURS.own },
  "bar-others": { color: COLOURS.others },
  /** A value label inside a base or own-region bar. */
  "label-on-bar": { color: COLOURS.onBar },
  "label-own": { color: COLOURS.onBar, fontWeight: "bold" },
  /** A value label inside a pale bar. */
  "label-on-others": { color: COLOURS.text },
} as const;

/** The bar outline's width in points: at least a CSS pixel wherever the chart is shown (the web page draws a chart at 1.2 px a point or more, render/html/figure.ts). */
const EDGE_WIDTH = 1;

/** Applied last, over the spec's own config. */
export function fontConfig(family: string): Record<string, unknown> {
  const f = { labelFont: family, titleFont: family };
  return {
    font: family,
    axis: f,
    legend: f,
    header: f,
    title: { font: family, subtitleFont: family },
    text: { font: family },
    mark: { font: family },
  };
}

export function baseConfig(): Record<string, unknown> {
  const size = CHART.fontSize;
  const label = { labelFontSize: size, titleFontSize: size, titleFontWeight: "normal", labelColor: COLOURS.text, titleColor: COLOURS.text };
  return {
    background: "white",
    // Conventions: no thousands separators (2000, not 2,000); "~f" also drops trailing zeros of ticks.
    numberFormat: "~f",
    padding: 2,
    view: { stroke: null },
    axis: { ...label, domainColor: COLOURS.rule, tickColor: COLOURS.rule, gridColor: COLOURS.grid, tickSize: 4, labelPadding: 3, titlePadding: 6 },
    // No gridlines by default: value labels sit at the bar ends, and a gridline would run through them (the
    // labelled ticks and the labels carry the figures). A spec whose labels sit inside the bars (drawn over
    // the grid) may turn them on.
    axisQuantitative: { grid: false, ticks: true, domain: true },
    // Horizontal CJK labels only: rotated ones are hard to read; a spec with long category names
    // should use short labels (usermeta.bulletin.labels) or horizontal bars.
    axisX: { labelAngle: 0 },
    legend: { ...label, orient: "top", offset: 8, symbolType: "square", symbolSize: 90, columnPadding: 14, labelLimit: 0, symbolStrokeColor: COLOURS.edge, symbolStrokeWidth: EDGE_WIDTH },
    text: { fontSize: size, color: COLOURS.text },
    bar: { color: COLOURS.base, stroke: COLOURS.edge, strokeWidth: EDGE_WIDTH },
    rule: { color: COLOURS.rule },
    range: { category: [...COLOURS.category] },
    style: STYLES,
  };
}

/** Deep merge of plain objects (b wins); arrays and scalars are replaced. */
export function mergeDeep(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isPlain(prev) && isPlain(v) ? mergeDeep(prev, v) : v;
  }
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
