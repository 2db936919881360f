/**
 * Keep with next: a heading, title, table caption, unit line or issuer line is on the same page as the start of
 * the next block; a heading with at least `keep.headingLines` lines of its text. (The text before the issuers
 * and the date: by signature.ts.)
 */
import { describe, firstPage, isHeading, isSignature, lastPage, linesOn } from "../layout.js";
import type { Rule } from "../types.js";

export const keepWithNext: Rule = {
  name: "keep-with-next",
  check(ctx, i) {
    const { blocks, layout, doc } = ctx;
    const b = blocks[i]!;
    const next = layout[i + 1];
    if (b.kind !== "paragraph" || !b.keep.withNext || (b.style === "body" && isSignature(blocks[i + 1])) || !next || next.lines.length === 0) return undefined;
    const last = lastPage(layout[i])!;
    const need = isHeading(b) ? Math.min(doc.profile.keep.headingLines, next.lines.length) : 1;
    if (firstPage(next)! <= last && linesOn(next, last) >= need) return undefined;
    return ctx.breakBefore(i, `keep ${describe(b)} with the next block`, (laid) => {
      const end = lastPage(laid[i]);
      return firstPage(laid[i + 1]) === end && linesOn(laid[i + 1], end!) >= need;
    });
  },
};
