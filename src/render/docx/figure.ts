/**
 * A chart as an inline picture: the SVG itself (Word 2016+ draws it) with a PNG fallback (older Word and
 * LibreOffice show the PNG), both from the model's SVG text.
 */
import { createHash } from "node:crypto";
import { Resvg } from "@resvg/resvg-js";
import { ImageRun } from "docx";
import { TYPE_AREA } from "../../model/layout.js";
import type { FigureBlock } from "../../model/types.js";
import { roleFace } from "./fonts.js";
import { svgText, svgUsesBold } from "../../fonts/svg.js";
import type { BlockContext } from "./blocks.js";
import { pixels96 } from "./units.js";

/** The PNG is drawn at twice the picture's size (2 px per point ≈ 144 dpi). */
const PNG_SCALE = 2;

export function figureImage(block: FigureBlock, ctx: BlockContext): ImageRun {
  const chart = ctx.profile.roles.chart;
  const text = svgText(block.svg);
  ctx.usage.add(chart.regular, text);
  if (svgUsesBold(block.svg) && chart.bold !== chart.regular) ctx.usage.add(chart.bold, text);

  // The SVG's user units are points, sized to the type area; never wider than it.
  const scale = Math.min(1, TYPE_AREA.width / block.width);
  const width = block.width * scale;
  const height = block.height * scale;
  const svg = Buffer.from(block.svg, "utf8"); // a string would be taken as base64
  const png = fallbackPng(block.svg, width, ctx);
  const id = ctx.nextDrawingId();
  return new ImageRun({
    type: "svg",
    data: svg,
    fallback: { type: "png", data: png },
    transformation: { width: pixels96(width), height: pixels96(height) },
    altText: { id: String(id), name: `图${block.number}`, description: block.caption },
  });
}

/**
 * PNGs already drawn in this process, by SVG, size and fonts. Most charts are the same in every report of a
 * batch (only the highlighted prefecture differs), and resvg re-reads its font files on every render
 * (resvg-js 2.6 takes font paths, not buffers), so drawing each distinct chart once saves most of the time.
 */
const pngCache = new Map<string, Buffer>();

function fallbackPng(svg: string, width: number, ctx: BlockContext): Buffer {
  const chart = ctx.profile.roles.chart;
  // Charts are set in the chart role's faces only; loading no others keeps resvg's font parsing small.
  const files = [...new Set([chart.regular.file, chart.bold.file])];
  const pixels = Math.round(width * PNG_SCALE);
  const key = createHash("sha256").update(svg).update(`\0${pixels}\0${files.join("\0")}`).digest("hex");
  let png = pngCache.get(key);
  if (!png) {
    png = new Resvg(svg, {
      font: { fontFiles: files, loadSystemFonts: false, defaultFontFamily: roleFace(ctx.profile, "chart").family },
      fitTo: { mode: "width", value: pixels },
    })
      .render()
      .asPng();
    if (pngCache.size >= 64) pngCache.delete(pngCache.keys().next().value!);
    pngCache.set(key, png);
  }
  return png;
}
