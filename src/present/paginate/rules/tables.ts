/**
 * Tables: the caption, unit line, header and first row stay together; a table that fits a page is not split — it
 * floats to the next page's top, the text after it filling this one (as figures do, floats.ts), except away from
 * the heading it follows (the two go to the next page together, or the table is split under it).
 */
import { firstPage, isHeading, lastPage, linesOn } from "../layout.js";
import type { Rule } from "../types.js";
import { floatFix } from "./floats.js";

export const tables: Rule = {
  name: "tables",
  check(ctx, i) {
    const { blocks, layout, tried, doc } = ctx;
    const b = blocks[i]!;
    const l = layout[i]!;
    const first = firstPage(l)!;
    const last = lastPage(l)!;
    if (b.kind !== "table" || first === last || tried.has(b)) return undefined;
    const headLines = 1 + (b.unit ? 1 : 0) + b.rows.slice(0, b.headerRows + b.keepHeadWithRows).reduce((n, r) => n + r.length, 0);
    // Its height on one page: its parts on the two pages it spans (the header repeated on the second is not a
    // line of its own, so not counted twice).
    const part = (page: number) => {
      const on = l.lines.filter((x) => x.page === page);
      return Math.max(...on.map((x) => x.top + x.height)) - Math.min(...on.map((x) => x.top));
    };
    const fitsPage = linesOn(l, last) + linesOn(l, first) === l.lines.length && part(first) + part(last) < doc.profile.typeArea.height;
    const head = linesOn(l, first) >= headLines ? undefined : ctx.breakBefore(i, `table ${b.number}: caption and header kept with the first row`);
    // Where floating it would carry it (or a float after it) too far from its text, it is split where it stands.
    if (fitsPage && i > 0 && !ctx.startsPage(i) && !isHeading(blocks[i - 1])) return floatFix(ctx, i, first, 0, head);
    return fitsPage ? ctx.breakBefore(i, `table ${b.number}: fits one page, not split`) : head;
  },
};
