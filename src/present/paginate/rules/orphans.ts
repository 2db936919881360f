/** Orphans: a paragraph of running text leaves at least `keep.orphanLines` lines at a page's foot, or goes over whole. */
import { describe, firstPage, lastPage, linesOn } from "../layout.js";
import type { Rule } from "../types.js";

export const orphans: Rule = {
  name: "orphans",
  check(ctx, i) {
    const { blocks, layout, doc } = ctx;
    const b = blocks[i]!;
    const l = layout[i]!;
    const first = firstPage(l)!;
    if (b.kind !== "paragraph" || b.style !== "body" || first === lastPage(l) || l.lines.length < 2) return undefined;
    const head = linesOn(l, first);
    const orphanLines = doc.profile.keep.orphanLines;
    if (head >= Math.min(orphanLines, l.lines.length)) return undefined;
    return ctx.breakBefore(i, `orphan: ${describe(b)} leaves ${head} line at the foot of page ${first}`, (laid) => {
      const on = linesOn(laid[i], firstPage(laid[i])!);
      return on === laid[i]!.lines.length || on >= orphanLines;
    });
  },
};
