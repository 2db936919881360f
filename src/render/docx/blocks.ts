/**
 * Presented blocks → docx paragraphs and tables. Formatting lives in the named styles (styles.ts); a block picks
 * its style, and the keep rules, spacing and widths the presentation stage decided (src/present/). Every piece of
 * text is recorded with the face that sets it, for the font subsets (fonts.ts).
 *
 * In Word's own terms:
 * - keep with next / together → w:keepNext / w:keepLines (widow control is on in the document defaults, styles.ts,
 *   and stated on body paragraphs);
 * - 一、 and （一） → a numbering definition (ECMA-376 §17.9, `chineseCounting`, "%1、" and "（%2）", the second level
 *   restarting after each first), so inserting a section renumbers the rest; Word and LibreOffice both draw it.
 *   Run-in （一） headings share the second level. A number is left as typed text where the numbering would not
 *   give it (a template that skips or repeats one): the document shows what the template wrote;
 * - 图N and 表N → SEQ fields (ECMA-376 §17.16.5.58) with their cached result written, so they show without a field
 *   update and renumber when a chart or table is inserted;
 * - a run-in heading `（一）…。` → a Heading 2 paragraph whose mark is hidden with w:specVanish (Word's style
 *   separator, ECMA-376 §17.3.2.35): it reads run-in, and it is in the navigation pane.
 */
import {
  AlignmentType,
  HeadingLevel,
  Paragraph,
  ShadingType,
  SimpleField,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
  type ParagraphChild,
} from "docx";
import type { FontProfile } from "../../fonts/profile.js";
import { GAP_SHADE } from "../../model/layout.js";
import { joinRuns, sameFace } from "../../present/runs.js";
import { headingNumber } from "../../model/numbering.js";
import type { OutlineEntry, PresentedBlock, PresentedFigure, PresentedParagraph, PresentedRun, PresentedTable, TextAlign } from "../../present/types.js";
import { figureImage } from "./figure.js";
import { roleFace, runFont } from "./fonts.js";
import type { Provenance } from "./provenance.js";
import { STYLE } from "./styles.js";
import { twips } from "./units.js";
import type { Joiner } from "./joins.js";
import type { MediaTable } from "./media.js";

export type BodyChild = Paragraph | Table;

export interface BlockContext {
  readonly profile: FontProfile;
  /** Bookmarks of template places, figure controls and the review record (provenance.ts). */
  readonly provenance: Provenance;
  /** The next `wp:docPr` id: counted per document (docx's own counter is shared by every document in the process). */
  readonly nextDrawingId: () => number;
  /** The charts' PNG fallbacks, drawn before the blocks are built (png.ts). */
  readonly pngs: ReadonlyMap<PresentedFigure, Buffer>;
  /** The pictures docx packs by stand-in (media.ts). */
  readonly media: MediaTable;
  /** A run's text in pieces, its joins (numbers with their units, place names) kept on one line (joins.ts). */
  readonly joins: Joiner;
  /** Where Word's heading numbering stands (its counters of levels 1 and 2), in document order. */
  readonly numbering: { level1: number; level2: number };
}

/** Draft marks (Run.style "gap"): the shade every format uses (model/layout.ts), as OOXML hex without `#`. */
const GAP_FILL = GAP_SHADE.slice(1).toUpperCase();

const ALIGN: Record<TextAlign, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};

/** The paragraph style of each presented text kind; body text is Normal. */
const STYLE_OF: Partial<Record<PresentedParagraph["style"], string>> = {
  docNumber: STYLE.docNumber,
  title: STYLE.title,
  heading1: STYLE.heading1,
  heading2: STYLE.heading2,
  caption: STYLE.caption,
  unit: STYLE.unit,
  note: STYLE.tableNote,
  signature: STYLE.signature,
};


/**
 * The PDF's block order, with each paragraph the pagination split around a float made whole again and the float
 * put right after it: Word paginates for itself (by the keep flags), and a clerk edits one paragraph, not two halves.
 */
export function wordOrder(blocks: readonly PresentedBlock[]): PresentedBlock[] {
  const out: PresentedBlock[] = [];
  const held: PresentedBlock[] = [];
  let head: PresentedParagraph | undefined;
  for (const b of blocks) {
    if (head && b.kind !== "paragraph") held.push(b);
    else if (head && b.kind === "paragraph" && b.flow?.split === "tail") {
      const { flow: _f, ...whole } = { ...head, runs: [...head.runs, ...b.runs], spaceAfter: b.spaceAfter };
      out.push(whole, ...held);
      held.length = 0;
      head = undefined;
    } else if (b.kind === "paragraph" && b.flow?.split === "head") {
      if (head) out.push(head, ...held.splice(0));
      head = b;
    } else {
      if (head) out.push(head, ...held.splice(0));
      head = undefined;
      out.push(b);
    }
  }
  if (head) out.push(head);
  out.push(...held);
  return out;
}

export function blockChildren(block: PresentedBlock, ctx: BlockContext): BodyChild[] {
  switch (block.kind) {
    case "paragraph":
      return paragraphs(block, ctx);
    case "table":
      return table(block, ctx);
    case "figure":
      return figure(block, ctx);
  }
}

/** A figure from data/ (not a draft mark): a content control of its own (provenance.ts). */
const isFigure = (r: PresentedRun): boolean => Boolean(r.ref && r.region && !r.gap);

/**
 * Adjacent runs set alike become one w:r: a number's no-break run is the PDF's concern (Word keeps `4.9%` whole
 * itself). A figure stays a run of its own: it goes into its content control.
 */
function merged(rs: readonly PresentedRun[]): PresentedRun[] {
  return joinRuns(rs, (a, b) => sameFace(a, b) && Boolean(a.gap) === Boolean(b.gap) && !isFigure(a) && !isFigure(b));
}

function runs(rs: readonly PresentedRun[], ctx: BlockContext, paragraphRole: string): ParagraphChild[] {
  return merged(rs).flatMap((r): ParagraphChild[] => {
    const made = textRuns(r, ctx, paragraphRole);
    // A figure's runs go into its content control together (its join keeps them one piece of text).
    return isFigure(r) ? [ctx.provenance.figure(made, r.ref!, r.region!)] : made;
  });
}

/** A join (joins.ts): its own run, that a line break does not enter, not proofed. */
const JOIN: IRunOptions = { language: { eastAsia: "en-US" }, noProof: true };

/** A presented run as w:r elements: one, or one per piece where it holds a number with its unit or a place name (joins.ts). */
function textRuns(r: PresentedRun, ctx: BlockContext, paragraphRole: string): TextRun[] {
  const options = runOptions(r, ctx, paragraphRole);
  return ctx.joins(r.text).map((p) => new TextRun({ ...options, ...(p.join ? JOIN : {}), text: p.text }));
}

function runOptions(r: PresentedRun, ctx: BlockContext, paragraphRole: string): IRunOptions {
  const body = roleFace(ctx.profile, "body");
  const f = roleFace(ctx.profile, r.face.role, r.face.bold);
  const shade = r.gap ? { shading: { type: ShadingType.CLEAR, fill: GAP_FILL, color: "auto" } } : {};
  if (r.face.role === "heading2" && paragraphRole === "body") return { style: STYLE.runIn, ...shade };
  if (r.face.bold && f !== roleFace(ctx.profile, r.face.role)) {
    // The bold face is usually the family's bold member (w:b alone); a family of its own is named too.
    const regular = roleFace(ctx.profile, r.face.role);
    return { bold: true, ...(f.family === regular.family ? {} : { font: runFont(f).font }), ...shade };
  }
  if (r.face.role !== paragraphRole && r.face.role !== "body" && f.family !== body.family) return { font: runFont(f).font, ...shade };
  return shade;
}

function keeps(p: PresentedParagraph): Pick<IParagraphOptions, "keepNext" | "keepLines"> {
  return { ...(p.keep.withNext ? { keepNext: true } : {}), ...(p.keep.together ? { keepLines: true } : {}) };
}

/** Spacing around a paragraph; the title's and document number's line below is their style's (styles.ts). */
function spacing(p: PresentedParagraph): Pick<IParagraphOptions, "spacing"> {
  if (p.style === "title" || p.style === "docNumber") return {};
  const before = twips(p.spaceBefore);
  const after = twips(p.spaceAfter);
  return before === 0 && after === 0 ? {} : { spacing: { ...(before ? { before } : {}), ...(after ? { after } : {}) } };
}

function paragraphs(p: PresentedParagraph, ctx: BlockContext): Paragraph[] {
  const role = p.style === "heading1" || p.style === "heading2" ? p.style : p.style === "title" ? "title" : "body";
  const style = STYLE_OF[p.style];
  const common: IParagraphOptions = {
    ...(style ? { style } : {}),
    // Widow control (w:widowControl): no single line of running text at a page's foot or head, as in the PDF.
    ...(p.style === "body" ? { widowControl: true } : {}),
    ...keeps(p),
    ...spacing(p),
    ...(p.flow?.split === "tail" ? { indent: { firstLine: 0, firstLineChars: 0 } } : {}),
  };
  const wrap = (rs: readonly PresentedRun[], children: readonly ParagraphChild[]) => ctx.provenance.wrap(p.source, rs, children);
  if (p.style === "heading1" || p.style === "heading2") {
    const h = heading(p, ctx, p.style);
    return [new Paragraph({ ...keeps(p), heading: p.style === "heading1" ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, ...h, children: wrap(h.runs, h.children) })];
  }
  if (p.caption) return [new Paragraph({ ...common, children: wrap(p.runs, caption(p)) })];
  const runIn = p.outline?.runIn;
  if (runIn) {
    // Heading 2 with a hidden paragraph mark (w:vanish + w:specVanish), then the text, unindented, on the same line.
    const head = p.runs.slice(0, runIn.runs);
    const rest = p.runs.slice(runIn.runs);
    // Numbered as the headings of its level are, the typed （一） taken off, when the numbering gives that number.
    const h = numbered(p.outline!, head, ctx, "heading2");
    return [
      // Not kept with the text it runs into: Word draws both as one line; LibreOffice (which ignores the style
      // separator) would otherwise chain it to that paragraph and past it, leaving the heading alone on a page.
      new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: false, run: { vanish: true, specVanish: true }, ...h, children: wrap(h.runs, h.children) }),
      new Paragraph({ ...common, indent: { firstLine: 0, firstLineChars: 0 }, children: wrap(rest, runs(rest, ctx, role)) }),
    ];
  }
  return [new Paragraph({ ...common, ...(p.align === "justify" || style ? {} : { alignment: ALIGN[p.align] }), children: wrap(p.runs, runs(p.runs, ctx, role)) })];
}

interface HeadingRuns {
  /** Unnumbered: the style's numbering taken off (the heading shows the number its text has). */
  readonly numbering?: false;
  readonly children: ParagraphChild[];
  /** The runs shown as text (the number the numbering draws left out). */
  readonly runs: readonly PresentedRun[];
}

/** A heading of its own line: see `numbered`. */
function heading(p: PresentedParagraph, ctx: BlockContext, role: string): HeadingRuns {
  return p.outline ? numbered(p.outline, p.runs, ctx, role) : { numbering: false, runs: p.runs, children: runs(p.runs, ctx, role) };
}

/**
 * A heading's runs. Its number comes from the Heading 1/2 style's numbering (styles.ts: 一、 and （一）, ECMA-376
 * §17.9.22 numbering in a style), so the typed number is taken off — when Word's counter for its level would show
 * the number the text starts with; else the style's numbering is taken off the paragraph (`w:numId 0`) and the runs
 * stay as they are.
 */
function numbered(outline: OutlineEntry, rs: readonly PresentedRun[], ctx: BlockContext, role: string): HeadingRuns {
  const { number, level } = outline;
  const text = rs.map((r) => r.text).join("");
  const next = level === 1 ? ctx.numbering.level1 + 1 : ctx.numbering.level2 + 1;
  if (next > 99 || number !== headingNumber(level, next) || !text.startsWith(number)) return { numbering: false, runs: rs, children: runs(rs, ctx, role) };
  if (level === 1) Object.assign(ctx.numbering, { level1: next, level2: 0 });
  else ctx.numbering.level2 = next;
  const shown = trimRuns(rs, number.length);
  return { runs: shown, children: runs(shown, ctx, role) };
}

/** 图N / 表N: the label, the number as a SEQ field, then the caption's text. */
function caption(p: PresentedParagraph): ParagraphChild[] {
  const c = p.caption!;
  return [new TextRun(c.label), new SimpleField(`SEQ ${c.label} \\* ARABIC`, String(c.number)), new TextRun(` ${c.text}`)];
}

function trimRuns(rs: readonly PresentedRun[], n: number): PresentedRun[] {
  const out: PresentedRun[] = [];
  let skip = n;
  for (const r of rs) {
    if (skip >= r.text.length) {
      skip -= r.text.length;
      continue;
    }
    out.push(skip > 0 ? { ...r, text: r.text.slice(skip) } : r);
    skip = 0;
  }
  return out;
}

function table(t: PresentedTable, ctx: BlockContext): BodyChild[] {
  const widths = t.columns.map(twips);
  // Rounded to whole twips, the first column takes the difference: the table is exactly as wide as its columns.
  widths[0]! += twips(t.columns.reduce((a, b) => a + b, 0)) - widths.reduce((a, b) => a + b, 0);
  const cellWidth = (column: number, span: number) => widths.slice(column, column + span).reduce((a, b) => a + b, 0);
  const rows = t.rows.map(
    (row, r) =>
      new TableRow({
        // The header rows repeat on every page the table spans (w:tblHeader); no row breaks across pages.
        ...(r < t.headerRows ? { tableHeader: true } : {}),
        cantSplit: true,
        children: row.map(
          (cell) =>
            new TableCell({
              width: { size: cellWidth(cell.column, cell.colSpan), type: WidthType.DXA },
              verticalAlign: VerticalAlignTable.CENTER,
              ...(cell.colSpan > 1 ? { columnSpan: cell.colSpan } : {}),
              ...(cell.rowSpan > 1 ? { rowSpan: cell.rowSpan } : {}),
              children: [
                new Paragraph({
                  style: cell.header ? STYLE.tableHeading : STYLE.tableText,
                  // Header rows and the first body row keep with the next row: caption, header and first row stay together.
                  ...(r < t.headerRows + t.keepHeadWithRows - 1 ? { keepNext: true } : {}),
                  ...(cell.header ? {} : { alignment: ALIGN[cell.align] }),
                  children: ctx.provenance.wrap(t.source, cell.runs, runs(cell.runs, ctx, cell.header ? "heading1" : "body"), { row: r, column: cell.column }),
                }),
              ],
            }),
        ),
      }),
  );
  const notes = t.notes.map((note, i) => {
    // The note's own space before (the profile's text.note), the table's half line after the last.
    const spacing = { ...(note.spaceBefore ? { before: twips(note.spaceBefore) } : {}), ...(i === t.notes.length - 1 ? { after: twips(t.spaceAfter) } : {}) };
    return new Paragraph({ style: STYLE.tableNote, ...(Object.keys(spacing).length > 0 ? { spacing } : {}), children: ctx.provenance.wrap(note.source ?? t.source, note.runs, runs(note.runs, ctx, "body")) });
  });
  return [
    new Paragraph({ style: STYLE.caption, keepNext: true, keepLines: true, spacing: { before: twips(t.spaceBefore) }, children: ctx.provenance.wrap(t.caption.source ?? t.source, t.caption.runs, caption(t.caption)) }),
    ...(t.unit ? [new Paragraph({ style: STYLE.unit, keepNext: true, children: ctx.provenance.wrap(t.unit.source, t.unit.runs, runs(t.unit.runs, ctx, "body")) })] : []),
    new Table({
      style: STYLE.table,
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows,
    }),
    // A table that ends the block still needs its half line below: an empty paragraph would add a whole line.
    ...(notes.length > 0 ? notes : [new Paragraph({ style: STYLE.tableNote, spacing: { line: twips(t.spaceAfter) } })]),
  ];
}

function figure(f: PresentedFigure, ctx: BlockContext): BodyChild[] {
  const before = twips(f.spaceBefore);
  const unit = f.unit ? [new Paragraph({ style: STYLE.unit, keepNext: true, spacing: { before }, children: ctx.provenance.wrap(f.unit.source, f.unit.runs, runs(f.unit.runs, ctx, "body")) })] : [];
  return [
    ...unit,
    new Paragraph({ style: STYLE.figure, ...(unit.length === 0 ? { spacing: { before } } : {}), children: [figureImage(f, ctx)] }),
    new Paragraph({ style: STYLE.caption, keepLines: true, spacing: { after: twips(f.spaceAfter) }, children: ctx.provenance.wrap(f.caption.source ?? f.source, f.caption.runs, caption(f.caption)) }),
  ];
}
