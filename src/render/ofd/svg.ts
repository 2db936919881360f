/**
 * A chart's SVG (vega's SVG string renderer: g with translate, rect, path, line, text with tspan) drawn as OFD
 * vector objects: every shape a PathObject, every text a TextObject in the chart face — not a picture, so the chart
 * stays sharp at any zoom and its words are text a reader can find and copy (issue 24).
 *
 * What SVG 1.1 says is honoured for what vega writes: inherited presentation attributes (fill, stroke, stroke-width,
 * stroke-dasharray, font-*, text-anchor), `opacity` multiplied down the tree, `display="none"` skipped, `transform`
 * (translate, scale, rotate, matrix), text positioned by x/y/dx/dy per tspan, anchored by its measured width (the
 * font measure vega used: src/charts/metrics.ts measures with the same font files). Anything else (an image, a
 * clip path, a gradient) is not written by the charts of this project and stops the render as a bug, naming it.
 */
import { textWidth, type FontProfile } from "../../fonts/profile.js";
import { parseXml, type XmlElement } from "../../word/xml.js";
import type { PictureItem } from "../../present/pages/types.js";
import type { FontResources } from "./fonts.js";
import { weightOf } from "./fonts.js";
import type { Ids } from "./ids.js";
import { apply, axisAligned, IDENTITY, multiply, parsePath, transform, type Matrix, type Segment } from "./path.js";
import { pathObject, textObject } from "./objects.js";
import { mm, rgb } from "./units.js";

interface Style {
  readonly fill: string;
  readonly stroke: string;
  readonly strokeWidth: number;
  readonly dash: string;
  readonly opacity: number;
  readonly fillOpacity: number;
  readonly strokeOpacity: number;
  readonly fontSize: number;
  readonly fontWeight: string;
  readonly anchor: string;
}

const INITIAL: Style = { fill: "#000000", stroke: "none", strokeWidth: 1, dash: "none", opacity: 1, fillOpacity: 1, strokeOpacity: 1, fontSize: 16, fontWeight: "normal", anchor: "start" };

/** Elements that draw nothing (metadata, accessibility text). */
const SILENT = new Set(["title", "desc", "metadata"]);

interface Context {
  readonly ids: Ids;
  readonly fonts: FontProfile;
  readonly resources: FontResources;
  readonly out: string[];
}

/** The picture's objects (XML), in the SVG's painting order. */
export function svgObjects(picture: PictureItem, ids: Ids, fonts: FontProfile, resources: FontResources): string[] {
  const root = parseXml(picture.svg, "chart SVG");
  const [vx, vy, vw, vh] = viewBox(root);
  // SVG user units → page points (the picture's box) → millimetres.
  const m = multiply([mm(1), 0, 0, mm(1), 0, 0], multiply([picture.width / vw, 0, 0, picture.height / vh, picture.x, picture.top], [1, 0, 0, 1, -vx, -vy]));
  const out: string[] = [];
  walk(root, m, INITIAL, { ids, fonts, resources, out });
  return out;
}

const local = (el: XmlElement): string => el.name.replace(/^[^:]*:/, "");
const attr = (el: XmlElement, name: string): string | undefined => el.attrs[name];
const length = (v: string | undefined, fallback = 0): number => (v === undefined ? fallback : parseFloat(v));

/** A dx/dy: user units, or em of the font size. */
const relative = (v: string | undefined, size: number): number => (v?.trim().endsWith("em") ? parseFloat(v) * size : length(v));

function viewBox(root: XmlElement): [number, number, number, number] {
  const vb = attr(root, "viewBox")?.trim().split(/[\s,]+/).map(Number);
  if (vb?.length === 4) return vb as [number, number, number, number];
  return [0, 0, length(attr(root, "width"), 300), length(attr(root, "height"), 150)];
}

function styled(el: XmlElement, parent: Style): Style {
  const a = (n: string) => attr(el, n);
  return {
    fill: a("fill") ?? parent.fill,
    stroke: a("stroke") ?? parent.stroke,
    strokeWidth: a("stroke-width") !== undefined ? length(a("stroke-width")) : parent.strokeWidth,
    dash: a("stroke-dasharray") ?? parent.dash,
    opacity: parent.opacity * length(a("opacity"), 1),
    fillOpacity: a("fill-opacity") !== undefined ? length(a("fill-opacity")) : parent.fillOpacity,
    strokeOpacity: a("stroke-opacity") !== undefined ? length(a("stroke-opacity")) : parent.strokeOpacity,
    fontSize: a("font-size") !== undefined ? length(a("font-size")) : parent.fontSize,
    fontWeight: a("font-weight") ?? parent.fontWeight,
    anchor: a("text-anchor") ?? parent.anchor,
  };
}

/** An SVG transform list → one matrix. */
export function parseTransform(value: string | undefined): Matrix {
  let m = IDENTITY;
  if (!value) return m;
  for (const [, fn, args] of value.matchAll(/(\w+)\s*\(([^)]*)\)/g)) {
    const n = args!.trim().split(/[\s,]+/).filter((s) => s !== "").map(Number);
    let t: Matrix;
    if (fn === "translate") t = [1, 0, 0, 1, n[0] ?? 0, n[1] ?? 0];
    else if (fn === "scale") t = [n[0] ?? 1, 0, 0, n[1] ?? n[0] ?? 1, 0, 0];
    else if (fn === "rotate") {
      const r = ((n[0] ?? 0) * Math.PI) / 180, [cx, cy] = [n[1] ?? 0, n[2] ?? 0];
      t = multiply([1, 0, 0, 1, cx, cy], multiply([Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0], [1, 0, 0, 1, -cx, -cy]));
    } else if (fn === "matrix" && n.length === 6) t = n as unknown as Matrix;
    else throw new Error(`OFD: SVG transform ${fn}(${args}) not understood`);
    m = multiply(m, t);
  }
  return m;
}

function walk(el: XmlElement, parent: Matrix, parentStyle: Style, ctx: Context): void {
  if (attr(el, "display") === "none" || attr(el, "visibility") === "hidden") return;
  const name = local(el);
  if (SILENT.has(name)) return;
  const m = multiply(parent, parseTransform(attr(el, "transform")));
  const style = styled(el, parentStyle);
  switch (name) {
    case "svg":
    case "g":
      for (const c of el.children) if (typeof c !== "string") walk(c, m, style, ctx);
      return;
    case "path":
      return shape(parsePath(attr(el, "d") ?? ""), m, style, ctx);
    case "rect": {
      const [x, y, w, h] = ["x", "y", "width", "height"].map((n) => length(attr(el, n)));
      if (w! <= 0 || h! <= 0) return;
      return shape([{ op: "M", x: x!, y: y! }, { op: "L", x: x! + w!, y: y! }, { op: "L", x: x! + w!, y: y! + h! }, { op: "L", x: x!, y: y! + h! }, { op: "C" }], m, style, ctx);
    }
    case "line": {
      const [x1, y1, x2, y2] = ["x1", "y1", "x2", "y2"].map((n) => length(attr(el, n)));
      // A line has no inside: never filled (SVG 1.1 §9.5).
      return shape([{ op: "M", x: x1!, y: y1! }, { op: "L", x: x2!, y: y2! }], m, { ...style, fill: "none" }, ctx);
    }
    case "text":
      return text(el, m, style, ctx);
    default:
      throw new Error(`OFD: SVG element <${name}> is not drawn by this writer`);
  }
}

function shape(segments: Segment[], m: Matrix, style: Style, ctx: Context): void {
  const scale = Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
  const stroke = style.strokeWidth > 0 ? rgb(style.stroke) : undefined;
  const dash = style.dash === "none" ? [] : style.dash.split(/[\s,]+/).map((d) => parseFloat(d) * scale);
  const xml = pathObject(ctx.ids, transform(segments, m), {
    stroke,
    lineWidth: style.strokeWidth * scale,
    fill: rgb(style.fill),
    fillAlpha: style.opacity * style.fillOpacity,
    strokeAlpha: style.opacity * style.strokeOpacity,
    dash,
  });
  if (xml) ctx.out.push(xml);
}

/** A text element: each tspan (or the text's own characters) one TextObject, anchored at its x. */
function text(el: XmlElement, m: Matrix, style: Style, ctx: Context): void {
  let x = length(attr(el, "x")) + relative(attr(el, "dx"), style.fontSize);
  let y = length(attr(el, "y")) + relative(attr(el, "dy"), style.fontSize);
  const piece = (content: string, s: Style) => {
    const t = content.replace(/\s+/g, " ").trim();
    if (t === "") return;
    const fill = rgb(s.fill);
    const bold = s.fontWeight === "bold" || parseInt(s.fontWeight, 10) >= 600;
    const face = bold ? ctx.fonts.roles.chart.bold : ctx.fonts.roles.chart.regular;
    const chars = [...t];
    const advances = chars.map((ch) => textWidth(face, ch, s.fontSize));
    const width = advances.reduce((a, b) => a + b, 0);
    const start = x - (s.anchor === "middle" ? width / 2 : s.anchor === "end" ? width : 0);
    x = start + width;
    if (!fill) return;
    const font = ctx.resources.use(face, t);
    const offsets = chars.map((_, i) => start + advances.slice(0, i).reduce((a, b) => a + b, 0));
    const common = { font, bold: weightOf(face) >= 600, chars, fill, fillAlpha: s.opacity * s.fillOpacity };
    if (axisAligned(m)) {
      const [sx, sy] = [m[0], m[3]];
      const [, base] = apply(m, 0, y);
      const xs = offsets.map((lx) => apply(m, lx, y)[0]);
      const size = s.fontSize * Math.abs(sy);
      const left = Math.min(xs[0]!, apply(m, start + width, y)[0]);
      ctx.out.push(textObject(ctx.ids, { ...common, size, xs, baseline: base, box: [left, base - size, Math.abs(width * sx), size * 1.25] }));
    } else {
      // Turned text: placed in its own coordinates, the matrix as the object's CTM (§8.2), its box the turned box's bounds.
      const corners = [[start, y - s.fontSize], [start + width, y - s.fontSize], [start, y + s.fontSize / 4], [start + width, y + s.fontSize / 4]].map(([px, py]) => apply(m, px!, py!));
      const bx = Math.min(...corners.map((c) => c[0])), by = Math.min(...corners.map((c) => c[1]));
      const bw = Math.max(...corners.map((c) => c[0])) - bx, bh = Math.max(...corners.map((c) => c[1])) - by;
      const ctm: Matrix = [m[0], m[1], m[2], m[3], m[4] - bx, m[5] - by];
      ctx.out.push(textObject(ctx.ids, { ...common, size: s.fontSize, xs: offsets, baseline: y, box: [bx, by, bw, bh], ctm }));
    }
  };
  for (const c of el.children) {
    if (typeof c === "string") piece(c, style);
    else if (local(c) === "tspan") {
      if (attr(c, "x") !== undefined) x = length(attr(c, "x"));
      if (attr(c, "y") !== undefined) y = length(attr(c, "y"));
      const cs = styled(c, style);
      x += relative(attr(c, "dx"), cs.fontSize);
      y += relative(attr(c, "dy"), cs.fontSize);
      piece(c.children.filter((t): t is string => typeof t === "string").join(""), cs);
    } else if (!SILENT.has(local(c))) throw new Error(`OFD: SVG element <${local(c)}> inside a text is not drawn by this writer`);
  }
}
