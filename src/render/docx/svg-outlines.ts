/**
 * A chart's SVG with its text set as outlines of the chart role's faces, for the DOCX's PNG fallback (png.ts):
 * resvg then draws paths only and needs no font. Given fonts, resvg-js 2.6 parses each font file on every render
 * — so the faces had to be cut down first (harfbuzz, ~50 ms and ~65 MB of WebAssembly memory freed by a full
 * collection, ~25 ms), and written to a temporary folder outside the project for resvg to read. The outlines come
 * from the faces the font profile has parsed already: fontkit's layout (its default features, as resvg's shaping
 * applies them) and each glyph's path, placed as SVG places text — at the element's `transform`, the baseline at
 * y = 0, each line (a `<tspan x=… dy=…>` vega writes for a multi-line label) anchored by `text-anchor`.
 *
 * Only the text vega writes for a chart's labels is set here: the attributes listed in ATTRIBUTES, and `<tspan>`
 * children with at most `x` and `dy`. Any other text (a `dx`, `letter-spacing`, `textLength`, `font-style`, a
 * nested element, …) makes the whole SVG undefined, and png.ts gives resvg the faces as before.
 */
import type { FontFace, RoleFont } from "../../fonts/profile.js";
import { decodeEntities } from "../../fonts/svg.js";

/** Attributes of a `<text>` set here (the rest of vega's are for screen readers and pointers: no ink). */
const ATTRIBUTES = new Set(["text-anchor", "transform", "font-family", "font-size", "font-weight", "fill", "opacity", "fill-opacity", "role", "aria-label", "aria-roledescription", "aria-hidden", "class", "pointer-events"]);

interface Glyph {
  readonly path: { readonly commands: readonly { readonly command: string; readonly args: readonly number[] }[] };
}
interface Run {
  readonly glyphs: readonly Glyph[];
  readonly positions: readonly { readonly xAdvance: number; readonly xOffset: number; readonly yOffset: number }[];
}
type Layout = (text: string) => Run;

/** The SVG with every `<text>` drawn as a `<path>`, or undefined where a text holds what is not set here. */
export function textAsOutlines(svg: string, chart: RoleFont): string | undefined {
  let unset = false;
  const out = svg.replace(/<text\b([^>]*)>([\s\S]*?)<\/text>/g, (whole, attributeText: string, content: string) => {
    const path = unset ? undefined : outline(attributeText, content, chart);
    if (path === undefined) unset = true;
    return path ?? whole;
  });
  return unset || /<text\b/.test(out) ? undefined : out;
}

function outline(attributeText: string, content: string, chart: RoleFont): string | undefined {
  const attributes = attributesOf(attributeText);
  if (!attributes || [...attributes.keys()].some((name) => !ATTRIBUTES.has(name))) return undefined;
  const size = Number((attributes.get("font-size") ?? "16").replace(/px$/, ""));
  const weight = attributes.get("font-weight") ?? "normal";
  if (!(size > 0) || !/^(normal|bold|[1-9]00)$/.test(weight)) return undefined;
  const face = weight === "bold" || Number(weight) >= 600 ? chart.bold : chart.regular;
  const lines = linesOf(content);
  if (!lines) return undefined;
  const anchor = attributes.get("text-anchor") ?? "start";
  if (!["start", "middle", "end"].includes(anchor)) return undefined;
  const d = lines.map((line) => lineOutline(face, line, size, anchor)).join("");
  const kept = ["transform", "fill", "opacity", "fill-opacity"].flatMap((name) => (attributes.has(name) ? [` ${name}="${attributes.get(name)}"`] : []));
  return d === "" ? "" : `<path${kept.join("")} d="${d}"/>`;
}

/** Attribute name → value (as written, entities and all), or undefined for what is not `name="value"` pairs. */
function attributesOf(text: string): Map<string, string> | undefined {
  const map = new Map<string, string>();
  const rest = text.replace(/\s*([a-zA-Z:-]+)="([^"]*)"/g, (_, name: string, value: string) => {
    map.set(name, value);
    return "";
  });
  return rest.trim() === "" ? map : undefined;
}

interface Line {
  readonly text: string;
  /** The line's start: an absolute x where its tspan gives one (a new text chunk, anchored on its own). */
  readonly x: number | undefined;
  /** Its baseline, down from the element's. */
  readonly y: number;
}

/** A text's lines: its content, or its `<tspan>`s (each with at most `x` and `dy`); undefined for anything else. */
function linesOf(content: string): Line[] | undefined {
  if (!content.includes("<")) return [{ text: decodeEntities(content), x: undefined, y: 0 }];
  const lines: Line[] = [];
  let y = 0;
  const rest = content.replace(/<tspan\b([^>]*)>([^<]*)<\/tspan>/g, (_, attributeText: string, text: string) => {
    const attributes = attributesOf(attributeText);
    if (!attributes || [...attributes.keys()].some((name) => name !== "x" && name !== "dy")) return "\0";
    const x = attributes.has("x") ? Number(attributes.get("x")) : undefined;
    y += Number(attributes.get("dy") ?? 0);
    if ((x !== undefined && !Number.isFinite(x)) || !Number.isFinite(y)) return "\0";
    lines.push({ text: decodeEntities(text), x, y });
    return "";
  });
  return rest === "" && lines.length > 0 ? lines : undefined;
}

/** One line's outlines as path data, anchored at its start (or the element's origin). */
function lineOutline(face: FontFace, line: Line, size: number, anchor: string): string {
  const run = (face.font.layout as unknown as Layout)(line.text);
  const scale = size / face.font.unitsPerEm;
  const width = run.positions.reduce((sum, p) => sum + p.xAdvance, 0) * scale;
  let pen = (line.x ?? 0) - (anchor === "middle" ? width / 2 : anchor === "end" ? width : 0);
  let d = "";
  run.glyphs.forEach((glyph, i) => {
    const p = run.positions[i]!;
    const ox = pen + p.xOffset * scale;
    const oy = line.y - p.yOffset * scale;
    for (const { command, args } of glyph.path.commands) {
      const xy = (k: number): string => `${num(ox + args[k]! * scale)},${num(oy - args[k + 1]! * scale)}`;
      if (command === "moveTo") d += `M${xy(0)}`;
      else if (command === "lineTo") d += `L${xy(0)}`;
      else if (command === "quadraticCurveTo") d += `Q${xy(0)} ${xy(2)}`;
      else if (command === "bezierCurveTo") d += `C${xy(0)} ${xy(2)} ${xy(4)}`;
      else if (command === "closePath") d += "Z";
    }
    pen += p.xAdvance * scale;
  });
  return d;
}

/** To 1/1000 of a point: far below a 300 ppi pixel (1/4 point), and the path data stays short. */
const num = (n: number): string => String(Math.round(n * 1000) / 1000);
