/**
 * Floats: a figure or table that does not fit where it is referenced either shrinks by at most `floatShrink` to
 * stay, or goes to the top of the next page while the text after it fills the page (the paragraph at the page
 * break is split around it) — the floats right after it go with it, in order, where the text after it runs into
 * another float before the page ends. It never moves before its reference, nor more than `floatPages` page on,
 * nor past another float or a heading (floats keep their order and their section). A float at its section's end,
 * with no text of its section after it to fill the page, goes up its text's page instead: section-end.ts.
 */
import type { PresentedBlock } from "../../types.js";
import { describe, firstPage, isFloat, isHeading, lastPage, linesOn, runEnd } from "../layout.js";
import type { BlockLayout, Fix, Rule, RuleContext } from "../types.js";

/** How many blocks a run of floats moved together may span. */
const MAX_FLOAT_RUN = 6;

/** A float starts a page although the page before has room left, right after its reference. */
export const floats: Rule = {
  name: "floats",
  check(ctx, i) {
    const left = roomLeft(ctx, i);
    return left && floatFix(ctx, i, left.page, left.room);
  },
};

/**
 * Block `i`, a float no fix was tried on, starts a page while the block before it ends the page before with more
 * than a line of room left: that page and the room.
 */
export function roomLeft(ctx: RuleContext, i: number): { readonly page: number; readonly room: number } | undefined {
  const { blocks, layout, tried, doc } = ctx;
  const b = blocks[i]!;
  if (!isFloat(b) || i === 0 || tried.has(b)) return undefined;
  const page = lastPage(layout[i - 1]);
  if (page === undefined || firstPage(layout[i])! <= page) return undefined;
  const room = ctx.bottom - ctx.pageEnd(page);
  return room > doc.profile.linePitch + 0.5 ? { page, room } : undefined;
}

/**
 * A heading right before a float that does not fit under it, and text after the float: the float goes to the
 * next page and that text comes up under the heading (rather than the heading going over with the float).
 */
export const headingFloat: Rule = {
  name: "heading-float",
  check(ctx, i) {
    const { blocks, layout, tried, doc } = ctx;
    const b = blocks[i]!;
    const after = blocks[i + 1];
    const next = layout[i + 1];
    const text = blocks[runEnd(blocks, i + 1) + 1];
    const fills = text?.kind === "paragraph" && text.style === "body";
    if (!isHeading(b) || !isFloat(after) || !fills || tried.has(after!) || !next || next.lines.length === 0) return undefined;
    const last = lastPage(layout[i])!;
    if (firstPage(next)! <= last) return undefined;
    const room = ctx.bottom - ctx.pageEnd(last);
    return room > (doc.profile.keep.headingLines + 1) * doc.profile.linePitch ? floatFix(ctx, i + 1, last, room) : undefined;
  },
};

/** A figure at block `i` that left `room` on page `page`, shrunk by at most `keep.floatShrink` to stay there, if that is enough. */
export function shrinkFix(ctx: RuleContext, i: number, page: number, room: number): Fix | undefined {
  const { doc, blocks, run } = ctx;
  const l = ctx.layout[i]!;
  const b = blocks[i]!;
  if (b.kind !== "figure") return undefined;
  const height = l.lines[l.lines.length - 1]!.top + l.lines[l.lines.length - 1]!.height - l.lines[0]!.top + b.spaceBefore + b.spaceAfter;
  const scale = 1 - (height - room + 1) / b.height;
  if (scale < 1 - doc.profile.keep.floatShrink || scale >= 1) return undefined;
  return {
    what: `${describe(b)}: shrunk to ${(scale * 100).toFixed(1)}% to stay on page ${page}`,
    from: i,
    apply: async (_measure, t) => {
      const shrunk = run.withFlow(run.derive(b, { ...b, width: b.width * scale, height: b.height * scale }), { scale: Number(((b.flow?.scale ?? 1) * scale).toFixed(4)) });
      t.add(shrunk);
      return [...blocks.slice(0, i), shrunk, ...blocks.slice(i + 1)];
    },
  };
}

/**
 * A figure or table at block `i` that left `room` on page `page`: shrink it to stay, or float it to the next page's
 * top — unless that carries a float more than `keep.floatPages` past its reference: then `fallback` (or nothing,
 * the float marked as tried).
 */
export function floatFix(ctx: RuleContext, i: number, page: number, room: number, fallback?: Fix): Fix {
  const shrunk = shrinkFix(ctx, i, page, room);
  if (shrunk) return shrunk;
  const { doc, blocks, run } = ctx;
  const b = blocks[i]!;
  const keep = doc.profile.keep;
  const label = describe(b);
  // The floats that follow it directly go with it, in order: the text to fill the page is the text after them.
  const e = runEnd(blocks, i);
  // Read once applied: where the move would carry a float too far, the log says what was done instead.
  let what = `${e > i ? `${label}–${describe(blocks[e]!)}` : label}: floated to the top of page ${page + 1}, text after ${e > i ? "them" : "it"} fills page ${page}`;
  return {
    get what() {
      return what;
    },
    from: i,
    apply: async (measure, t) => {
      const moved = await floated(measure, t);
      if (ctx.without.has("float-distance")) return moved;
      const far = farFloats(ctx, moved, await measure(moved), i);
      const before = farFloats(ctx, blocks, ctx.layout, i);
      const added = [...far].filter((f) => !before.has(f));
      if (added.length === 0) return moved;
      what = `${label}: not floated past the text — ${added.map((o) => describe(ctx.doc.blocks[o]!)).join(", ")} would then be more than ${keep.floatPages} page past the text that refers to it${fallback ? `; ${fallback.what}` : ""}`;
      if (fallback) return fallback.apply(measure, t);
      t.add(b);
      return blocks;
    },
  };

  async function floated(measure: (blocks: PresentedBlock[]) => Promise<readonly BlockLayout[]>, t: Set<PresentedBlock>): Promise<PresentedBlock[]> {
    let end = e;
    let without: PresentedBlock[];
    let laid: readonly BlockLayout[];
    let j: number;
    for (;;) {
      without = [...blocks.slice(0, i), ...blocks.slice(i, end + 1).filter((x) => !isFloat(x)), ...blocks.slice(end + 1)];
      laid = await measure(without);
      // The first block, from the float's place on, that reaches the next page — or that they may not pass:
      // another float (figures and tables keep their order) or a heading (a float stays in its section).
      // (Blocks past the last one laid out were not reached: the layout stopped some pages on, driver.ts.)
      let reached = laid.length;
      while (reached > 0 && laid[reached - 1]!.lines.length === 0) reached--;
      j = i;
      while (j < without.length && (j < reached ? (lastPage(laid[j]) ?? 0) : Infinity) <= page && !isFloat(without[j]) && !isHeading(without[j])) j++;
      // The text after them ran out before the page did, into another float that starts the next page too: it
      // goes with them (in order), and the text after it fills the page.
      const next = without[j];
      if (!isFloat(next) || (firstPage(laid[j]) ?? 0) <= page || end - i >= MAX_FLOAT_RUN) break;
      end = runEnd(blocks, blocks.indexOf(next!));
    }
    // A table would be split where it stands (figures are unbreakable): it starts the next page.
    const moved = blocks.slice(i, end + 1).filter(isFloat).map((f, k) => run.withFlow(f, { movedFrom: f.flow?.movedFrom ?? blocks.indexOf(f) - 1, ...(k === 0 && f.kind === "table" ? { breakBefore: true as const } : {}) }));
    // The float this fixes is not moved again; those it took along still answer to every rule (a table's head).
    t.add(moved[0]!);
    const at = (k: number) => {
      // Never between a heading and its text: the float goes before the heading.
      while (k > i && isHeading(without[k - 1])) k--;
      return [...without.slice(0, k), ...moved, ...without.slice(k)];
    };
    const target = without[j];
    const tl = laid[j];
    if (!target || !tl || target.kind !== "paragraph" || isHeading(target) || firstPage(tl)! > page) return at(j);
    const head = linesOn(tl, page);
    const parts = head >= keep.orphanLines ? run.splitAt(target, tl, head) : undefined;
    if (!parts) return at(j);
    return [...without.slice(0, j), parts[0], ...moved, parts[1], ...without.slice(j + 1)];
  }
}

/**
 * The floats from block `from` to the next heading (as input blocks) whose first page in `laid` is more than
 * `keep.floatPages` past the end of the text that refers to them: the input block before them that is not a float.
 */
function farFloats(ctx: RuleContext, blocks: readonly PresentedBlock[], laid: readonly BlockLayout[], from: number): Set<number> {
  const { run, doc } = ctx;
  // The section's blocks: a float and the text it refers to are in one (floats never pass a heading).
  let start = from;
  while (start > 0 && !isHeading(blocks[start])) start--;
  let end = from + 1;
  while (end < blocks.length && !isHeading(blocks[end])) end++;
  const ends = new Map<number, number>();
  for (let k = start; k < end; k++) {
    const o = run.origin(blocks[k]!);
    const p = lastPage(laid[k]);
    if (o !== undefined && p !== undefined) ends.set(o, Math.max(ends.get(o) ?? 0, p));
  }
  const far = new Set<number>();
  for (let k = from; k < end; k++) {
    const o = run.origin(blocks[k]!);
    const page = firstPage(laid[k]);
    if (!isFloat(blocks[k]) || o === undefined || page === undefined) continue;
    let r = o - 1;
    while (r >= 0 && isFloat(doc.blocks[r])) r--;
    const ref = ends.get(r);
    if (ref !== undefined && page > ref + doc.profile.keep.floatPages) far.add(o);
  }
  return far;
}
