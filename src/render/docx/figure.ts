/**
 * A chart as an inline picture: the SVG itself (Word 2016+ draws it) with a PNG fallback (older Word and
 * LibreOffice show the PNG), both from the model's SVG text.
 */
import { ImageRun } from "docx";
import type { FigureBlock } from "../../model/types.js";
import { svgText, svgUsesBold } from "../../fonts/svg.js";
import type { BlockContext } from "./blocks.js";
import { pixels96 } from "./units.js";
import { figureSize } from "./png.js";

export function figureImage(block: FigureBlock, ctx: BlockContext): ImageRun {
  const chart = ctx.profile.roles.chart;
  const text = svgText(block.svg);
  ctx.usage.add(chart.regular, text);
  if (svgUsesBold(block.svg) && chart.bold !== chart.regular) ctx.usage.add(chart.bold, text);

  // The SVG's user units are points, sized to the type area; never wider than it.
  const { width, height } = figureSize(block);
  const svg = Buffer.from(block.svg, "utf8"); // a string would be taken as base64
  const png = ctx.pngs.get(block);
  if (!png) throw new Error(`no PNG fallback drawn for figure ${block.number}`);
  const id = ctx.nextDrawingId();
  return new ImageRun({
    type: "svg",
    data: svg,
    fallback: { type: "png", data: png },
    transformation: { width: pixels96(width), height: pixels96(height) },
    altText: { id: String(id), name: `图${block.number}`, description: block.caption },
  });
}

