/**
 * The laid-out document (src/present/pages/) drawn into a PDF: every line's segments at their place, the charts'
 * SVG into their boxes, the rules and shades — nothing is measured or decided here. The text is tagged in
 * reading order (ISO 32000-1 §14.8, PDF/UA-1's structure): Title, H1/H2 (a run-in heading's words too), P, Table
 * with TR/TH/TD (header cells scoped to their column), Figure with alternative text, Caption, Note; page numbers,
 * rules, shades and header rows repeated on a table's later pages are artifacts.
 */
import type { FontProfile } from "../../fonts/profile.js";
import { textWidth } from "../../fonts/profile.js";
import type { LaidOutDocument, LineItem, PageItem } from "../../present/pages/types.js";
import type { Face, PresentedBlock, PresentedDocument } from "../../present/types.js";
import { shareFont } from "./fontkit.js";
import { bookmark, glyphRun, roleMap, inPdfSpace, svgToPdf, type PdfKit, type StructureElement } from "./pdfkit.js";

/**
 * The font key of a face in the document: one registered font per font file, however many roles set in it —
 * registered when the document first sets it, so that a face no text of it uses is not read (fonts/shared.ts).
 */
function faceKey(pdf: PdfKit, fonts: FontProfile, f: Face): string {
  const face = fonts.roles[f.role][f.bold ? "bold" : "regular"];
  const key = `F${fonts.faces.indexOf(face)}`;
  let keys = registered.get(pdf);
  if (!keys) registered.set(pdf, (keys = new Set()));
  if (!keys.has(key)) {
    shareFont(face.data, face.font);
    pdf.registerFont(key, face.data);
    keys.add(key);
  }
  return key;
}
const registered = new WeakMap<PdfKit, Set<string>>();

/** Structure types of the blocks' items (PDF 1.7 standard types; Title is role-mapped, see below). */
const STRUCTURE: Readonly<Record<string, string>> = {
  title: "Title",
  docNumber: "P",
  h1: "H1",
  h2: "H2",
  p: "P",
  caption: "Caption",
  unit: "P",
  note: "Note",
  signature: "P",
};

export function drawPages(pdf: PdfKit, laid: LaidOutDocument, doc: PresentedDocument, fonts: FontProfile): void {
  const root = pdf.struct("Document");
  pdf.addStructure(root);
  // PDF 1.7 has no Title structure type (PDF 2.0 has): mapped to a paragraph, as Word maps its Title style.
  roleMap(pdf, { Title: "P" });
  const tagger = new Tagger(pdf, root, doc.blocks);
  const outline = new Outlines(pdf, laid);
  for (const page of laid.pages) {
    pdf.addPage({ size: [laid.page.width, laid.page.height], margin: 0 });
    outline.page(page.number);
    for (const item of page.items) {
      if (item.kind === "line" && item.runIn) tagger.runIn(item, (segments) => line(pdf, { ...item, segments }, fonts));
      else tagger.item(item, () => draw(pdf, item, fonts));
    }
  }
  tagger.end();
}

function draw(pdf: PdfKit, item: PageItem, fonts: FontProfile): void {
  switch (item.kind) {
    case "line":
      return line(pdf, item, fonts);
    case "picture":
      return svgToPdf(pdf, item.svg, item.x, item.top, {
        width: item.width,
        height: item.height,
        assumePt: true,
        // The chart's text in the chart font (vega names its family; there is one).
        fontCallback: (_family: string, bold: boolean) => faceKey(pdf, fonts, { role: "chart", bold }),
      });
    case "rule":
      pdf.save();
      pdf.lineWidth(item.width).strokeColor("#000000").moveTo(item.x1, item.y1).lineTo(item.x2, item.y2).stroke();
      pdf.restore();
      return;
    case "shade":
      pdf.save();
      pdf.rect(item.x, item.top, item.width, item.height).fill(item.color);
      pdf.restore();
      return;
  }
}

function line(pdf: PdfKit, item: LineItem, fonts: FontProfile): void {
  pdf.fillColor("#000000");
  inPdfSpace(pdf, () => {
    // The line's text as one span: a reader's text extraction would break a line at a compressed mark, whose
    // full-width box overlaps the next glyph's (poppler starts a new word beyond 0.2 em of overlap). Opened in
    // the PDF's own coordinates, where poppler places the span's text.
    pdf.markContent("Span", { actual: item.segments.map((s) => s.text).join("") });
    for (const s of item.segments) {
      const face = fonts.roles[s.face.role][s.face.bold ? "bold" : "regular"];
      pdf.font(faceKey(pdf, fonts, s.face)).fontSize(item.size);
      const advances = Array.from(s.text).map((ch) => textWidth(face, ch, item.size));
      glyphRun(pdf, s.text, item.x + s.x, item.baseline, item.size, s.spacing, advances);
    }
    pdf.endMarkedContent();
  });
}

/** Bookmarks at the headings' lines: a level-2 heading under the level-1 heading before it. */
class Outlines {
  private readonly byPage = new Map<number, LaidOutDocument["outline"][number][]>();
  private parent: ReturnType<PdfKit["outline"]["addItem"]> | undefined;

  constructor(
    private readonly pdf: PdfKit,
    laid: LaidOutDocument,
  ) {
    for (const o of laid.outline) this.byPage.set(o.page, [...(this.byPage.get(o.page) ?? []), o]);
  }

  page(n: number): void {
    for (const o of this.byPage.get(n) ?? []) {
      if (o.level === 1 || !this.parent) {
        const item = bookmark(this.pdf, this.pdf.outline, o.text, o.top);
        if (o.level === 1) this.parent = item;
      } else bookmark(this.pdf, this.parent, o.text, o.top);
    }
  }
}

/**
 * The structure tree, built as the items are drawn: one element per block (its lines on several pages marked as
 * parts of it), tables' rows and cells, artifacts for what is not content.
 */
class Tagger {
  private readonly elements = new Map<string, StructureElement>();
  private readonly open: StructureElement[] = [];

  constructor(
    private readonly pdf: PdfKit,
    private readonly root: StructureElement,
    private readonly blocks: readonly PresentedBlock[],
  ) {}

  item(item: PageItem, paint: () => void): void {
    if (item.role === "artifact" || item.block === undefined) {
      this.pdf.markContent("Artifact", { type: item.kind === "line" ? "Pagination" : "Layout" });
      paint();
      this.pdf.endMarkedContent();
      return;
    }
    const element = this.element(item, item.block);
    const type = item.role === "figure" ? "Figure" : STRUCTURE[item.role] ?? (item.role === "th" ? "TH" : "TD");
    const content = this.pdf.markStructureContent(type);
    paint();
    this.pdf.endMarkedContent();
    element.add(content);
  }

  /**
   * A line that starts with a run-in heading's words: those segments marked as the heading's (H1/H2, an element of
   * its own before the paragraph's), the rest as the paragraph's.
   */
  runIn(item: LineItem, paint: (segments: LineItem["segments"]) => void): void {
    const chars = item.runIn!.chars;
    let n = 0;
    const head = item.segments.filter((s) => (n += Array.from(s.text).length) <= chars);
    const rest = item.segments.slice(head.length);
    const type = STRUCTURE[item.runIn!.role]!;
    const heading = this.make(`${item.block}/heading`, this.root, type);
    const mark = (tag: string): StructureElement => this.pdf.markStructureContent(tag);
    let content = mark(type);
    paint(head);
    this.pdf.endMarkedContent();
    heading.add(content);
    if (rest.length === 0) return;
    const paragraph = this.make(`${item.block}`, this.root, "P");
    content = mark("P");
    paint(rest);
    this.pdf.endMarkedContent();
    paragraph.add(content);
  }

  private element(item: PageItem, block: number): StructureElement {
    const b = this.blocks[block]!;
    if (b.kind === "paragraph") return this.make(`${block}`, this.root, STRUCTURE[item.role] ?? "P");
    if (b.kind === "figure") {
      const figure = this.make(`${block}`, this.root, "Div");
      if (item.kind === "picture") return this.make(`${block}/figure`, figure, "Figure", { alt: item.alt });
      return this.make(`${block}/${item.role}`, figure, STRUCTURE[item.role] ?? "P");
    }
    const table = this.make(`${block}`, this.root, "Table");
    if (item.kind === "line" && item.cell) {
      const row = this.make(`${block}/r${item.cell.row}`, table, "TR");
      const header = item.role === "th";
      return this.make(`${block}/r${item.cell.row}/c${item.cell.column}`, row, header ? "TH" : "TD", header ? { scope: "Column" } : {});
    }
    return this.make(`${block}/${item.role}`, table, STRUCTURE[item.role] ?? "P");
  }

  private make(key: string, parent: StructureElement, type: string, options: Record<string, unknown> = {}): StructureElement {
    let e = this.elements.get(key);
    if (!e) {
      e = this.pdf.struct(type, options);
      parent.add(e);
      this.elements.set(key, e);
      this.open.push(e);
    }
    return e;
  }

  end(): void {
    for (const e of this.open.reverse()) e.end();
    this.root.end();
  }
}
