/**
 * PNG fallbacks of the charts (older Word and LibreOffice show the PNG), drawn by resvg from the model's SVG
 * with subsets of the chart role's fonts (chart-fonts.ts); png-encode.ts writes the PNG. PNGs are also kept per
 * process by SVG: most charts are the same in every report of a batch (only the highlighted prefecture differs).
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type { RenderedImage, Resvg as ResvgClass } from "@resvg/resvg-js";
import { isOpaque, rgbPng } from "./png-encode.js";
import { chartFaces, subsetFiles } from "./chart-fonts.js";
import { collect } from "./collect.js";
import type { FontFace, FontProfile } from "../../fonts/profile.js";
import { svgText, svgUsesBold } from "../../fonts/svg.js";
import type { PresentedFigure } from "../../present/types.js";
import { artefactCache } from "../../cache/store.js";
import { facesDigest } from "../../cache/font-digest.js";

/** The PNG is drawn at 300 pixels to the inch of the picture's printed size (print resolution). */
export const PNG_PPI = 300;
const PNG_SCALE = PNG_PPI / 72;
const MAX_PNGS = 64;

const pngs = new Map<string, Buffer>();

export async function fallbackPngs(blocks: readonly PresentedFigure[], profile: FontProfile): Promise<Map<PresentedFigure, Buffer>> {
  const out = new Map<PresentedFigure, Buffer>();
  // PNGs kept in the artefact cache (src/cache/) by SVG, size, chart faces and code are not drawn again.
  const store = artefactCache();
  // A chart is drawn with the chart role's regular face, and with its bold one only where its SVG asks for bold:
  // resvg picks a face by weight, so a chart without bold text has the same pixels either way (the 2020 charts
  // checked), and the bold face's subset is not made for it.
  const facesOf = (block: PresentedFigure): FontFace[] => chartFaces(profile, svgUsesBold(block.svg));
  // A chart shown twice in a document (the same SVG) is one PNG.
  const byKey = new Map<string, PresentedFigure[]>();
  for (const block of blocks) {
    const key = store.key("png", [block.svg, String(Math.ceil(block.width * PNG_SCALE)), facesDigest(facesOf(block))]);
    byKey.set(key, [...(byKey.get(key) ?? []), block]);
  }
  const missing: [string, PresentedFigure][] = [];
  for (const [key, same] of byKey) {
    const hit = store.get("png", key);
    if (hit) for (const block of same) out.set(block, hit);
    else missing.push([key, same[0]!]);
  }
  // Drawn before in this process (the same chart in another report of a batch): no subset needed for it.
  const chart = profile.roles.chart;
  const toDraw = missing.map(([key, block]) => ({ key, block, faces: facesOf(block), memo: memoKey(block, facesOf(block)) })).map((m) => ({ ...m, png: pngs.get(m.memo) }));
  // One subset per face with the characters of every chart drawn, rather than one more each time a chart brings a
  // character the last subset lacks.
  const drawn = toDraw.filter((m) => !m.png);
  const faces = [...new Set(drawn.flatMap((m) => m.faces))];
  const files = new Map(drawn.length > 0 ? (await subsetFiles(faces, drawn.map((m) => svgText(m.block.svg)).join(""))).map((file, i) => [faces[i]!, file] as const) : []);
  for (const { key, block, faces: own, memo, png: kept } of toDraw) {
    const png = kept ?? (await drawPng(block, chart, own.map((face) => files.get(face)!), memo));
    store.put("png", key, png);
    for (const same of byKey.get(key)!) out.set(same, png);
  }
  return out;
}

/** The process's memo key of a chart's PNG: its SVG, its size in pixels and the chart faces' files. */
const memoKey = (block: PresentedFigure, faces: readonly FontFace[]): string =>
  createHash("sha256").update(block.svg).update(`\0${Math.ceil(block.width * PNG_SCALE)}\0${faces.map((f) => f.file).join("\0")}`).digest("hex");

/** The chart's PNG drawn by resvg with the chart faces' subset `files`, kept in the process's memo under `memo`. */
async function drawPng(block: PresentedFigure, chart: FontProfile["roles"]["chart"], files: readonly string[], memo: string): Promise<Buffer> {
  const Resvg = resvg();
  let image: RenderedImage | undefined = new Resvg(block.svg, {
    font: { fontFiles: [...files], loadSystemFonts: false, defaultFontFamily: chart.regular.family },
    fitTo: { mode: "width", value: Math.ceil(block.width * PNG_SCALE) },
  }).render();
  const { width, height } = image;
  const pixels = image.pixels;
  let png: Buffer;
  if (isOpaque(pixels)) {
    // Encoded by zlib (png-encode.ts: ~5× faster than resvg-js's encoder), resvg's own pixmap freed first.
    image = undefined;
    await freeRenderedImages();
    png = rgbPng(pixels, width, height);
  } else {
    png = image.asPng();
    image = undefined;
    await freeRenderedImages();
  }
  if (pngs.size >= MAX_PNGS) pngs.delete(pngs.keys().next().value!);
  pngs.set(memo, png);
  return png;
}

/**
 * resvg-js, its native module loaded when the first PNG is drawn (~12 ms off the start of every build; one without a
 * DOCX never needs it). Required, not imported: the bundle runs in a vm.Script, which has no dynamic import.
 */
let loaded: typeof ResvgClass | undefined;
const resvg = (): typeof ResvgClass => (loaded ??= (createRequire(import.meta.url)("@resvg/resvg-js") as typeof import("@resvg/resvg-js")).Resvg);

/**
 * resvg-js 2.6.2 does not tell V8 how large a rendered image's pixels are (RenderedImage: ~7 MB at 300 ppi, in
 * Rust), so no garbage collection comes for them while a document's charts are drawn, and every PNG's pixels
 * stayed in memory — ~55 MiB for the bulletin's eight charts (thx/resvg-js#216; after 2.6.2 the binding reports
 * them, commit 9ddc1e8 "more aggressive GC"). A minor collection just after each PNG finds the image and its
 * Resvg still young and unreachable; their finalisers free the pixels on the next turn of the event loop.
 * Costs ~1 ms a chart.
 */
async function freeRenderedImages(): Promise<void> {
  collect({ type: "minor" });
  await new Promise<void>((resolve) => setImmediate(resolve));
}
