/**
 * Laying out again after a fix, only from the page the fix can change: what comes before a block that opens a
 * page cannot change by anything after it.
 */
import type { PresentedBlock, PresentedDocument } from "../types.js";
import { firstPage, lastPage, opensPage } from "./layout.js";
import type { BlockLayout, Measure } from "./types.js";

/**
 * Lays out `blocks` again from the last page start at or before block `from`: those pages are taken from
 * `before` (the blocks before `from` are the same objects in both lists) and only the rest is laid out, its
 * pages numbered on — complete through the page after `until` (the rules at a page's foot look at the next
 * page's head), or to the end.
 */
export async function measureFrom(doc: PresentedDocument, blocks: PresentedBlock[], before: readonly BlockLayout[], from: number, measure: Measure, until = Infinity): Promise<readonly BlockLayout[]> {
  const pages = (start: number): number | undefined => (until === Infinity ? undefined : Math.max(1, until + 2 - start));
  // Blocks before `from` are unchanged, and so is where each of them starts; the block at `from` may not be.
  let k = Math.min(from - 1, blocks.length - 1);
  // A block with space above it starts a page differently as the document's first block and after a page break
  // (pdfmake 0.3.11 keeps a first node's top margin; a figure moved to a new page loses it): restart at plain text only.
  while (k > 0 && !opensPage(blocks, before, k)) k--;
  if (k <= 0) return measure({ ...doc, blocks }, pages(1));
  const page = firstPage(before[k])!;
  const first = blocks[k]!;
  const { breakBefore: _b, ...flow } = first.flow ?? {};
  const rest = [{ ...first, flow } as PresentedBlock, ...blocks.slice(k + 1)];
  const limit = pages(page);
  const laid = limit === undefined ? await measure({ ...doc, blocks: rest }, limit) : await measureSome(doc, rest, before.slice(k), limit, measure);
  return [...before.slice(0, k), ...laid.map((l) => ({ lines: l.lines.map((x) => ({ ...x, page: x.page + page - 1 })) }))];
}

/**
 * `measure` of `blocks` as far as `pages` pages, given only the blocks the earlier layout `before` (same
 * blocks, pages counted from the first) puts within a page more: pdfmake prepares every block it is given
 * before it lays out the first, ~1 ms a page. Had they ended before the limit — the measure did not stop in a
 * block, so the last one has lines — they were too few: laid out again with all.
 */
async function measureSome(doc: PresentedDocument, blocks: readonly PresentedBlock[], before: readonly BlockLayout[], pages: number, measure: Measure): Promise<readonly BlockLayout[]> {
  const start = firstPage(before[0]) ?? 1;
  let end = before.findIndex((l, i) => i > 0 && (firstPage(l) ?? -Infinity) - start + 1 > pages + 1);
  // Where the earlier layout stops short (it was itself laid out only so far, or laid out in windows: driver.ts),
  // the blocks of as many pages more as are asked for beyond it, at its blocks a page, and two pages more.
  if (end < 0) {
    const known = before.findIndex((l, i) => i > 0 && l.lines.length === 0);
    const knownPages = known > 0 ? Math.max(1, (lastPage(before[known - 1]) ?? start) - start + 1) : 1;
    end = known > 0 ? Math.ceil(known + (known / knownPages) * (Math.max(0, pages - knownPages) + 2)) : -1;
  }
  if (end < 0 || end >= blocks.length) return measure({ ...doc, blocks: [...blocks] }, pages);
  const laid = await measure({ ...doc, blocks: blocks.slice(0, end) }, pages);
  if (laid[laid.length - 1]!.lines.length === 0) return [...laid, ...blocks.slice(end).map(() => ({ lines: [] }))];
  return measure({ ...doc, blocks: [...blocks] }, pages);
}
