/**
 * The issuers and the date (block `i` on) never stand alone on a page, the text they sign ending on the page
 * before: GB/T 9704 §7.3.5 has the spacing adjusted rather than leave them alone. First without the line of space
 * above them (if they then fit under the text); else the last `keep.widowLines` lines of the paragraph before
 * carried over (split as a widow is); else that paragraph moved with them (a break before it).
 */
import type { PresentedParagraph } from "../../types.js";
import { describe, firstPage, isSignature, lastPage } from "../layout.js";
import type { Fix, Rule, RuleContext } from "../types.js";

export const signature: Rule = {
  name: "signature",
  check(ctx, i) {
    const { blocks, run } = ctx;
    const b = blocks[i]!;
    const before = blocks[i - 1];
    if (!isSignature(b) || !before || isSignature(before) || !ctx.startsPage(i) || run.signed.has(b)) return undefined;
    return signatureFix(ctx, i, ctx.breakBefore(i - 1, `signature: ${describe(before)} goes to page ${firstPage(ctx.layout[i])} with the issuers and the date`));
  },
};

function signatureFix(ctx: RuleContext, i: number, whole: Fix | undefined): Fix | undefined {
  const { doc, blocks, layout, tried, run } = ctx;
  const keep = doc.profile.keep;
  const b = blocks[i] as PresentedParagraph;
  const page = firstPage(layout[i])!;
  let end = i;
  while (isSignature(blocks[end + 1])) end++;
  const unbroken = (extra: Partial<PresentedParagraph> = {}): PresentedParagraph => {
    const { breakBefore: _b, ...flow } = b.flow ?? {};
    return run.derive(b, { ...b, ...extra, flow });
  };
  const prev = blocks[i - 1]!;
  const lines = layout[i - 1]!.lines.length - keep.widowLines;
  // A paragraph a keep rule started a page with (an orphan's) may still give its last lines: its head keeps the break.
  const free = !tried.has(prev) || prev.flow?.breakBefore === true;
  const parts = prev.kind === "paragraph" && prev.style === "body" && free && lines >= keep.orphanLines ? run.splitAt(prev, layout[i - 1]!, lines) : undefined;
  if (b.spaceBefore === 0 && !parts) return whole;
  return {
    what: `signature alone on page ${page}`,
    from: i - 1,
    apply: async (measure, t) => {
      if (b.spaceBefore > 0) {
        const tight = [...blocks];
        tight[i] = unbroken({ spaceBefore: 0 });
        const laid = await measure(tight);
        const on = lastPage(laid[i - 1]);
        if (laid.slice(i, end + 1).every((l) => firstPage(l) === on && lastPage(l) === on)) {
          run.signed.add(tight[i]!);
          return tight;
        }
      }
      if (parts) {
        // The head ends its page; the tail, on the next with them, is what keeps with them.
        const h = run.derive(parts[0], { ...parts[0], keep: { ...parts[0].keep, withNext: false } });
        const tailBlock = run.withFlow(parts[1], { breakBefore: true });
        const sig = unbroken();
        t.add(h).add(tailBlock);
        run.signed.add(sig);
        return [...blocks.slice(0, i - 1), h, tailBlock, sig, ...blocks.slice(i + 1)];
      }
      run.signed.add(b);
      return whole ? whole.apply(measure, t) : blocks;
    },
  };
}
