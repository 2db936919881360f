/**
 * Widows: a paragraph of running text leaves at least `keep.widowLines` lines at the next page's head — fixed by
 * carrying lines over (the paragraph is split, its tail starts the page), else by moving it whole.
 */
import { describe, firstPage, lastPage, linesOn } from "../layout.js";
import type { Fix, Rule, RuleContext } from "../types.js";

export const widows: Rule = {
  name: "widows",
  check(ctx, i) {
    return widowAcrossPages(ctx, i);
  },
};

function widowAcrossPages(ctx: RuleContext, i: number): Fix | undefined {
  const { blocks, layout, doc, tried, run } = ctx;
  const keep = doc.profile.keep;
  const b = blocks[i]!;
  const l = layout[i]!;
  const first = firstPage(l)!;
  const last = lastPage(l)!;
  if (b.kind !== "paragraph" || b.style !== "body" || first === last || l.lines.length < 2 || tried.has(b)) return undefined;
  // An orphan is the orphans rule's (orphans.ts): a paragraph is checked for widows once it has none.
  if (linesOn(l, first) < Math.min(keep.orphanLines, l.lines.length)) return undefined;
  const tail = linesOn(l, last);
  if (tail >= keep.widowLines) return undefined;
  const label = describe(b);
  const carry = l.lines.length - keep.widowLines;
  const parts = carry >= keep.orphanLines ? run.splitAt(b, l, carry) : undefined;
  if (parts) {
    return {
      what: `widow: ${label} leaves ${tail} line at the head of page ${last}; ${keep.widowLines} lines carried over`,
      from: i,
      apply: async (_measure, t) => {
        const [h, rest] = parts;
        const tailBlock = run.withFlow(rest, { breakBefore: true });
        t.add(h).add(tailBlock);
        return [...blocks.slice(0, i), h, tailBlock, ...blocks.slice(i + 1)];
      },
    };
  }
  return ctx.breakBefore(i, `widow: ${label} leaves ${tail} line at the head of page ${last}`, (laid) => {
    const l2 = laid[i]!;
    return firstPage(l2) === lastPage(l2) || linesOn(l2, lastPage(l2)!) >= keep.widowLines;
  });
}
