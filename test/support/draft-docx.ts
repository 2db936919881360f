/**
 * Drafts as a division would write them in Word, made with the docx package: paragraphs (a style, a bold lead-in,
 * an alignment) and tables. For the import's fixtures and its measure on the reference bulletin.
 */
import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";

export interface DraftParagraph {
  readonly text: string;
  /** heading1/heading2: Word's Heading 1/2 styles; title: Title. */
  readonly style?: "heading1" | "heading2" | "title";
  /** The first characters set bold, as a run-in heading is typed. */
  readonly bold?: number;
  readonly align?: "right" | "center";
  /** An item of a Word list: bulleted, numbered 1. 2. …, or numbered （一）（二）… (Word's numbering, not typed). */
  readonly list?: "bullet" | "decimal" | "chinese";
}

/** The numbering definitions of the numbered lists (numbering.xml), by DraftParagraph.list. */
const NUMBERING = [
  { reference: "decimal", levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1." }] },
  { reference: "chinese", levels: [{ level: 0, format: LevelFormat.CHINESE_COUNTING, text: "（%1）" }] },
];

/** A cell: its text, or its text with the columns it spans and the rows it covers (later rows leave it out). */
export type DraftCell = string | { readonly text: string; readonly span?: number; readonly rowSpan?: number };

export interface DraftTable {
  readonly rows: readonly (readonly DraftCell[])[];
  /** Rows at the top that are headers (w:tblHeader). */
  readonly header?: number;
}

export type DraftBlock = DraftParagraph | { readonly table: DraftTable };

const HEADINGS = { heading1: HeadingLevel.HEADING_1, heading2: HeadingLevel.HEADING_2, title: HeadingLevel.TITLE } as const;

function paragraph(p: DraftParagraph): Paragraph {
  const cut = p.bold ?? 0;
  const runs = cut > 0 ? [new TextRun({ text: p.text.slice(0, cut), bold: true }), new TextRun(p.text.slice(cut))] : [new TextRun(p.text)];
  const list = p.list === "bullet" ? { bullet: { level: 0 } } : p.list ? { numbering: { reference: p.list, level: 0 } } : {};
  return new Paragraph({ children: runs, ...list, ...(p.style && { heading: HEADINGS[p.style] }), ...(p.align && { alignment: p.align === "right" ? AlignmentType.RIGHT : AlignmentType.CENTER }) });
}

function table(t: DraftTable): Table {
  return new Table({
    rows: t.rows.map((cells, r) => new TableRow({ tableHeader: r < (t.header ?? 1), children: cells.map((c) => (typeof c === "string" ? new TableCell({ children: [new Paragraph(c)] }) : new TableCell({ children: [new Paragraph(c.text)], ...(c.span && { columnSpan: c.span }), ...(c.rowSpan && { rowSpan: c.rowSpan }) }))) })),
  });
}

export async function draftDocx(blocks: readonly DraftBlock[]): Promise<Buffer> {
  const doc = new Document({ creator: "draft", numbering: { config: NUMBERING }, sections: [{ children: blocks.map((b) => ("table" in b ? table(b.table) : paragraph(b))) }] });
  return Packer.toBuffer(doc);
}
