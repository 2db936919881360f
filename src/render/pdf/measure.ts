/**
 * Lays a presented document out with pdfmake without writing a PDF, and reports where each block's lines
 * went: the measurement pagination (src/present/paginate.ts) decides floats and keeps from.
 *
 * pdfmake 0.3.11 has no layout-only entry point. Its own hook, `pageBreakBefore(node, …)`, sees only a
 * node's first position and page numbers (LayoutBuilder.layoutDocument builds `nodeInfo` from
 * `node.positions[0]`; `pageNumbers` tells a split node, bpampuch/pdfmake#892), and answers only "break before
 * this node" — not "move this figure" or "split this paragraph". So: ElementWriter.addLine / addSVG are wrapped to note each position's height and text, and
 * LayoutBuilder.layoutDocument, while a measurement runs, hands the laid-out node list to it and stops
 * before pdfkit draws anything (the thrown Measured is caught below). Asked for so many pages, it stops when the
 * next would begin (DocumentContext.addPage), leaving out the block it was in.
 */
import { createRequire } from "node:module";
import type { FontProfile } from "../../fonts/profile.js";
import type { BlockLayout, LaidLine, Measure } from "../../present/paginate.js";
import type { PresentedDocument } from "../../present/types.js";
import { documentDefinition, pdfmake, registerFonts } from "./index.js";

const require = createRequire(import.meta.url);
type Proto = Record<string, unknown>;
const ElementWriter = (require("pdfmake/js/ElementWriter.js") as { default: { prototype: Proto } }).default;
const LayoutBuilder = (require("pdfmake/js/LayoutBuilder.js") as { default: { prototype: Proto } }).default;

const PageElementWriter = (require("pdfmake/js/PageElementWriter.js") as { default: { prototype: Proto } }).default;
const DocumentContext = (require("pdfmake/js/DocumentContext.js") as { default: { prototype: Proto } }).default;

interface Position {
  pageNumber: number;
  top: number;
  height?: number;
  text?: string;
  /** Inside an unbreakable block: the y in the block's own context. */
  inner?: number;
}

interface Writer {
  transactionLevel: number;
  context(): { y: number; page: number };
}

/**
 * Inside an unbreakable block (figures, table header rows) pdfmake 0.3.11 reports every position as the
 * block's would-be start in the outer context (ElementWriter.getCurrentPositionOnPage reads contextStack[0]),
 * and moving the block to the next page (PageElementWriter.commitUnbreakableBlock → addFragment) updates
 * only the first line's page — the reason pageBreakBefore's `followingNodesOnPage` lists nodes that end up on the
 * next page when an unbreakable block moves (bpampuch/pdfmake#2130). So the y inside the block is noted here and
 * the positions are set right when the block is committed. (An unbreakable block taller than a page is not drawn
 * at all, bpampuch/pdfmake#207: figures are sized to the type area, never taller.)
 */
let pending: Position[] = [];

function noted(writer: Writer, position: Position | false, height: number, text?: string): Position | false {
  if (!position || !measuring) return position;
  position.height = height;
  if (text !== undefined) position.text = text;
  if (writer.transactionLevel > 0) pending.push(position);
  return position;
}

const addLine = ElementWriter.prototype.addLine as (this: Writer, line: { getHeight(): number; inlines: { text: string }[] }, ...rest: unknown[]) => Position | false;
ElementWriter.prototype.addLine = function (this: Writer, line: { getHeight(): number; inlines: { text: string }[] }, ...rest: unknown[]) {
  const inner = this.context().y;
  const position = noted(this, addLine.call(this, line, ...rest), line.getHeight(), line.inlines.map((i) => i.text).join(""));
  if (position && this.transactionLevel > 0) position.inner = inner;
  return position;
};
const addSVG = ElementWriter.prototype.addSVG as (this: Writer, image: { _height: number }, ...rest: unknown[]) => Position | false;
ElementWriter.prototype.addSVG = function (this: Writer, image: { _height: number }, ...rest: unknown[]) {
  const inner = this.context().y;
  const position = noted(this, addSVG.call(this, image, ...rest), image._height);
  if (position && this.transactionLevel > 0) position.inner = inner;
  return position;
};
const commit = PageElementWriter.prototype.commitUnbreakableBlock as (this: Writer, ...args: unknown[]) => void;
PageElementWriter.prototype.commitUnbreakableBlock = function (this: Writer, ...args: unknown[]) {
  const outermost = this.transactionLevel === 1 && args.length === 0;
  const innerEnd = this.context().y;
  commit.apply(this, args);
  if (!measuring || !outermost) return;
  const ctx = this.context();
  const start = ctx.y - innerEnd;
  for (const p of pending) {
    p.pageNumber = ctx.page + 1;
    p.top = start + (p.inner ?? 0);
  }
  pending = [];
};

interface LaidNode {
  _block?: number;
  positions: Position[];
}

class Measured {
  constructor(readonly nodes: readonly LaidNode[]) {}
}

/** Thrown when a measurement has laid out the pages it was asked for. */
class Enough {}

let measuring = false;
/** Stop when a page beyond this many is begun (a measurement asked for so many pages). */
let stopAfter = Infinity;
const layoutDocument = LayoutBuilder.prototype.layoutDocument as (this: { linearNodeList: LaidNode[] }, ...args: unknown[]) => unknown;
LayoutBuilder.prototype.layoutDocument = function (this: { linearNodeList: LaidNode[] }, ...args: unknown[]) {
  let pages: unknown;
  try {
    pages = layoutDocument.apply(this, args);
  } catch (e) {
    // The block being laid out when it stopped is not whole: left out, with what is inside it.
    if (e instanceof Enough) {
      const nodes = this.linearNodeList;
      let last = nodes.length - 1;
      while (last >= 0 && nodes[last]!._block === undefined) last--;
      throw new Measured(nodes.slice(0, Math.max(0, last)));
    }
    throw e;
  }
  if (measuring) throw new Measured(this.linearNodeList);
  return pages;
};
// The document's own page list (an unbreakable block lays out in a context of its own, one page).
const addPage = DocumentContext.prototype.addPage as (this: { pages: unknown[] }, ...args: unknown[]) => unknown;
DocumentContext.prototype.addPage = function (this: { pages: unknown[] }, ...args: unknown[]) {
  const page = addPage.apply(this, args);
  if (measuring && this.pages.length > stopAfter) throw new Enough();
  return page;
};

/**
 * Where each top-level block's lines (and pictures) are, page by page. One function per font profile, so that
 * pagination can recognise its earlier results (paginate.ts `resume`).
 */
export function measurePdf(fonts: FontProfile): Measure {
  let measure = measures.get(fonts);
  if (!measure) measures.set(fonts, (measure = (doc, pages) => measureWith(fonts, doc, pages)));
  return measure;
}
const measures = new WeakMap<FontProfile, Measure>();

async function measureWith(fonts: FontProfile, doc: PresentedDocument, pages = Infinity): Promise<readonly BlockLayout[]> {
  const registered = registerFonts(fonts);
  const def = documentDefinition(doc, fonts, registered, { date: new Date(0) });
  measuring = true;
  stopAfter = pages;
  pending = [];
  let nodes: readonly LaidNode[] | undefined;
  try {
    await pdfmake.createPdf(def).getBuffer();
  } catch (e) {
    if (!(e instanceof Measured)) throw e;
    nodes = e.nodes;
  } finally {
    measuring = false;
    stopAfter = Infinity;
  }
  if (!nodes) throw new Error("pdfmake laid the document out without the measuring hook (pdfmake 0.3.11 internals changed?)");
  const out: BlockLayout[] = doc.blocks.map(() => ({ lines: [] }));
  for (const node of nodes) {
    if (node._block === undefined) continue;
    const lines: LaidLine[] = node.positions.map((p) => ({ page: p.pageNumber, top: p.top, height: p.height ?? 0, text: p.text }));
    out[node._block] = { lines };
  }
  return out;
}
