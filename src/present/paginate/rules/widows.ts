/**
 * Widows: a paragraph of running text leaves at least `keep.widowLines` lines at the next page's head — fixed by
 * carrying lines over (the paragraph is split, its tail starts the page), else by moving it whole.
 *
 * A float above it does not make a line less alone: where a paragraph was split around floats moved to a page's
 * top (floats.ts) and fewer than `widowLines` of its lines follow them there, that is a widow too, and lines are
 * carried over from the part before the floats (or the whole paragraph goes below them).
 */
import type { PresentedParagraph } from "../../types.js";
import { describe, firstPage, isFloat, lastPage, linesOn } from "../layout.js";
import type { Fix, Rule, RuleContext } from "../types.js";

export const widows: Rule = { name: "widows", check: (ctx, i) => widowAcrossPages(ctx, i) };
export const widowsAfterFloats: Rule = { name: "widows-after-floats", check: (ctx, i) => widowAfterFloats(ctx, i) };

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

/** The tail of a paragraph split around floats, below them at its page's top, with too few lines. */
function widowAfterFloats(ctx: RuleContext, i: number): Fix | undefined {
  const { blocks, layout, doc, tried, run } = ctx;
  const keep = doc.profile.keep;
  const b = blocks[i]!;
  const l = layout[i]!;
  if (b.kind !== "paragraph" || b.flow?.split !== "tail" || tried.has(b) || l.lines.length >= keep.widowLines) return undefined;
  let h = i - 1;
  while (h > 0 && isFloat(blocks[h])) h--;
  const head = blocks[h];
  const page = firstPage(l)!;
  // Floats between the halves, the first of them opening the tail's page, the head ending the page before.
  if (h === i - 1 || head?.kind !== "paragraph" || head.flow?.split !== "head" || run.origin(head) !== run.origin(b)) return undefined;
  if (firstPage(layout[h + 1]) !== page || !ctx.startsPage(h + 1) || lastPage(layout[h]) !== page - 1) return undefined;
  const { split: _s, ...flow } = head.flow;
  const whole: PresentedParagraph = run.derive(b, { ...head, runs: [...head.runs, ...b.runs], spaceAfter: b.spaceAfter, flow: Object.keys(flow).length > 0 ? flow : undefined });
  const lines = { lines: [...layout[h]!.lines, ...l.lines] };
  const carry = lines.lines.length - keep.widowLines;
  const parts = carry >= keep.orphanLines ? run.splitAt(whole, lines, carry) : undefined;
  const floats = blocks.slice(h + 1, i);
  return {
    what: `widow after ${describe(floats[0]!)}: ${describe(whole)} leaves ${l.lines.length} line under it at the head of page ${page}; ${parts ? `${keep.widowLines} lines carried over` : "set below it whole"}`,
    from: h,
    apply: async (_measure, t) => {
      if (!parts) {
        t.add(whole);
        return [...blocks.slice(0, h), ...floats, whole, ...blocks.slice(i + 1)];
      }
      t.add(parts[0]).add(parts[1]);
      return [...blocks.slice(0, h), parts[0], ...floats, parts[1], ...blocks.slice(i + 1)];
    },
  };
}
