/**
 * A float at its section's end: a figure or table (with the floats right before it) after the last text of its
 * section — the next heading, the issuers and the date or the document's end follow it — that does not fit the
 * room that text leaves on its page, page P. Nothing of its section comes after it to fill that page, and the next
 * section's text may not (a float never passes a heading): floated to page P + 1 as floats.ts floats, it would
 * leave page P short by all it takes.
 *
 * Unless it shrinks by at most `keep.floatShrink` to fit there (as floats.ts shrinks), it goes up that page instead,
 * as little as makes it fit: to the last place in its section's text on page P below which it fits — a paragraph's
 * end, or between two lines of a paragraph (at least `keep.orphanLines` before it and `keep.widowLines` after it,
 * the paragraph split around it; at the page's top where those before it end page P − 1). The text it passes flows
 * on under it and onto the next page, before the next section's heading, and fills page P. So it stays on the page
 * of its text — a float set "here" or at the page's top (LaTeX's `h` and `t` placements) — rather than leave a
 * page of a flush-bottom type area (GB/T 9704: 22 lines to a page) short; the price is that it comes before the
 * last lines of that text, and it is kept only where they then end at most `keep.floatPages` page after it. It
 * never goes onto an earlier page, passes another float (floats keep their order) or a heading, comes between a
 * heading and its text, nor before a block a rule started a page with. Where it fits nowhere, it stays on page
 * P + 1 (the log says so).
 */
import type { PresentedBlock } from "../../types.js";
import { describe, firstPage, isFloat, isHeading, isSignature, lastPage, runEnd } from "../layout.js";
import type { BlockLayout, Fix, Rule, RuleContext } from "../types.js";
import { roomLeft, shrinkFix } from "./floats.js";

/** How many places up the page are laid out before the float stays where it is. */
const MAX_TRIES = 3;

export const sectionEnd: Rule = {
  name: "section-end",
  check(ctx, i) {
    const left = roomLeft(ctx, i);
    if (!left) return undefined;
    const e = runEnd(ctx.blocks, i);
    const after = ctx.blocks[e + 1];
    // Its section ends after it: the next heading, the issuers and the date, or the document's end (else floats.ts
    // floats it, the text after it filling the page).
    if (after && !isHeading(after) && !isSignature(after)) return undefined;
    return shrinkFix(ctx, i, left.page, left.room) ?? moveUp(ctx, i, e, left.page);
  },
};

/**
 * A place for the floats: before block `at`, or after its first `lines` lines (the paragraph split around them);
 * `y`, where on the page it is (the page's top where those lines end the page before).
 */
interface Place {
  readonly at: number;
  readonly lines?: number;
  readonly y: number;
}

/** The floats from the run's start through block `e` (block `i` the one that did not fit), set up the text of page `page`. */
function moveUp(ctx: RuleContext, i: number, e: number, page: number): Fix {
  const { doc, blocks, layout, run } = ctx;
  const keep = doc.profile.keep;
  let s = i;
  while (isFloat(blocks[s - 1])) s--;
  const label = s < e ? `${describe(blocks[s]!)}–${describe(blocks[e]!)}` : describe(blocks[e]!);
  // Their height as laid out, with the space between and before them (none after: it is dropped at a page's foot).
  const height = blocks.slice(s, e + 1).reduce((h, f, k) => {
    const l = layout[s + k]!.lines;
    return h + l[l.length - 1]!.top + l[l.length - 1]!.height - l[0]!.top + f.spaceBefore + (k < e - s ? f.spaceAfter : 0);
  }, 0);
  const places = placesUp(ctx, s, page).filter((p) => p.y + height <= ctx.bottom);
  const them = s < e ? "them" : "it";
  const found = `${label}: ends its section, ${((ctx.bottom - ctx.pageEnd(page)) / doc.profile.linePitch).toFixed(1)} lines left on page ${page}`;
  // Read once applied: where it went.
  let what = found;
  return {
    get what() {
      return what;
    },
    from: Math.min(i, ...places.slice(0, MAX_TRIES).map((p) => p.at)),
    apply: async (measure, t) => {
      const moved = blocks.slice(s, e + 1).map((f) => run.withFlow(f, { movedFrom: f.flow?.movedFrom ?? blocks.indexOf(f) - 1 }));
      let far = false;
      for (const place of places.slice(0, MAX_TRIES)) {
        const x = blocks[place.at]!;
        const parts = place.lines === undefined || x.kind !== "paragraph" ? undefined : run.splitAt(x, layout[place.at]!, place.lines);
        if (place.lines !== undefined && !parts) continue;
        const next = parts
          ? [...blocks.slice(0, place.at), parts[0], ...moved, parts[1], ...blocks.slice(place.at + 1, s), ...blocks.slice(e + 1)]
          : [...blocks.slice(0, place.at), ...moved, ...blocks.slice(place.at, s), ...blocks.slice(e + 1)];
        const laid = await measure(next);
        // The text that refers to them (the block before them in the section; its tail, where that is split) ends
        // at most floatPages page after them.
        const ref = next.indexOf(parts && place.at === s - 1 ? parts[1] : blocks[s - 1]!);
        if (!fitsOn(next, laid, moved, page)) continue;
        if ((lastPage(laid[ref]) ?? Infinity) > page + keep.floatPages) {
          far = true;
          continue;
        }
        t.add(moved[i - s]!);
        if (parts) t.add(parts[0]).add(parts[1]);
        const where = parts ? (place.y <= doc.profile.margin.top + 0.5 ? `at its top, ${describe(x)} split around ${them}` : `after line ${place.lines} of ${describe(x)}, split around ${them}`) : `before ${describe(x)}`;
        what = `${found}: set ${where}, the text after ${them} running on to page ${page + 1}`;
        return next;
      }
      t.add(blocks[i]!);
      what = far ? `${found}: stays on page ${page + 1}: set on page ${page}, the text that refers to ${them} would end more than ${keep.floatPages} page after ${them}` : `${found}: stays on page ${page + 1}, as it fits nowhere on page ${page} in its section's text`;
      return blocks;
    },
  };
}

/**
 * The places for floats up the text of their section before block `s` on page `page`, the nearest first: between
 * two lines of a paragraph, at least `keep.orphanLines` before and `keep.widowLines` after, or before a paragraph
 * that starts on the page and does not follow a heading (nor anything kept with what follows it).
 */
function placesUp(ctx: RuleContext, s: number, page: number): Place[] {
  const { doc, blocks, layout, tried } = ctx;
  const keep = doc.profile.keep;
  const places: Place[] = [];
  for (let k = s - 1; k > 0; k--) {
    const x = blocks[k]!;
    if (x.kind !== "paragraph" || x.style !== "body" || x.flow?.breakBefore) break;
    const lines = layout[k]!.lines;
    for (let m = lines.length - keep.widowLines; m >= keep.orphanLines && !tried.has(x); m--) {
      const [above, below] = [lines[m - 1]!, lines[m]!];
      if (below.page < page) break;
      if (above.page === page) places.push({ at: k, lines: m, y: above.top + above.height });
      else if (above.page === page - 1) places.push({ at: k, lines: m, y: below.top });
    }
    const prev = blocks[k - 1]!;
    if (lines[0]!.page !== page || (prev.kind === "paragraph" && prev.keep.withNext)) break;
    places.push({ at: k, y: lines[0]!.top });
  }
  return places;
}

/** Do the floats `moved` lie wholly on page `page` in `laid`? */
function fitsOn(next: readonly PresentedBlock[], laid: readonly BlockLayout[], moved: readonly PresentedBlock[], page: number): boolean {
  return moved.every((f) => {
    const l = laid[next.indexOf(f)];
    return firstPage(l) === page && lastPage(l) === page;
  });
}
