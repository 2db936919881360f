import type { XmlElement } from "./xml.js";

/**
 * The document model the DOCX reader gives (reader.ts): what a reviewer's or a division's Word file says, in the
 * terms of ECMA-376 Part 1 — paragraphs (§17.3.1), runs (§17.3.2), tables (§17.4), content controls (w:sdt,
 * §17.5.2), bookmarks (§17.13.6), comments (§17.13.4) and tracked changes (§17.13.5) — without formatting the
 * round trip does not need.
 */

/** Who made a tracked change, when (w:author, w:date; both optional in the schema). */
export interface Revision {
  readonly id?: string;
  readonly author?: string;
  readonly date?: string;
}

/** A run's text as a tracked change (§17.13.5): inserted, deleted, or moved away / moved here. */
export interface TextChange extends Revision {
  readonly type: "ins" | "del" | "moveFrom" | "moveTo";
}

/** A content control's properties (w:sdtPr, §17.5.2.38): w:tag, w:alias, w:lock, and its kind. */
export interface ContentControl {
  readonly id?: string;
  readonly tag?: string;
  readonly alias?: string;
  /** w:lock: sdtLocked (the control cannot be deleted), contentLocked, sdtContentLocked, unlocked. */
  readonly lock?: string;
  /** w:text, w:richText, w:date, w:dropDownList, …; undefined when the writer named none (rich text). */
  readonly type?: string;
  /** w:showingPlcHdr: the content is the placeholder text. */
  readonly placeholder: boolean;
}

/** One run of text with everything around it that the round trip needs. */
export interface Run {
  /** w:t / w:delText, w:tab as \t, w:br and w:cr as \n, w:sym as its character, w:noBreakHyphen as U+2011. */
  readonly text: string;
  readonly bold: boolean;
  readonly italic: boolean;
  /** The tracked change the run is part of (the innermost w:ins / w:del / w:moveFrom / w:moveTo). */
  readonly change?: TextChange;
  /** Its formatting was changed with tracking on (w:rPrChange). */
  readonly formatChange?: Revision;
  /** The inline content controls around it, outermost first. */
  readonly controls: readonly ContentControl[];
  /** The ids of the comments whose range (w:commentRangeStart … End) holds it. */
  readonly comments: readonly string[];
  /** The names of the bookmarks around it. */
  readonly bookmarks: readonly string[];
}

export interface Numbering {
  readonly numId: string;
  /** w:ilvl, 0-based. */
  readonly level: number;
  /** w:numFmt of the level in numbering.xml (decimal, bullet, chineseCounting, …), when found. */
  readonly format?: string;
  /** w:lvlText of the level (`%1.`, `（%1）`, `•`), when found. */
  readonly text?: string;
}

export interface Paragraph {
  readonly kind: "paragraph";
  /** w14:paraId (Word 2010+), when written. */
  readonly paraId?: string;
  readonly styleId?: string;
  /** The style's w:name (`heading 1`, `Normal`), when the style is defined. */
  readonly styleName?: string;
  /** 0-based outline level (0 = a first-level heading): the paragraph's w:outlineLvl, else its style's (through w:basedOn), else a `heading N` style's. 9 is body text. */
  readonly outlineLevel?: number;
  readonly numbering?: Numbering;
  /** w:jc: left/start, center, right/end, both, distribute. */
  readonly alignment?: string;
  readonly runs: readonly Run[];
  /** The paragraph mark was inserted or deleted with tracking on (w:pPr/w:rPr/w:ins|w:del, §17.13.5.16/.17). */
  readonly mark?: { readonly type: "ins" | "del" } & Revision;
  /** Its properties were changed with tracking on (w:pPrChange). */
  readonly formatChange?: Revision;
  /** Bookmarks that start in it, or just before it between blocks. */
  readonly bookmarks: readonly string[];
  /** Comments anchored in it: their range starts here, or their reference mark is here. */
  readonly comments: readonly string[];
  /** The block content controls around it, outermost first. */
  readonly controls: readonly ContentControl[];
}

export interface Cell {
  /** w:gridSpan: the grid columns the cell covers. */
  readonly span: number;
  /** w:vMerge: restart opens a vertical merge, continue is covered by the cell above. */
  readonly vMerge?: "restart" | "continue";
  readonly blocks: readonly Block[];
}

export interface Row {
  readonly cells: readonly Cell[];
  /** w:tblHeader: repeated at the top of each page. */
  readonly header: boolean;
  /** The row was inserted or deleted with tracking on (w:trPr/w:ins|w:del). */
  readonly change?: { readonly type: "ins" | "del" } & Revision;
}

export interface Table {
  readonly kind: "table";
  readonly styleId?: string;
  readonly rows: readonly Row[];
  readonly bookmarks: readonly string[];
  readonly controls: readonly ContentControl[];
}

/** A block-level content control: the blocks it holds carry it in `controls` too. */
export interface BlockControl {
  readonly kind: "control";
  readonly control: ContentControl;
  readonly blocks: readonly Block[];
}

export type Block = Paragraph | Table | BlockControl;

export interface Comment {
  readonly id: string;
  readonly author?: string;
  readonly initials?: string;
  readonly date?: string;
  /** The comment's own text, its paragraphs joined by \n. */
  readonly text: string;
}

export interface Style {
  readonly id: string;
  readonly name?: string;
  readonly type?: string;
  readonly basedOn?: string;
  readonly outlineLevel?: number;
  readonly numbering?: { readonly numId: string; readonly level: number };
}

export interface WordDocument {
  readonly file: string;
  readonly body: readonly Block[];
  readonly styles: ReadonlyMap<string, Style>;
  readonly comments: ReadonlyMap<string, Comment>;
  /** docProps/custom.xml: each property's name and its value as text. */
  readonly properties: ReadonlyMap<string, string>;
  /** The custom XML parts (customXml/itemN.xml), parsed, in name order. */
  readonly customXml: readonly XmlElement[];
}
