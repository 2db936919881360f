/**
 * Text measurement for vega from the real font files.
 *
 * Without a canvas (node-canvas is not installed: STACK.md "Charts"), vega estimates every character as
 * 0.8 em: CJK labels come out ~20% short and digits too long, so axis labels overlap and get clipped.
 * We replace `vega.textMetrics.width` (and `estimateWidth`, for callers that ask for it by name) with
 * the advance width from fontkit (`textWidth` in src/fonts/profile.ts), in the face the SVG will be
 * drawn with: the profile's chart role, bold when the item's fontWeight is bold or >= 600.
 *
 * `textMetrics` is one object shared by the whole process (vega re-exports vega-scenegraph's), so the
 * patch is global. Faces are looked up by the item's font family, so charts of two profiles with
 * different families can render in one process; unknown families fall back to the chart face of the
 * profile installed last.
 */
import * as vega from "vega";
import { textWidth, type FontFace, type FontProfile, type RoleFont } from "../fonts/profile.js";

/** What vega passes to the measuring function: a scenegraph text item (only the fields we read). */
export interface TextItem {
  readonly font?: string;
  readonly fontSize?: number | string;
  readonly fontWeight?: string | number;
  /** Maximum width in pixels (points here); 0 or undefined: none. */
  readonly limit?: number;
}

type WidthFn = (item: TextItem, text: unknown) => number;

/** `vega.textMetrics` as vega-scenegraph defines it; missing from vega's type declarations. */
interface TextMetrics {
  width: WidthFn;
  estimateWidth: WidthFn;
  height: (item: TextItem) => number;
}

const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;

const byFamily = new Map<string, RoleFont>();
const installed = new WeakSet<FontProfile>();
let fallback: RoleFont | undefined;

/** Makes vega measure text with `profile`'s chart font. Idempotent per profile object. */
export function installTextMetrics(profile: FontProfile): void {
  const chart = profile.roles.chart;
  fallback = chart;
  if (installed.has(profile)) return;
  installed.add(profile);
  byFamily.set(familyKey(chart.regular.family), chart);
  metrics.width = measure;
  metrics.estimateWidth = measure;
}

/** The face vega's `item` is drawn in. */
export function faceFor(item: TextItem): FontFace | undefined {
  const role = byFamily.get(familyKey(firstFamily(item.font))) ?? fallback;
  if (!role) return undefined;
  return isBold(item.fontWeight) ? role.bold : role.regular;
}

/**
 * Width of `text` as vega should see it. vega-scenegraph's own contract (util/text.js): the text is
 * trimmed; with `item.limit` the renderer truncates the text with an ellipsis, deciding each candidate
 * by calling this very function. Returning min(width, limit) keeps those decisions exactly the raw ones
 * (a candidate fits iff its raw width is under the limit) while bounds of a truncated label are the
 * limit itself (at most one character wider than what is drawn) — no recursion into vega's truncation.
 */
function measure(item: TextItem, text: unknown): number {
  const s = text == null ? "" : String(text).trim();
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11; // vega's default, util/text.js fontSize()
  if (!s || size <= 0) return 0;
  const face = faceFor(item);
  if (!face) return ~~(0.8 * s.length * size); // not installed: vega's own estimate
  // Memoised per face by textWidth (chart strings are few and repeat across renders).
  const w = textWidth(face, s, size);
  const limit = Number(item.limit) || 0;
  return limit > 0 ? Math.min(w, limit) : w;
}

function isBold(weight: string | number | undefined): boolean {
  if (weight == null) return false;
  if (typeof weight === "number") return weight >= 600;
  const w = weight.trim().toLowerCase();
  return w === "bold" || w === "bolder" || (/^\d+$/.test(w) && Number(w) >= 600);
}

/** `"Noto Sans SC", sans-serif` → `Noto Sans SC` (CSS font-family list, as vega writes it). */
function firstFamily(font: string | undefined): string {
  if (!font) return "";
  return (font.split(",")[0] ?? "").trim().replace(/^["']|["']$/g, "");
}

/** CSS (and pdfmake) match family names case-insensitively. */
function familyKey(family: string): string {
  return family.trim().toLowerCase();
}
