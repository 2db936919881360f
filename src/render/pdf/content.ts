/**
 * Presented blocks → pdfmake content: one top-level node per block (measure.ts finds a block's lines by
 * its node), drawn as the presented document says. Nothing here decides a caption, a face or a width.
 */
import { createRequire } from "node:module";
import type { Content } from "pdfmake/interfaces.js";
import type { FontProfile } from "../../fonts/profile.js";
import type { PresentedBlock, PresentedDocument, PresentedFigure, PresentedParagraph, PresentedRun, PresentedTable } from "../../present/types.js";
import { lineHeightFactor, type PdfFonts } from "./fonts.js";

import { GAP_SHADE } from "../../model/layout.js";
import { joinRuns, sameFace } from "../../present/runs.js";

/**
 * pdfmake 0.3.11 leaves the last line of every paragraph unjustified (ElementWriter.alignLine skips
 * `line.lastLineInParagraph`). The head of a paragraph split around a float ends mid-sentence at a page's
 * foot and must be justified like any other full line: a text node marked `justifyLastLine` gets its
 * last line treated as an inner one (LayoutBuilder.buildNextLine sets the flag; this clears it).
 */
const LayoutBuilder = (createRequire(import.meta.url)("pdfmake/js/LayoutBuilder.js") as { default: { prototype: Record<string, unknown> } }).default;
const buildNextLine = LayoutBuilder.prototype.buildNextLine as (this: unknown, node: { justifyLastLine?: boolean }) => { lastLineInParagraph?: boolean } | null;
LayoutBuilder.prototype.buildNextLine = function (this: unknown, node: { justifyLastLine?: boolean }) {
  const line = buildNextLine.call(this, node);
  if (line && node.justifyLastLine) line.lastLineInParagraph = false;
  return line;
};

export function documentContent(doc: PresentedDocument, profile: FontProfile, fonts: PdfFonts): Content[] {
  const c = new ContentBuilder(doc, profile, fonts);
  return doc.blocks.map((b, i) => ({ ...c.block(b), _block: i })) as unknown as Content[];
}

/** A pdfmake node, built loosely: @types/pdfmake lacks noWrap on inlines, keepWithHeaderRows and our own marks. */
type Node = Record<string, unknown>;

class ContentBuilder {
  constructor(
    private readonly doc: PresentedDocument,
    private readonly profile: FontProfile,
    private readonly fonts: PdfFonts,
  ) {}

  block(b: PresentedBlock): Node {
    const node = b.kind === "paragraph" ? this.paragraph(b) : b.kind === "table" ? this.table(b) : this.figure(b);
    return b.flow?.breakBefore ? { ...node, pageBreak: "before" } : node;
  }

  /**
   * 28 characters at the body pitch fill the type area's width exactly; a thousandth of a point less keeps
   * float rounding in pdfmake's line fitting from pushing the 28th character onto the next line.
   */
  private spacing(size: number): number {
    return this.doc.profile.charPitch - size - 1e-3;
  }

  private run(r: PresentedRun, size: number, pitch: number): Node {
    return {
      text: r.text,
      font: this.fonts.key[r.face.role],
      ...(r.face.bold ? { bold: true } : {}),
      fontSize: size,
      lineHeight: lineHeightFactor(this.profile, r.face.role, size, pitch),
      // pdfmake 0.3 TextBreaker: a noWrap inline is one word (no break inside); the break between it and
      // its neighbours still follows UAX #14 (so `亿元。` keeps its full stop).
      ...(r.noBreak ? { noWrap: true } : {}),
      ...(r.gap ? { background: GAP_SHADE } : {}),
    };
  }

  paragraph(p: PresentedParagraph): Node {
    const body = p.style === "body" || p.style === "heading1" || p.style === "heading2";
    const first = p.runs[0]?.face.role ?? "body";
    const tail = p.flow?.split === "tail";
    return {
      text: drawn(p.runs).map((r) => this.run(r, p.size, p.linePitch)),
      font: this.fonts.key[first],
      fontSize: p.size,
      lineHeight: lineHeightFactor(this.profile, first, p.size, p.linePitch),
      alignment: p.align,
      ...(p.firstLineIndent && !tail ? { leadingIndent: p.firstLineIndent } : {}),
      ...(body ? { characterSpacing: this.spacing(p.size) - (p.flow?.squeeze ?? 0) + (p.flow?.loosen ?? 0) } : {}),
      ...(p.flow?.split === "head" ? { justifyLastLine: true } : {}),
      ...(p.outline && !p.outline.runIn ? { outline: true, outlineText: p.outline.text } : {}),
      margin: [0, p.spaceBefore, p.rightIndent, p.spaceAfter],
    };
  }

  private table(t: PresentedTable): Node {
    const pad = t.cellPadding;
    const n = t.columns.length;
    const body: Node[][] = t.rows.map((row) => {
      const out: Node[] = [];
      let next = 0;
      for (const cell of row) {
        while (next < cell.column) out[next++] = {}; // covered by a span from above
        out[next] = {
          text: drawn(cell.runs).map((r) => this.run(r, t.cellSize, t.cellPitch)),
          alignment: cell.align,
          ...(cell.rowSpan > 1 ? { rowSpan: cell.rowSpan } : {}),
          ...(cell.colSpan > 1 ? { colSpan: cell.colSpan } : {}),
        };
        next++;
        for (let k = 1; k < cell.colSpan; k++) out[next++] = {};
      }
      while (next < n) out[next++] = {};
      return out;
    });
    return {
      stack: [
        this.paragraph(t.caption),
        ...(t.unit ? [this.paragraph(t.unit)] : []),
        {
          table: {
            // The header rows repeat on every page the table spans (conventions: tables); the first body row stays with them.
            headerRows: t.headerRows,
            keepWithHeaderRows: t.keepHeadWithRows,
            // pdfmake's widths are content widths: padding and the rules are added around them.
            widths: t.columns.map((w, i) => w - 2 * pad.horizontal - t.rule - (i === n - 1 ? t.rule : 0)),
            body,
          },
          layout: {
            hLineWidth: () => t.rule,
            vLineWidth: () => t.rule,
            paddingTop: () => pad.vertical,
            paddingBottom: () => pad.vertical,
            paddingLeft: () => pad.horizontal,
            paddingRight: () => pad.horizontal,
          },
        },
        ...t.notes.map((note) => this.paragraph(note)),
      ],
      margin: [0, t.spaceBefore, 0, t.spaceAfter],
    };
  }

  private figure(f: PresentedFigure): Node {
    return {
      stack: [...(f.unit ? [this.paragraph(f.unit)] : []), { svg: f.svg, width: f.width, height: f.height }, this.paragraph(f.caption)],
      unbreakable: true,
      margin: [0, f.spaceBefore, 0, f.spaceAfter],
    };
  }
}

/**
 * The runs as the PDF draws them: a figure's provenance (ref, region) is not drawn, so a figure's run joins its
 * like-styled neighbours, as if the text had never been split there — a run boundary is a word boundary to
 * pdfmake, and an extra one would change how a justified line is spaced. Runs that must stay apart (a number
 * with its unit, a draft mark) are kept.
 */
function drawn(runs: readonly PresentedRun[]): PresentedRun[] {
  return joinRuns(runs, (a, b) => !a.noBreak && !b.noBreak && !a.gap && !b.gap && sameFace(a, b));
}
