/**
 * The presented document: the DocModel with everything decided that every output format shares, so a
 * renderer only draws. Plain JSON, like the model. Lengths are in points; faces are font roles of the
 * FontProfile with a bold flag (profile.roles[role].bold or .regular), so a renderer, the glyph coverage
 * check and the font subsets all see the same face for a run.
 *
 * Reading order is block order: floats (figures, tables) already stand where pagination put them, and a
 * paragraph the pagination split around a float is two blocks (`split`). An HTML renderer needs nothing
 * else: a block is a <p>/<h1>/<h2> (heading), <table> (with rowspan/colspan and <col> widths) or <figure>
 * (<figcaption>), a run a <span> with its face, `noBreak` → `white-space: nowrap`, `gap` → a shaded mark.
 */
import type { FontRole } from "../fonts/profile.js";
import type { ChartMark, ChartTable, DocMeta, SourceRef } from "../model/types.js";
import type { PageProfile, TextKind } from "./profile.js";

export interface Face {
  readonly role: FontRole;
  readonly bold: boolean;
}

export interface PresentedRun {
  readonly text: string;
  readonly face: Face;
  /** A number and its unit (`200.72亿元`): no line break inside. */
  readonly noBreak?: true;
  /** A draft mark for a figure not yet published (Run.style "gap"): shaded in every format. */
  readonly gap?: true;
  /** The indicator id (and region) of a figure from data/, for provenance (HTML data-ref). */
  readonly ref?: string;
  readonly region?: string;
}

export type TextAlign = "left" | "center" | "right" | "justify";

export interface Keep {
  /** On the same page as the next block's start (headings: with `keep.headingLines` of their text). */
  readonly withNext: boolean;
  /** Never split across pages. */
  readonly together: boolean;
}

/** Where a heading goes in the outline (PDF bookmarks, Word's navigation pane). */
export interface OutlineEntry {
  readonly level: 1 | 2;
  /** The full label, e.g. 一、促进城乡就业 or （一）城镇就业. */
  readonly text: string;
  /** The number as written, e.g. 一、 or （一）. */
  readonly number: string;
  /** A run-in heading: the first `runs` runs of its paragraph are the heading, the rest its text. */
  readonly runIn?: { readonly runs: number };
}

export interface PresentedParagraph {
  readonly kind: "paragraph";
  /** The profile's text kind: body, heading1, heading2, title, docNumber, caption, unit, note, signature. */
  readonly style: TextKind;
  readonly runs: readonly PresentedRun[];
  readonly size: number;
  readonly linePitch: number;
  readonly align: TextAlign;
  readonly firstLineIndent: number;
  readonly rightIndent: number;
  readonly spaceBefore: number;
  readonly spaceAfter: number;
  readonly keep: Keep;
  readonly outline?: OutlineEntry;
  /** 图N / 表N captions: the label and number (Word: a SEQ field), then the caption's text. */
  readonly caption?: { readonly label: "图" | "表"; readonly number: number; readonly text: string };
  /** Set by pagination. */
  readonly flow?: Flow;
  readonly source?: SourceRef;
}

/** What pagination decided for a block (src/present/paginate.ts). */
export interface Flow {
  /** Starts a page (a keep rule moved it; the page before ends short). Renderers may use it or keep by the keep flags. */
  readonly breakBefore?: true;
  /** A paragraph split around a float: "head" ends at a page's foot (its last line justified), "tail" continues without indent. */
  readonly split?: "head" | "tail";
  /** A float (figure, table) moved from its reference: the index of the block it followed in the model. */
  readonly movedFrom?: number;
  /** A figure shrunk to stay where referenced (0.9–1). */
  readonly scale?: number;
  /** A paragraph set tighter to end a line earlier (收行): points less space per character. */
  readonly squeeze?: number;
  /** A paragraph set looser to take one line more (放行), where a page would end too short: points more space per character. */
  readonly loosen?: number;
}

export interface PresentedCell {
  readonly runs: readonly PresentedRun[];
  readonly align: TextAlign;
  readonly header: boolean;
  /** Column of the cell's first grid column (0-based). Cells covered by a span are absent. */
  readonly column: number;
  readonly rowSpan: number;
  readonly colSpan: number;
}

export interface PresentedTable {
  readonly kind: "table";
  readonly number: number;
  readonly caption: PresentedParagraph;
  readonly unit?: PresentedParagraph;
  /** Column widths in points, summing to the type area's width. */
  readonly columns: readonly number[];
  /** Rows that are the header (repeated on every page the table spans). */
  readonly headerRows: number;
  readonly rows: readonly (readonly PresentedCell[])[];
  readonly notes: readonly PresentedParagraph[];
  readonly cellSize: number;
  readonly cellPitch: number;
  readonly cellPadding: { readonly vertical: number; readonly horizontal: number };
  readonly rule: number;
  readonly spaceBefore: number;
  readonly spaceAfter: number;
  /** Caption, unit line, header and the first body row stay together. */
  readonly keepHeadWithRows: number;
  readonly flow?: Flow;
  readonly source?: SourceRef;
}

export interface PresentedFigure {
  readonly kind: "figure";
  readonly number: number;
  readonly unit?: PresentedParagraph;
  readonly caption: PresentedParagraph;
  readonly chart: string;
  readonly svg: string;
  /** The chart's figures as a table (HTML shows them and offers them as CSV; charts/table.ts). */
  readonly data?: ChartTable;
  /** What the chart shows, in words (describe.ts): the HTML's <desc>, the PDF's alternative text. */
  readonly description: string;
  /** The SVG's elements that show a figure, with its indicator and region (charts/marks.ts; HTML data-ref). */
  readonly marks?: readonly ChartMark[];
  /** The picture's size in points, as drawn (never wider than the type area; `flow.scale` applied). */
  readonly width: number;
  readonly height: number;
  readonly spaceBefore: number;
  readonly spaceAfter: number;
  readonly flow?: Flow;
  readonly source?: SourceRef;
}

export type PresentedBlock = PresentedParagraph | PresentedTable | PresentedFigure;

export interface PresentedDocument {
  readonly meta: DocMeta;
  readonly profile: PageProfile;
  readonly blocks: readonly PresentedBlock[];
  /** The page-number text pattern: `— N —` with N replaced. */
  readonly pageNumber: { readonly before: string; readonly after: string; readonly size: number; readonly face: Face };
}
