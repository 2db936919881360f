/**
 * Tables: the caption, unit line, header and first row stay together; a table that fits a page is not split — it
 * floats to the next page's top, the text after it filling this one (as figures do, floats.ts), except away from
 * the heading it follows (the two go to the next page together, or the table is split under it), and where no text
 * of its section comes after it to fill the page (it is split where it stands, its head with its first rows).
 */
import { firstPage, isHeading, lastPage, linesOn, runEnd } from "../layout.js";
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
    // The measure (src/present/pages/) notes a table's caption and unit line, and each row as one line.
    const headLines = 1 + (b.unit ? 1 : 0) + b.headerRows + b.keepHeadWithRows;
    // Its height on one page: its parts on the two pages it spans (the header repeated on the second is not a
    // line of its own, so not counted twice).
    const part = (page: number) => {
      const on = l.lines.filter((x) => x.page === page);
      return Math.max(...on.map((x) => x.top + x.height)) - Math.min(...on.map((x) => x.top));
    };
    const fitsPage = linesOn(l, last) + linesOn(l, first) === l.lines.length && part(first) + part(last) < doc.profile.typeArea.height;
    const head = linesOn(l, first) >= headLines ? undefined : ctx.breakBefore(i, `table ${b.number}: caption and header kept with the first row`);
    // Where nothing of its section comes after it to fill this page (a heading, or the end), it is split where it
    // stands, its head with its first rows: floated, it would leave the page short by all it takes here.
    const after = blocks[runEnd(blocks, i) + 1];
    const fills = after?.kind === "paragraph" && after.style === "body";
    if (!fills && !head && ctx.bottom - ctx.pageEnd(first) <= doc.profile.keep.gapLines * doc.profile.linePitch + 0.5) return undefined;
    // Where floating it would carry it (or a float after it) too far from its text, it is split where it stands.
    if (fitsPage && fills && i > 0 && !ctx.startsPage(i) && !isHeading(blocks[i - 1])) return floatFix(ctx, i, first, 0, head);
    return fitsPage ? ctx.breakBefore(i, `table ${b.number}: fits one page, not split`) : head;
  },
};
