/**
 * A chart as an inline picture: the SVG itself (Word 2016+ draws it) with a PNG fallback (older Word and
 * LibreOffice show the PNG), both from the model's SVG text.
 */
import { ImageRun } from "docx";
import type { PresentedFigure } from "../../present/types.js";
import type { BlockContext } from "./blocks.js";
import { pixels96 } from "./units.js";

export function figureImage(block: PresentedFigure, ctx: BlockContext): ImageRun {
  // The size the presentation stage gave it (never wider than the type area, shrunk where pagination did).
  const { width, height } = block;
  const svg = Buffer.from(block.svg, "utf8"); // a string would be taken as base64
  const png = ctx.pngs.get(block);
  if (!png) throw new Error(`no PNG fallback drawn for figure ${block.number}`);
  const id = ctx.nextDrawingId();
  return new ImageRun({
    type: "svg",
    data: ctx.media.standIn(svg),
    fallback: { type: "png", data: ctx.media.standIn(png) },
    transformation: { width: pixels96(width), height: pixels96(height) },
    altText: { id: String(id), name: `图${block.number}`, description: block.caption.caption?.text ?? "" },
  });
}

