/** Reading a layout (pure helpers of pagination): pages of a block, page ends, what kind a block is. */
import type { PresentedBlock, PresentedDocument, PresentedRun } from "../types.js";
import type { BlockLayout } from "./types.js";

export const firstPage = (l: BlockLayout | undefined): number | undefined => l?.lines[0]?.page;
export const lastPage = (l: BlockLayout | undefined): number | undefined => l?.lines[l.lines.length - 1]?.page;
export const linesOn = (l: BlockLayout | undefined, page: number): number => l?.lines.filter((x) => x.page === page).length ?? 0;

export const isFloat = (b: PresentedBlock | undefined): boolean => b?.kind === "figure" || b?.kind === "table";
export const isHeading = (b: PresentedBlock | undefined): boolean => b?.kind === "paragraph" && (b.style === "heading1" || b.style === "heading2");
/** A line of the issuers and the date. */
export const isSignature = (b: PresentedBlock | undefined): boolean => b?.kind === "paragraph" && b.style === "signature";

/** The last of the floats in a row from block k (k itself when the next is not one). */
export function runEnd(blocks: readonly PresentedBlock[], k: number): number {
  while (isFloat(blocks[k + 1])) k++;
  return k;
}

/** Per page: its lowest line bottom, its highest line top, and the first block with a line on it. */
export interface PageScan {
  readonly ends: ReadonlyMap<number, number>;
  readonly tops: ReadonlyMap<number, number>;
  readonly firstOn: ReadonlyMap<number, number>;
}

/** The whole layout's scan, once per layout (a layout is never changed: a fix makes a new one). */
const scans = new WeakMap<readonly BlockLayout[], PageScan>();

/**
 * The pages of `layout` as its blocks from `from` on have them (exact for the pages no earlier block reaches);
 * from the first block, kept with the layout. Reads each block's pages (`blockPages`), not its lines.
 */
export function pageScan(layout: readonly BlockLayout[], from = 0): PageScan {
  const kept = from === 0 ? scans.get(layout) : undefined;
  if (kept) return kept;
  const ends = new Map<number, number>();
  const tops = new Map<number, number>();
  const firstOn = new Map<number, number>();
  for (let i = from; i < layout.length; i++)
    for (const x of blockPages(layout[i]!)) {
      ends.set(x.page, Math.max(ends.get(x.page) ?? 0, x.end));
      tops.set(x.page, Math.min(tops.get(x.page) ?? Infinity, x.top));
      if (!firstOn.has(x.page)) firstOn.set(x.page, i);
    }
  const scan = { ends, tops, firstOn };
  if (from === 0) scans.set(layout, scan);
  return scan;
}

/** A block's extent on a page: its highest line top and lowest line bottom there. */
export interface BlockOnPage {
  readonly page: number;
  readonly top: number;
  readonly end: number;
}

const onPages = new WeakMap<BlockLayout, readonly BlockOnPage[]>();
const NONE: readonly BlockOnPage[] = [];

/**
 * The pages a block's lines are on, in order, with its extent on each — once per block layout: a layout after a
 * fix keeps the block layouts before the fix, so reading a layout costs its blocks, not its lines.
 */
export function blockPages(l: BlockLayout): readonly BlockOnPage[] {
  if (l.lines.length === 0) return NONE;
  let pages = onPages.get(l);
  if (!pages) {
    // A block's lines come page by page.
    const out: { page: number; top: number; end: number }[] = [];
    let e: { page: number; top: number; end: number } | undefined;
    for (const x of l.lines) {
      if (e?.page !== x.page) out.push((e = { page: x.page, top: x.top, end: x.top + x.height }));
      else {
        e.top = Math.min(e.top, x.top);
        e.end = Math.max(e.end, x.top + x.height);
      }
    }
    onPages.set(l, (pages = out));
  }
  return pages;
}

/** Each page's lowest line bottom. */
export const pageEnds = (layout: readonly BlockLayout[]): ReadonlyMap<number, number> => pageScan(layout).ends;

/** How empty the pages up to `horizon` are: for each (but the last), the square of the lines left empty beyond the first. */
export function emptiness(doc: PresentedDocument, layout: readonly BlockLayout[], horizon: number): number {
  const bottom = doc.profile.page.height - doc.profile.margin.bottom;
  const ends = pageEnds(layout);
  const last = Math.max(...ends.keys());
  let sum = 0;
  for (const [page, end] of ends) if (page < last && page <= horizon) sum += Math.max(0, (bottom - end) / doc.profile.linePitch - 1) ** 2;
  return sum;
}

/** Does block i start its page, at the page's top, in `layout`? */
export function opensPage(blocks: readonly PresentedBlock[], layout: readonly BlockLayout[], i: number): boolean {
  const b = blocks[i]!;
  if (b.kind !== "paragraph" || b.spaceBefore !== 0) return false;
  const p = firstPage(layout[i]);
  return p !== undefined && (i === 0 || (lastPage(layout[i - 1]) ?? 0) < p) && layout[i]!.lines[0]!.top <= pageScan(layout).tops.get(p)!;
}

/** A block as the pagination log names it. */
export function describe(b: PresentedBlock): string {
  if (b.kind === "figure") return `图${b.number}`;
  if (b.kind === "table") return `表${b.number}`;
  const text = b.runs.map((r) => r.text).join("");
  return `${b.style} “${text.slice(0, 12)}…”`;
}

/** Runs cut at character `at` of their joined text. */
export function splitRuns(runs: readonly PresentedRun[], at: number): [PresentedRun[], PresentedRun[]] {
  const a: PresentedRun[] = [];
  const b: PresentedRun[] = [];
  let pos = 0;
  for (const r of runs) {
    const end = pos + r.text.length;
    if (end <= at) a.push(r);
    else if (pos >= at) b.push(r);
    else {
      a.push({ ...r, text: r.text.slice(0, at - pos) });
      b.push({ ...r, text: r.text.slice(at - pos) });
    }
    pos = end;
  }
  return [a, b];
}
