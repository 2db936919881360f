/**
 * PNG fallbacks of the charts (older Word and LibreOffice show the PNG), drawn by resvg from the model's SVG
 * with the chart role's fonts.
 *
 * resvg-js 2.6 takes font *paths* and parses each file on every render; with a 15 MB CJK face that parsing is
 * most of the cost. So resvg gets small subsets of the chart faces, written once per process to a temporary
 * folder and grown when a chart needs a character they lack. A subset keeps the glyph outlines and metrics
 * of the full face, so the PNG does not depend on which subset drew it. PNGs are also kept per process by
 * SVG: most charts are the same in every report of a batch (only the highlighted prefecture differs).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import subsetFont from "subset-font";
import type { FontFace, FontProfile } from "../../fonts/profile.js";
import { svgText } from "../../fonts/svg.js";
import type { PresentedFigure } from "../../present/types.js";
import { artefactCache } from "../../cache/store.js";
import { facesDigest } from "../../cache/font-digest.js";

/** The PNG is drawn at 300 pixels to the inch of the picture's printed size (print resolution). */
export const PNG_PPI = 300;
const PNG_SCALE = PNG_PPI / 72;
/** Characters every chart subset carries, so that most charts reuse the first subset. */
const BASE = " 0123456789.,%-+()（）：，、万亿元家人个件次年月日全省市州";
const MAX_PNGS = 64;

const pngs = new Map<string, Buffer>();
const subsets = new Map<FontFace, { chars: Set<string>; file: string }>();
let folder: string | undefined;

export async function fallbackPngs(blocks: readonly PresentedFigure[], profile: FontProfile): Promise<Map<PresentedFigure, Buffer>> {
  const out = new Map<PresentedFigure, Buffer>();
  // PNGs kept in the artefact cache (src/cache/) by SVG, size, chart faces and code are not drawn again.
  const store = artefactCache();
  const faces = [...new Set([profile.roles.chart.regular, profile.roles.chart.bold])];
  // A chart shown twice in a document (the same SVG) is one PNG.
  const byKey = new Map<string, PresentedFigure[]>();
  for (const block of blocks) {
    const key = store.key("png", [block.svg, String(Math.ceil(block.width * PNG_SCALE)), facesDigest(faces)]);
    byKey.set(key, [...(byKey.get(key) ?? []), block]);
  }
  const missing: [string, PresentedFigure][] = [];
  for (const [key, same] of byKey) {
    const hit = store.get("png", key);
    if (hit) for (const block of same) out.set(block, hit);
    else missing.push([key, same[0]!]);
  }
  // One subset per face with the characters of every chart, rather than one more each time a chart brings a
  // character the last subset lacks.
  const text = missing.map(([, b]) => svgText(b.svg)).join("");
  if (missing.length > 0) for (const face of faces) await subsetFile(face, text);
  for (const [key, block] of missing) {
    const png = await fallbackPng(block, profile);
    store.put("png", key, png);
    for (const same of byKey.get(key)!) out.set(same, png);
  }
  return out;
}

async function fallbackPng(block: PresentedFigure, profile: FontProfile): Promise<Buffer> {
  const chart = profile.roles.chart;
  const faces = [...new Set([chart.regular, chart.bold])];
  const pixels = Math.ceil(block.width * PNG_SCALE);
  const key = createHash("sha256").update(block.svg).update(`\0${pixels}\0${faces.map((f) => f.file).join("\0")}`).digest("hex");
  const cached = pngs.get(key);
  if (cached) return cached;
  const text = svgText(block.svg);
  const files = await Promise.all(faces.map((face) => subsetFile(face, text)));
  const png = new Resvg(block.svg, {
    font: { fontFiles: files, loadSystemFonts: false, defaultFontFamily: chart.regular.family },
    fitTo: { mode: "width", value: pixels },
  })
    .render()
    .asPng();
  if (pngs.size >= MAX_PNGS) pngs.delete(pngs.keys().next().value!);
  pngs.set(key, png);
  return png;
}

/** Starts harfbuzz and makes the chart faces' first subsets (BASE), before any chart needs them. */
export async function prepareChartFonts(profile: FontProfile): Promise<void> {
  const chart = profile.roles.chart;
  for (const face of new Set([chart.regular, chart.bold])) await subsetFile(face, "");
}

/** A file holding a subset of `face` with at least the characters of `text`. */
async function subsetFile(face: FontFace, text: string): Promise<string> {
  const current = subsets.get(face);
  const needed = [...text].filter((c) => !/\s/.test(c));
  if (current && needed.every((c) => current.chars.has(c))) return current.file;
  const chars = new Set([...(current?.chars ?? BASE), ...needed]);
  const data = await subsetFont(face.data, [...chars].sort().join(""), { targetFormat: "truetype" });
  folder ??= mkdtempSync(join(tmpdir(), "bulletin-chart-fonts-"));
  const file = join(folder, `${face.postscriptName}-${chars.size}.ttf`);
  writeFileSync(file, data);
  if (current) rmSync(current.file, { force: true });
  subsets.set(face, { chars, file });
  return file;
}

process.once("exit", () => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});
