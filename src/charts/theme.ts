/**
 * The house style of bulletin charts, as a vega-lite config: the chart role's font everywhere (so the
 * SVG's font-family is the family the PDF registers, STACK.md "Charts"), one size (CHART.fontSize, in
 * points: the spec is sized in points, since pdfmake scales the whole SVG), sober colours, no frame.
 * Spec files may add to it in their own "config"; the fonts cannot be overridden.
 */
import { CHART } from "../model/layout.js";

/** Bars of a one-colour chart; prefecture charts use BASE for the others and STRONG for the report's region. */
export const COLOURS = {
  base: "#4a76a8",
  strong: "#c0392b",
  muted: "#a7bcd6",
  text: "#333333",
  rule: "#666666",
  category: ["#4a76a8", "#e1873b", "#6a9f58", "#8c6bb1", "#c0392b"],
} as const;

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
    axis: { ...label, domainColor: COLOURS.rule, tickColor: COLOURS.rule, gridColor: "#e3e3e3", labelPadding: 4, titlePadding: 6 },
    // Horizontal CJK labels only: rotated ones are hard to read; a spec with long category names
    // should use short labels (usermeta.bulletin.labels) or horizontal bars.
    axisX: { labelAngle: 0 },
    legend: { ...label, orient: "top", offset: 8, symbolType: "square", symbolSize: 90, columnPadding: 14, labelLimit: 0 },
    text: { fontSize: size, color: COLOURS.text },
    bar: { color: COLOURS.base },
    rule: { color: COLOURS.rule },
    range: { category: [...COLOURS.category] },
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
