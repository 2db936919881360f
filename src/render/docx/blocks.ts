/**
 * Model blocks → docx paragraphs and tables. Formatting lives in the named styles (styles.ts); a block only picks
 * its style, its alignment where the model gives one, and the spacing that sets it apart from its neighbours.
 * Every piece of text is recorded with the face that sets it, for the font subsets (fonts.ts).
 */
import {
  AlignmentType,
  HeadingLevel,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  ShadingType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type ParagraphChild,
} from "docx";
import { textWidth, type FontFace, type FontProfile } from "../../fonts/profile.js";
import { GAP_SHADE, TABLE, TYPE_AREA } from "../../model/layout.js";
import type { Align, Block, FigureBlock, ParagraphBlock, SignatureBlock, TableBlock } from "../../model/types.js";
import { figureImage } from "./figure.js";
import { roleFace, runFont, type GlyphUsage } from "./fonts.js";
import { CELL_MARGIN, STYLE } from "./styles.js";
import { BODY_LINE, twips } from "./units.js";

export type BodyChild = Paragraph | Table;

export interface BlockContext {
  readonly profile: FontProfile;
  readonly usage: GlyphUsage;
  /** The next `wp:docPr` id: counted per document (docx's own counter is shared by every document in the process). */
  readonly nextDrawingId: () => number;
  /** The charts' PNG fallbacks, drawn before the blocks are built (png.ts). */
  readonly pngs: ReadonlyMap<FigureBlock, Buffer>;
}

/** Half a body line around tables and figures, as in the PDF. */
const AROUND = Math.round(BODY_LINE / 2);

export function blockChildren(block: Block, ctx: BlockContext): BodyChild[] {
  const face = (role: Parameters<typeof roleFace>[1]) => roleFace(ctx.profile, role);
  const text = (f: FontFace, t: string) => new TextRun(ctx.usage.add(f, t));
  switch (block.type) {
    case "docNumber":
      return [new Paragraph({ style: STYLE.docNumber, children: [text(face("body"), block.text)] })];
    case "title":
      return [new Paragraph({ heading: HeadingLevel.TITLE, children: [text(face("title"), block.text)] })];
    case "heading":
      return [
        new Paragraph({
          heading: block.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
          children: [text(face(block.level === 1 ? "heading1" : "heading2"), `${block.number}${block.text}`)],
        }),
      ];
    case "paragraph":
      return [new Paragraph({ children: paragraphRuns(block, ctx) })];
    case "table":
      return table(block, ctx);
    case "figure":
      return figure(block, ctx);
    case "signature":
      return signature(block, ctx);
  }
}

function paragraphRuns(block: ParagraphBlock, ctx: BlockContext): ParagraphChild[] {
  const body = roleFace(ctx.profile, "body");
  const bold = roleFace(ctx.profile, "body", true);
  return block.runs.map((run) => {
    if (run.style === "runIn") return new TextRun({ text: ctx.usage.add(roleFace(ctx.profile, "heading2"), run.text), style: STYLE.runIn });
    if (run.style === "bold" && bold !== body) {
      // The bold face is usually the body family's bold member (w:b alone); a family of its own is named too.
      const f = runFont(bold);
      return new TextRun({ text: ctx.usage.add(bold, run.text), bold: true, ...(bold.family === body.family ? {} : { font: f.font }) });
    }
    // A draft's 待补充 mark: shaded (w:shd, ECMA-376 §17.3.2.32) so that it cannot pass for text.
    if (run.style === "gap") return new TextRun({ text: ctx.usage.add(body, run.text), shading: { type: ShadingType.CLEAR, color: "auto", fill: GAP_SHADE.slice(1) } });
    // A bold run in a profile without a bold body face stays regular (src/fonts/profile.ts).
    return new TextRun(ctx.usage.add(body, run.text));
  });
}

const ALIGN: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
};

function table(block: TableBlock, ctx: BlockContext): BodyChild[] {
  const body = roleFace(ctx.profile, "body");
  const head = roleFace(ctx.profile, "heading1");
  const widths = columnWidths(block, body, head);
  const cell = (t: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      children: [
        new Paragraph({
          style: header ? STYLE.tableHeading : STYLE.tableText,
          ...(header ? {} : { alignment: ALIGN[block.align[i] ?? "left"] }),
          children: [new TextRun(ctx.usage.add(header ? head : body, t))],
        }),
      ],
    });
  const rows = [
    // The header row repeats on every page the table spans (w:tblHeader).
    new TableRow({ tableHeader: true, cantSplit: true, children: block.header.map((h, i) => cell(h, i, true)) }),
    ...block.rows.map((row) => new TableRow({ cantSplit: true, children: block.header.map((_, i) => cell(row[i] ?? "", i, false)) })),
  ];
  const notes = block.notes.map(
    (note, i) =>
      new Paragraph({
        style: STYLE.tableNote,
        ...(i === block.notes.length - 1 ? { spacing: { after: AROUND } } : {}),
        children: [new TextRun(ctx.usage.add(body, note))],
      }),
  );
  return [
    new Paragraph({
      style: STYLE.caption,
      keepNext: true,
      spacing: { before: AROUND },
      children: [new TextRun(ctx.usage.add(head, `表${block.number} ${block.caption}`))],
    }),
    ...(block.unit === undefined ? [] : [new Paragraph({ style: STYLE.unit, children: [new TextRun(ctx.usage.add(body, `单位：${block.unit}`))] })]),
    new Table({
      style: STYLE.table,
      width: { size: twips(TYPE_AREA.width), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows,
    }),
    // A table that ends the block still needs its half line below: an empty paragraph would add a whole line.
    ...(notes.length > 0 ? notes : [new Paragraph({ style: STYLE.tableNote, spacing: { line: AROUND } })]),
  ];
}

/**
 * Column widths in twips summing to the type area's width: every column but the first as wide as its widest text
 * (plus the cell padding), the first taking the rest, as the PDF's `*` / `auto` columns. When the natural widths do
 * not fit, all are scaled down alike and the text wraps.
 */
export function columnWidths(block: TableBlock, body: FontFace, head: FontFace): number[] {
  const total = twips(TYPE_AREA.width);
  const padding = 2 * CELL_MARGIN.horizontal + 2; // the style's side padding, and a point each side to spare
  const natural = block.header.map((h, i) =>
    Math.max(textWidth(head, h, TABLE.size), ...block.rows.map((r) => textWidth(body, r[i] ?? "", TABLE.size))) + padding,
  );
  const rest = natural.slice(1).reduce((a, b) => a + b, 0);
  let widths: number[];
  if (rest + natural[0]! <= TYPE_AREA.width) widths = [TYPE_AREA.width - rest, ...natural.slice(1)];
  else widths = natural.map((w) => (w * TYPE_AREA.width) / (rest + natural[0]!));
  const tw = widths.map(twips);
  tw[0]! += total - tw.reduce((a, b) => a + b, 0);
  return tw;
}

function figure(block: FigureBlock, ctx: BlockContext): BodyChild[] {
  const body = roleFace(ctx.profile, "body");
  const head = roleFace(ctx.profile, "heading1");
  const unit =
    block.unit === undefined ? [] : [new Paragraph({ style: STYLE.unit, spacing: { before: AROUND }, children: [new TextRun(ctx.usage.add(body, `单位：${block.unit}`))] })];
  return [
    ...unit,
    new Paragraph({ style: STYLE.figure, ...(unit.length === 0 ? { spacing: { before: AROUND } } : {}), children: [figureImage(block, ctx)] }),
    new Paragraph({ style: STYLE.caption, spacing: { after: AROUND }, children: [new TextRun(ctx.usage.add(head, `图${block.number} ${block.caption}`))] }),
  ];
}

/** §7.3.5.1: a blank line, then the issuers and the date at the right, about four characters in (the Signature style). */
function signature(block: SignatureBlock, ctx: BlockContext): BodyChild[] {
  const body = roleFace(ctx.profile, "body");
  return [...block.issuers, block.date].map(
    (line, i) => new Paragraph({ style: STYLE.signature, ...(i === 0 ? { spacing: { before: BODY_LINE } } : {}), children: [new TextRun(ctx.usage.add(body, line))] }),
  );
}
