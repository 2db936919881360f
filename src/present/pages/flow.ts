/**
 * The page flow: a paginated presented document → the laid-out document (types.ts), every line, picture and rule
 * at its place on its page. What pagination decided (breaks, splits, floats, 收行/放行 in `flow`) is followed; what
 * is left is mechanical, and decided here once for every page renderer:
 *
 * - the type area's first line box starts so that its characters' em box starts `margin.top` below the page's top
 *   (GB/T 9704 §5.2.3: 37 mm to the characters); a line fits while its box ends within the type area (half a point
 *   of tolerance: 22 lines × the pitch fill it exactly);
 * - space before a block is dropped at the top of a page (not at the document's start), space after it at a page's
 *   foot;
 * - a paragraph's lines are its `paragraphLines` (the presentation stage's own line layout, lines/), one line pitch
 *   each, the baseline one font ascent below the box's top;
 * - a figure (unit line, chart, caption) is never split; a table is split between rows, its header rows repeated on
 *   the next page, the header and its first `keepHeadWithRows` body rows kept together; a row is never split;
 * - the page number (`— N —`) `pageNumber.belowTypeArea` below the type area, odd pages right, even pages left,
 *   `pageNumber.inset` in (§7.5).
 *
 * The same function measures for pagination (measure.ts): with `pages`, it stops before starting a page beyond it.
 */
import { emBoxTop, textWidth, verticalMetrics, type FontProfile } from "../../fonts/profile.js";
import { cellLines, paragraphLines, type PositionedLine } from "../lines/index.js";
import { fontFace } from "../present.js";
import type { PresentedBlock, PresentedCell, PresentedDocument, PresentedFigure, PresentedParagraph, PresentedTable } from "../types.js";
import type { ItemRole, LaidOutDocument, LaidPage, LineItem, OutlineTarget, PageEnd, PageItem } from "./types.js";
import { GAP_SHADE } from "../../model/layout.js";
import { describe } from "../paginate/layout.js";

/** Where a block's lines went, for pagination (paginate.ts `BlockLayout`): a table's rows count as one line each. */
export interface BlockLines {
  readonly lines: { readonly page: number; readonly top: number; readonly height: number; readonly text?: string }[];
}

export interface Laid {
  readonly document: LaidOutDocument;
  /** Per block of the input, its lines (empty for blocks not reached when `pages` stopped the flow). */
  readonly blocks: readonly BlockLines[];
  /** The pages this flow laid out itself (the others were taken from an earlier flow: `FlowMemo`). */
  readonly laidOut: number;
}

/** Half a point: float rounding must not push the last line of a full page onto the next. */
const FIT = 0.5;

/**
 * Earlier flows, for a flow of the same document after a change (pagination lays the document out again after each
 * fix): where the new flow starts a page at the same place of the same block as an earlier one did, and every block
 * from there on is the same object in both, everything after is the same (a page starts in one state: at the type
 * area's top, nothing on it) — taken from the earlier flow, its pages renumbered, instead of laid out again. So a
 * fix costs the pages it changes, and pagination stays linear in the document's length.
 */
export interface FlowMemo {
  readonly flows: Remembered[];
}

interface Remembered {
  readonly blocks: readonly PresentedBlock[];
  readonly doc: PresentedDocument;
  /** `${block}:${place in it}` → the page that starts there. */
  readonly starts: ReadonlyMap<string, number>;
  /** The same, in page order. */
  readonly startList: readonly PageStart[];
  /** The pages, without their page numbers. */
  readonly pages: readonly LaidPage[];
  readonly lines: readonly BlockLines[];
  readonly outline: readonly OutlineTarget[];
  /** Laid out to the document's end (not stopped by `pages`). */
  readonly complete: boolean;
  /** Where `pages` stopped it: the block it stopped in (its lines, and those of every block after it, left out). */
  readonly stopped: number | undefined;
}

interface PageStart {
  readonly block: number;
  readonly place: string;
  readonly page: number;
}

/** The first of `list` (in page order) on a page after `page`. */
function firstStartAfter(list: readonly PageStart[], page: number): number {
  let [lo, hi] = [0, list.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.page > page) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Flows a memo keeps: pagination's choices lay out two alternatives, then go on from one. */
const REMEMBERED = 6;

export function layOutPages(doc: PresentedDocument, fonts: FontProfile, options: { readonly pages?: number; readonly memo?: FlowMemo } = {}): Laid {
  return new Flow(doc, fonts, options.pages ?? Infinity, options.memo).run();
}

const PARAGRAPH_ROLE: Readonly<Record<string, ItemRole>> = {
  title: "title",
  docNumber: "docNumber",
  heading1: "h1",
  heading2: "h2",
  body: "p",
  caption: "caption",
  unit: "unit",
  note: "note",
  signature: "signature",
};

/** Thrown inside the flow when the page limit is reached. */
class Enough {}

/** Thrown inside the flow when the rest was taken from an earlier flow. */
class Converged {}

class Flow {
  private readonly p;
  private readonly top: number;
  private readonly bottom: number;
  private readonly left: number;
  private pages: LaidPage[] = [];
  private items: PageItem[] = [];
  private y: number;
  /** Items on the current page (a block's space before is dropped at a page's top). */
  private started = false;
  private readonly blocks: BlockLines[];
  private readonly outline: OutlineTarget[] = [];
  private current = -1;
  private laidOut: number | undefined;
  /** The block `pages` stopped the flow in, if it did. */
  private stopped: number | undefined;
  private readonly starts = new Map<string, number>();
  private readonly startList: PageStart[] = [];
  /** Earlier flows of the same settings, with how many blocks at the end they share with this one. */
  private readonly earlier: { readonly flow: Remembered; readonly shared: number }[] = [];

  constructor(
    private readonly doc: PresentedDocument,
    private readonly fonts: FontProfile,
    private readonly limit: number,
    private readonly memo?: FlowMemo,
  ) {
    const n = doc.blocks.length;
    for (const flow of memo?.flows ?? []) {
      if (flow.doc.profile !== doc.profile || flow.doc.meta !== doc.meta || JSON.stringify(flow.doc.pageNumber) !== JSON.stringify(doc.pageNumber)) continue;
      let shared = 0;
      while (shared < n && shared < flow.blocks.length && flow.blocks[flow.blocks.length - 1 - shared] === doc.blocks[n - 1 - shared]) shared++;
      if (shared > 0) this.earlier.push({ flow, shared });
    }
    this.p = doc.profile;
    const body = this.p.text.body;
    // The first line box starts above the type area by the gap between a line box's top and its characters' em box.
    this.top = this.p.margin.top - this.emTop(body.face, body.size);
    this.bottom = this.p.page.height - this.p.margin.bottom + FIT;
    this.left = this.p.margin.left;
    this.y = this.top;
    this.blocks = doc.blocks.map(() => ({ lines: [] }));
  }

  run(): Laid {
    try {
      this.doc.blocks.forEach((b, i) => {
        this.current = i;
        if (b.flow?.breakBefore && this.started) this.newPage({ kind: "break", rule: `pagination: ${describe(b)} starts a page` }, "start");
        if (b.kind === "paragraph") this.paragraph(b, i, PARAGRAPH_ROLE[b.style] ?? "p");
        else if (b.kind === "figure") this.figure(b, i);
        else this.table(b, i);
      });
      this.endPage({ kind: "document end" });
    } catch (e) {
      if (e instanceof Enough) {
        // The block it stopped in is not whole: left out, as the blocks after it (which have no lines yet).
        this.stopped = this.current;
        this.blocks[this.current] = { lines: [] };
      } else if (!(e instanceof Converged)) throw e;
    }
    if (this.memo) {
      const complete = this.stopped === undefined;
      this.memo.flows.unshift({ blocks: this.doc.blocks, doc: this.doc, starts: this.starts, startList: this.startList, pages: this.pages, lines: this.blocks, outline: this.outline, complete, stopped: this.stopped });
      this.memo.flows.splice(REMEMBERED);
    }
    const pages = this.pages.map((page) => ({ ...page, items: [...page.items, ...this.pageNumber(page.number)] }));
    return { document: { meta: this.doc.meta, page: this.p.page, pages, outline: this.outline }, blocks: this.blocks, laidOut: this.laidOut ?? this.pages.length };
  }

  // — pages —

  private endPage(end: Omit<PageEnd, "empty">): void {
    let last = this.top;
    for (const x of this.items) if (x.kind === "line" || x.kind === "picture") last = Math.max(last, x.top + x.height);
    this.pages.push({ number: this.pages.length + 1, items: this.items, end: { ...end, empty: Math.max(0, this.bottom - FIT - last) } });
  }

  /** Ends the page and starts the next at `place` of the current block (what the next page opens with: a line, a row…). */
  private newPage(end: Omit<PageEnd, "empty">, place: string): void {
    this.endPage(end);
    if (this.pages.length >= this.limit) throw new Enough();
    this.items = [];
    this.y = this.top;
    this.started = false;
    this.start(this.current, place, this.page);
    this.converge(place);
  }

  /** Where an earlier flow started a page at the same place of the same block, its pages from there on (`FlowMemo`). */
  private converge(place: string): void {
    const n = this.doc.blocks.length;
    for (const { flow, shared } of this.earlier) {
      if (this.current < n - shared) continue;
      const delta = this.current - (flow.blocks.length - (n - this.current)); // this flow's block = the earlier's + delta
      const from = flow.starts.get(`${this.current - delta}:${place}`);
      if (from === undefined) continue;
      const shift = this.page - from;
      // An earlier flow that stopped short is used only if it reaches as far as this one must.
      if (!flow.complete && flow.pages.length + shift < Math.min(this.limit, Number.MAX_SAFE_INTEGER)) continue;
      const moved = (b: number | undefined): number | undefined => (b === undefined ? undefined : b + delta);
      this.laidOut = this.pages.length;
      // Only as far as asked (the earlier flow's pages up to `last`): a window's layout costs the window.
      const last = Math.min(flow.pages.length, this.limit - shift);
      for (const page of flow.pages.slice(from - 1, last)) {
        this.pages.push({ ...page, number: page.number + shift, items: page.items.map((x) => (x.block === undefined ? x : { ...x, block: moved(x.block)! })) });
      }
      // The earlier flow stopped in a block: so does this one, there (`pages`: that block, and those after it, left
      // out); and so it does in the first block that goes on beyond `last` (a float put off to a later page, too).
      let stopped = flow.stopped === undefined ? undefined : flow.stopped + delta;
      for (let j = this.current; j < n && (stopped === undefined || j < stopped); j++) {
        const earlier = flow.lines[j - delta]!.lines;
        if (earlier.length > 0 && earlier[earlier.length - 1]!.page > last) {
          stopped = j;
          break;
        }
        for (const l of earlier) if (l.page >= from) this.blocks[j]!.lines.push({ ...l, page: l.page + shift });
      }
      for (const o of flow.outline) if (o.page >= from && o.page <= last) this.outline.push({ ...o, page: o.page + shift });
      for (let k = firstStartAfter(flow.startList, from); k < flow.startList.length && flow.startList[k]!.page <= last; k++) {
        const x = flow.startList[k]!;
        this.start(x.block + delta, x.place, x.page + shift);
      }
      if (stopped !== undefined) for (let j = stopped; j < n; j++) this.blocks[j] = { lines: [] };
      this.stopped = stopped;
      throw new Converged();
    }
  }

  private start(block: number, place: string, page: number): void {
    this.starts.set(`${block}:${place}`, page);
    this.startList.push({ block, place, page });
  }

  private get page(): number {
    return this.pages.length + 1;
  }

  private fits(height: number): boolean {
    return this.y + height <= this.bottom;
  }

  private spaceBefore(space: number): void {
    if (this.started || this.pages.length === 0) this.y += space;
  }

  /** Space after a block: none beyond the page's foot. */
  private spaceAfter(space: number): void {
    this.y = Math.min(this.y + space, this.bottom);
  }

  // — blocks —

  private paragraph(p: PresentedParagraph, block: number, role: ItemRole): void {
    this.spaceBefore(p.spaceBefore);
    const lines = paragraphLines(p, this.doc, this.fonts);
    // A run-in heading's characters, still to come at the lines' starts.
    let heading = p.outline?.runIn ? p.runs.slice(0, p.outline.runIn.runs).reduce((n, r) => n + Array.from(r.text).length, 0) : 0;
    lines.forEach((line, k) => {
      if (!this.fits(p.linePitch)) this.newPage({ kind: "full" }, `line ${k}`);
      if (k === 0 && p.outline && !p.outline.runIn) this.outline.push({ level: p.outline.level, text: p.outline.text, page: this.page, top: this.y });
      const chars = heading > 0 ? Math.min(heading, Array.from(line.text).length) : 0;
      heading -= chars;
      const runIn = chars > 0 && p.outline ? { role: p.outline.level === 1 ? ("h1" as const) : ("h2" as const), chars } : undefined;
      this.line(line, this.left, p.size, p.linePitch, block, role, undefined, runIn);
      this.y += p.linePitch;
    });
    this.spaceAfter(p.spaceAfter);
  }

  /** A positioned line at (x, this.y); noted for pagination as its block's. */
  private line(line: PositionedLine, x: number, size: number, pitch: number, block: number, role: ItemRole, cell?: LineItem["cell"], runIn?: LineItem["runIn"]): LineItem {
    let ascent = -Infinity;
    for (const s of line.segments) ascent = Math.max(ascent, this.ascent(s.face.role, s.face.bold, size));
    const item: { -readonly [K in keyof LineItem]: LineItem[K] } = {
      kind: "line",
      block,
      role,
      text: line.text,
      x,
      top: this.y,
      height: pitch,
      baseline: this.y + ascent,
      size,
      segments: line.segments,
      added: line.added,
      perGap: line.perGap,
      ends: line.end,
    };
    // (Set one by one, in this order: --emit layout writes the keys as they come.)
    if (line.tighter) item.tighter = line.tighter;
    if (cell) item.cell = cell;
    if (runIn) item.runIn = runIn;
    for (const s of line.segments) {
      if (!s.gap) continue;
      const face = fontFace(this.fonts, s.face);
      const width = Array.from(s.text).reduce((w, ch) => w + textWidth(face, ch, size) + s.spacing, 0);
      this.items.push({ kind: "shade", block, role: "artifact", x: x + s.x, top: this.y, width, height: pitch, color: GAP_SHADE });
    }
    this.items.push(item);
    if (!cell) this.blocks[block]!.lines.push({ page: this.page, top: this.y, height: pitch, text: line.text });
    this.started = true;
    return item;
  }

  private figure(f: PresentedFigure, block: number): void {
    const unit = f.unit ? paragraphLines(f.unit, this.doc, this.fonts) : [];
    const caption = paragraphLines(f.caption, this.doc, this.fonts);
    const height = (f.unit ? unit.length * f.unit.linePitch : 0) + f.height + caption.length * f.caption.linePitch;
    this.spaceBefore(f.spaceBefore);
    if (!this.fits(height) && this.started) this.newPage({ kind: "float" }, "figure");
    if (f.unit) for (const line of unit) this.placed(line, f.unit, block, "unit");
    const x = this.left + Math.max(0, (this.p.typeArea.width - f.width) / 2);
    this.items.push({ kind: "picture", block, role: "figure", x, top: this.y, width: f.width, height: f.height, svg: f.svg, alt: f.description });
    this.blocks[block]!.lines.push({ page: this.page, top: this.y, height: f.height });
    this.y += f.height;
    this.started = true;
    for (const line of caption) this.placed(line, f.caption, block, "caption");
    this.spaceAfter(f.spaceAfter);
  }

  /** A line of a block's own paragraph (a caption, a unit line, a note) at the cursor, no page check. */
  private placed(line: PositionedLine, p: PresentedParagraph, block: number, role: ItemRole): void {
    this.line(line, this.left, p.size, p.linePitch, block, role);
    this.y += p.linePitch;
  }

  private table(t: PresentedTable, block: number): void {
    this.spaceBefore(t.spaceBefore);
    const head: PresentedParagraph[] = [t.caption, ...(t.unit ? [t.unit] : [])];
    for (const p of head) {
      for (const [k, line] of paragraphLines(p, this.doc, this.fonts).entries()) {
        if (!this.fits(p.linePitch)) this.newPage({ kind: "full" }, `${p === t.caption ? "caption" : "unit"} ${k}`);
        this.placed(line, p, block, p === t.caption ? "caption" : "unit");
      }
    }
    const rows = this.rows(t);
    const heights = rows.map((r) => r.height);
    // The header and its first keepHeadWithRows rows go together.
    const keepTo = Math.min(rows.length, t.headerRows + t.keepHeadWithRows);
    const together = heights.slice(0, keepTo).reduce((a, b) => a + b, 0);
    if (!this.fits(together + t.rule) && this.started) this.newPage({ kind: "float" }, "rows");
    for (let r = 0; r < rows.length; r++) {
      const last = r === rows.length - 1;
      const need = heights[r]! + t.rule;
      if (r >= keepTo && !this.fits(need)) {
        this.tableBottom(t, block);
        this.newPage({ kind: "full" }, `row ${r}`);
        // The header rows again, on every page the table spans.
        for (let h = 0; h < t.headerRows; h++) this.row(t, rows[h]!, h, block, true);
      }
      this.row(t, rows[r]!, r, block, false);
      if (last) this.tableBottom(t, block);
    }
    for (const [n, note] of t.notes.entries()) {
      for (const [k, line] of paragraphLines(note, this.doc, this.fonts).entries()) {
        if (!this.fits(note.linePitch)) this.newPage({ kind: "full" }, `note ${n} ${k}`);
        this.placed(line, note, block, "note");
      }
    }
    this.spaceAfter(t.spaceAfter);
  }

  /** The table's bottom rule under the last row drawn on this page. */
  private tableBottom(t: PresentedTable, block: number): void {
    const y = this.y + t.rule / 2;
    this.items.push({ kind: "rule", block, role: "artifact", x1: this.left, y1: y, x2: this.left + columnEdges(t).at(-1)!, y2: y, width: t.rule });
    this.y += t.rule;
  }

  /** Each row's cells laid out in their columns, and the row's height (a spanning cell's excess goes to its last row). */
  private rows(t: PresentedTable): { cells: { cell: PresentedCell; lines: PositionedLine[]; x: number; width: number }[]; height: number }[] {
    const pad = t.cellPadding;
    const edges = columnEdges(t);
    const n = t.columns.length;
    const rows = t.rows.map((row) => {
      const cells = row.map((cell) => {
        const end = cell.column + cell.colSpan;
        const width = edges[end]! - edges[cell.column]! - 2 * pad.horizontal - t.rule - (end === n ? t.rule : 0);
        return { cell, lines: cellLines(cell, t, this.doc, this.fonts, width), x: edges[cell.column]! + t.rule + pad.horizontal, width };
      });
      const content = Math.max(0, ...cells.filter((c) => c.cell.rowSpan === 1).map((c) => c.lines.length * t.cellPitch));
      return { cells, height: t.rule + 2 * pad.vertical + content };
    });
    t.rows.forEach((row, r) =>
      row.forEach((cell, k) => {
        if (cell.rowSpan === 1) return;
        const lastRow = Math.min(rows.length - 1, r + cell.rowSpan - 1);
        const spanned = rows.slice(r, lastRow + 1).reduce((a, x) => a + x.height, 0);
        const need = t.rule + 2 * pad.vertical + rows[r]!.cells[k]!.lines.length * t.cellPitch;
        if (need > spanned) rows[lastRow]!.height += need - spanned;
      }),
    );
    return rows;
  }

  /** A row at the cursor; `repeat`: a header row drawn again on a later page (an artifact, not content again). */
  private row(t: PresentedTable, row: ReturnType<Flow["rows"]>[number], r: number, block: number, repeat: boolean): void {
    const top = this.y;
    const x0 = this.left;
    const rule = (x1: number, y1: number, x2: number, y2: number): void => {
      this.items.push({ kind: "rule", block, role: "artifact", x1, y1, x2, y2, width: t.rule });
    };
    const edges = columnEdges(t);
    // The rule above each cell and at its left; the table's right edge.
    for (const { cell } of row.cells) {
      rule(x0 + edges[cell.column]!, top + t.rule / 2, x0 + edges[cell.column + cell.colSpan]!, top + t.rule / 2);
      rule(x0 + edges[cell.column]! + t.rule / 2, top, x0 + edges[cell.column]! + t.rule / 2, top + row.height);
    }
    const right = x0 + edges[edges.length - 1]! - t.rule / 2;
    rule(right, top, right, top + row.height);
    for (const { cell, lines, x } of row.cells) {
      this.y = top + t.rule + t.cellPadding.vertical;
      for (const line of lines) {
        this.line(line, x0 + x, t.cellSize, t.cellPitch, block, repeat ? "artifact" : cell.header ? "th" : "td", { row: r, column: cell.column });
        this.y += t.cellPitch;
      }
    }
    this.y = top + row.height;
    this.started = true;
    if (!repeat) this.blocks[block]!.lines.push({ page: this.page, top, height: row.height, text: row.cells.map((c) => c.lines.map((l) => l.text).join("")).join(" ") });
  }

  // — page furniture —

  private pageNumber(page: number): LineItem[] {
    const n = this.doc.pageNumber;
    const text = `${n.before}${page}${n.after}`;
    const face = fontFace(this.fonts, n.face);
    const width = textWidth(face, text, n.size);
    const odd = page % 2 === 1;
    const x = odd ? this.p.page.width - this.p.margin.right - this.p.pageNumber.inset - width : this.p.margin.left + this.p.pageNumber.inset;
    // The numerals' em box `belowTypeArea` below the type area's foot.
    const emTop = this.p.page.height - this.p.margin.bottom + this.p.pageNumber.belowTypeArea;
    const baseline = emTop + emBoxTop(face) * n.size;
    const m = verticalMetrics(face);
    const height = (m.ascent - m.descent) * n.size;
    const top = baseline - m.ascent * n.size;
    return [{ kind: "line", role: "artifact", text, x, top, height, baseline, size: n.size, segments: [{ text, face: n.face, x: 0, spacing: 0 }], added: 0, perGap: 0, ends: "paragraph end" }];
  }

  /** A face's ascent in em, per role and weight (asked once a line). */
  private readonly ascents = new Map<string, number>();

  private ascent(role: PresentedParagraph["runs"][number]["face"]["role"], bold: boolean, size: number): number {
    const key = bold ? `${role}+b` : role;
    let em = this.ascents.get(key);
    if (em === undefined) this.ascents.set(key, (em = verticalMetrics(fontFace(this.fonts, { role, bold })).ascent));
    return em * size;
  }

  /** From a line box's top (one ascent above the baseline) down to its characters' em box. */
  private emTop(role: PresentedParagraph["runs"][number]["face"]["role"], size: number): number {
    const m = verticalMetrics(fontFace(this.fonts, { role, bold: false }));
    return (m.ascent - m.emBoxTop) * size;
  }
}

/** A table's column edges, from its left: 0, then each column's right edge. */
const columnEdges = (t: PresentedTable): number[] => t.columns.reduce<number[]>((xs, w) => [...xs, xs[xs.length - 1]! + w], [0]);


