/**
 * Reads a vega SVG back as geometry, in the SVG's own coordinates (points): the ink box of every text
 * (glyph outlines from the real font, via fontkit), every line, every bar, in paint order, each with the
 * vega role of its mark group (`role-axis-grid`, `role-axis-label`, `role-mark`, …).
 *
 * Only what vega's SVG renderer writes for our charts: `translate(x,y)` transforms, `<line>` with x2/y2,
 * bars as `M x,y h w v h h -w Z` paths, text with `<tspan x="0" dy="…">` lines. Anything else (a rotated
 * label, a rounded bar) throws, so that a test cannot silently measure the wrong thing.
 */
import type { FontProfile } from "../../src/fonts/profile.js";

export interface Box {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface SvgText {
  readonly order: number;
  readonly role: string;
  readonly text: string;
  readonly fill: string;
  readonly bold: boolean;
  readonly visible: boolean;
  /** Ink box of all lines (union of the glyph outlines' boxes). */
  readonly box: Box;
  /** The group's aria-label, when it is inside an axis (`X-axis for a linear scale …`). */
  readonly axis?: string;
}

export interface SvgLine extends Box {
  readonly order: number;
  readonly role: string;
  readonly width: number;
}

export interface SvgBar extends Box {
  readonly order: number;
  readonly role: string;
  readonly fill: string;
  readonly label: string;
}

export interface SvgGeometry {
  readonly texts: SvgText[];
  readonly lines: SvgLine[];
  readonly bars: SvgBar[];
  /** Fills of the legend's symbols, in order. */
  readonly legendFills: string[];
}

interface Frame {
  readonly dx: number;
  readonly dy: number;
  readonly role?: string;
  readonly axis?: string;
}

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

function translate(tag: string): [number, number] {
  const t = attr(tag, "transform");
  if (!t) return [0, 0];
  const m = /^translate\(([-\d.e]+),([-\d.e]+)\)$/.exec(t.trim());
  if (!m) throw new Error(`svg-geometry: unsupported transform "${t}"`);
  return [Number(m[1]), Number(m[2])];
}

const unescape = (s: string): string => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

export function svgGeometry(svg: string, fonts: FontProfile): SvgGeometry {
  const texts: SvgText[] = [];
  const lines: SvgLine[] = [];
  const bars: SvgBar[] = [];
  const legendFills: string[] = [];
  const stack: Frame[] = [{ dx: 0, dy: 0 }];
  const top = (): Frame => stack[stack.length - 1]!;
  const TAG = /<text\b([^>]*)>([\s\S]*?)<\/text>|<(\/?)([a-zA-Z]+)\b([^>]*?)(\/?)>/g;
  let order = 0;
  for (const m of svg.matchAll(TAG)) {
    order++;
    const frame = top();
    if (m[1] !== undefined) {
      const tag = `<text${m[1]}>`;
      const [tx, ty] = translate(tag);
      texts.push(readText(tag, m[2]!, frame.dx + tx, frame.dy + ty, frame, order, fonts));
      continue;
    }
    const [closing, name, rest, selfClosing] = [m[3] === "/", m[4]!, m[5] ?? "", m[6] === "/"];
    const tag = `<${name}${rest}>`;
    if (name === "g") {
      if (closing) {
        stack.pop();
        continue;
      }
      const [tx, ty] = translate(tag);
      const cls = attr(tag, "class") ?? "";
      const role = /\brole-[a-z-]+/.exec(cls)?.[0];
      const label = attr(tag, "aria-label");
      stack.push({ dx: frame.dx + tx, dy: frame.dy + ty, role: role ?? frame.role, axis: label && /axis/i.test(label) ? label : frame.axis });
      if (selfClosing) stack.pop();
      continue;
    }
    if (closing) continue;
    const [tx, ty] = translate(tag);
    const x = frame.dx + tx;
    const y = frame.dy + ty;
    if (name === "line") {
      const x1 = x + Number(attr(tag, "x1") ?? 0);
      const y1 = y + Number(attr(tag, "y1") ?? 0);
      const x2 = x + Number(attr(tag, "x2") ?? 0);
      const y2 = y + Number(attr(tag, "y2") ?? 0);
      if (attr(tag, "opacity") === "0") continue;
      lines.push({ x1, y1, x2, y2, order, role: frame.role ?? "", width: Number(attr(tag, "stroke-width") ?? 1) });
    } else if (name === "path" && attr(tag, "aria-roledescription") === "bar") {
      const d = attr(tag, "d") ?? "";
      const r = /^M([-\d.]+),([-\d.]+)h([-\d.]+)v([-\d.]+)h([-\d.]+)Z$/.exec(d);
      if (!r) throw new Error(`svg-geometry: a bar that is not a plain rectangle: d="${d}"`);
      const [bx, by, bw, bh] = [Number(r[1]), Number(r[2]), Number(r[3]), Number(r[4])];
      const [xa, xb] = [x + bx, x + bx + bw].sort((a, b) => a - b) as [number, number];
      const [ya, yb] = [y + by, y + by + bh].sort((a, b) => a - b) as [number, number];
      bars.push({ x1: xa, x2: xb, y1: ya, y2: yb, order, role: frame.role ?? "", fill: attr(tag, "fill") ?? "", label: attr(tag, "aria-label") ?? "" });
    } else if (name === "path" && frame.role === "role-legend-symbol") {
      legendFills.push(attr(tag, "fill") ?? "");
    }
  }
  return { texts, lines, bars, legendFills };
}

function readText(tag: string, inner: string, x: number, y: number, frame: Frame, order: number, fonts: FontProfile): SvgText {
  const size = Number.parseFloat(attr(tag, "font-size") ?? "11");
  const weight = attr(tag, "font-weight") ?? "normal";
  const bold = weight === "bold" || Number(weight) >= 600;
  const anchor = attr(tag, "text-anchor") ?? "start";
  const face = bold ? fonts.roles.chart.bold : fonts.roles.chart.regular;
  const spans = inner.includes("<tspan")
    ? [...inner.matchAll(/<tspan\b([^>]*)>([^<]*)<\/tspan>/g)].map((s) => ({ dy: Number(attr(`<t${s[1]}>`, "dy") ?? 0), text: unescape(s[2]!) }))
    : [{ dy: 0, text: unescape(inner) }];
  let baseline = y;
  let box: Box | undefined;
  for (const span of spans) {
    baseline += span.dy;
    const ink = inkBox(face.font as unknown as InkFont, span.text, size);
    if (!ink) continue;
    const shift = anchor === "middle" ? -ink.advance / 2 : anchor === "end" ? -ink.advance : 0;
    const b = { x1: x + shift + ink.x1, x2: x + shift + ink.x2, y1: baseline - ink.yTop, y2: baseline - ink.yBottom };
    box = box ? { x1: Math.min(box.x1, b.x1), x2: Math.max(box.x2, b.x2), y1: Math.min(box.y1, b.y1), y2: Math.max(box.y2, b.y2) } : b;
  }
  return {
    order,
    role: frame.role ?? "",
    text: spans.map((s) => s.text).join("\n"),
    fill: attr(tag, "fill") ?? "black",
    bold,
    visible: attr(tag, "opacity") !== "0",
    box: box ?? { x1: x, x2: x, y1: y, y2: y },
    ...(frame.axis ? { axis: frame.axis } : {}),
  };
}

interface InkFont {
  unitsPerEm: number;
  layout(text: string): { glyphs: { bbox: { minX: number; minY: number; maxX: number; maxY: number } }[]; positions: { xAdvance: number; xOffset: number; yOffset: number }[] };
}

/** The glyph outlines' box of one line at the origin (x right, y up from the baseline), and its advance. */
function inkBox(font: InkFont, text: string, size: number): { x1: number; x2: number; yTop: number; yBottom: number; advance: number } | undefined {
  const run = font.layout(text);
  const k = size / font.unitsPerEm;
  let pen = 0;
  let box: { x1: number; x2: number; yTop: number; yBottom: number } | undefined;
  run.glyphs.forEach((g, i) => {
    const p = run.positions[i]!;
    const b = g.bbox;
    if (b.maxX > b.minX && b.maxY > b.minY) {
      const x1 = (pen + p.xOffset + b.minX) * k;
      const x2 = (pen + p.xOffset + b.maxX) * k;
      const yTop = (p.yOffset + b.maxY) * k;
      const yBottom = (p.yOffset + b.minY) * k;
      box = box ? { x1: Math.min(box.x1, x1), x2: Math.max(box.x2, x2), yTop: Math.max(box.yTop, yTop), yBottom: Math.min(box.yBottom, yBottom) } : { x1, x2, yTop, yBottom };
    }
    pen += p.xAdvance;
  });
  return box ? { ...box, advance: pen * k } : undefined;
}

/** Does the segment a–b (a line of width w) cross the box? Returns the part of the segment inside it. */
export function segmentInBox(line: SvgLine, box: Box): Box | undefined {
  const h = line.width / 2;
  // Our lines are axis-parallel (grid, ticks, rules, domains).
  if (line.x1 === line.x2) {
    const x = line.x1;
    if (x + h <= box.x1 || x - h >= box.x2) return undefined;
    const y1 = Math.max(Math.min(line.y1, line.y2), box.y1);
    const y2 = Math.min(Math.max(line.y1, line.y2), box.y2);
    return y1 < y2 ? { x1: x - h, x2: x + h, y1, y2 } : undefined;
  }
  if (line.y1 === line.y2) {
    const y = line.y1;
    if (y + h <= box.y1 || y - h >= box.y2) return undefined;
    const x1 = Math.max(Math.min(line.x1, line.x2), box.x1);
    const x2 = Math.min(Math.max(line.x1, line.x2), box.x2);
    return x1 < x2 ? { x1, x2, y1: y - h, y2: y + h } : undefined;
  }
  throw new Error("svg-geometry: a slanted line");
}

/**
 * Every line (gridline, rule, tick, axis line) that crosses a visible label's ink box where no bar painted
 * after the line hides it (vega draws the grid under the bars, so a label inside a bar is clear of it).
 */
export function linesThroughLabels(g: SvgGeometry): string[] {
  const crossings: string[] = [];
  for (const t of g.texts.filter((t) => t.visible)) {
    for (const line of g.lines) {
      const part = segmentInBox(line, t.box);
      if (part && !g.bars.some((b) => b.order > line.order && contains(b, part))) crossings.push(`${line.role} through "${t.text}"`);
    }
  }
  return crossings;
}

export function contains(outer: Box, inner: Box, tolerance = 0.01): boolean {
  return outer.x1 <= inner.x1 + tolerance && outer.y1 <= inner.y1 + tolerance && outer.x2 >= inner.x2 - tolerance && outer.y2 >= inner.y2 - tolerance;
}
