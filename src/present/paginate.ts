/**
 * Pagination from a measured layout: floats and keep rules, decided once and recorded in the presented
 * document (Flow on each block), so every format gets the same block order.
 *
 * The measure is the PDF typesetter's own layout (src/render/pdf/measure.ts, injected by
 * src/render/index.ts: this stage imports no renderer). Each pass lays the document out, finds the first
 * page break that breaks a rule, fixes it and lays out again; pages before the fix do not change, so the
 * passes walk forward through the document. Rules (values from the page profile's `keep`):
 *
 * - keep with next: a heading, title, table caption, unit line or issuer line is on the same page as the
 *   start of the next block; a heading with at least `headingLines` lines of its text;
 * - orphans and widows: a paragraph leaves at least `orphanLines` at a page's foot and `widowLines` at the
 *   next page's head (a widow is fixed by carrying lines over: the paragraph is split, its tail starts the page);
 * - a table's caption, unit line, header and first row stay together; a table that fits a page is not split;
 * - the issuers and the date are not alone on a page: set closer to the text, or with its last lines carried over;
 * - floats: a figure or table that does not fit where it is referenced either shrinks by at most
 *   `floatShrink` to stay, or goes to the top of the next page while the text after it fills the page
 *   (the paragraph at the page break is split around it) — the floats right after it go with it, in order,
 *   where the text after it runs into another float before the page ends. It never moves before its reference,
 *   nor more than one page on, nor past another float or a heading (floats keep their order and their section);
 * - a break a keep rule forces that would leave more than `gapLines` empty: a paragraph on that page whose last
 *   line is short is set a little tighter (收行) to end a line earlier, if that keeps the rule; where the page
 *   still ends more than `gapLines` short (the rules allow no fuller page), a paragraph on it whose last line is
 *   long is set a little looser (放行) to take one line more (`loosen`), where the next page's start cannot
 *   move (a rule's break, or a float that does not fit here).
 *
 * A process that paginates an edited document again (the preview, after a template or figure changes) starts
 * from its last result for the same profile and measure: the pages before the first changed block are taken
 * as they were (see `resume`), and only the rest is paginated — the same result as from scratch
 * (test/paginate-resume.test.ts), a fraction of the layouts.
 */
import type { Flow, PresentedBlock, PresentedDocument, PresentedParagraph, PresentedRun } from "./types.js";

export interface LaidLine {
  readonly page: number;
  /** Top of the line (or picture) box, in points from the page's top edge. */
  readonly top: number;
  readonly height: number;
  /** The line's text, for text lines. */
  readonly text?: string;
}

export interface BlockLayout {
  readonly lines: readonly LaidLine[];
}

/**
 * Lays the document out: for each block (same order), its lines. With `pages`, it may stop once that many
 * pages are laid out: blocks not reached then have no lines, nor has the one it stopped in.
 */
export type Measure = (doc: PresentedDocument, pages?: number) => Promise<readonly BlockLayout[]>;

/** What pagination did, for the report and tests. */
export interface PaginationLog {
  readonly passes: number;
  readonly fixes: readonly string[];
}

const MAX_PASSES = 60;

/**
 * Which block of the document before pagination each block after it comes from (a split paragraph's two
 * halves come from one). Set for the input, carried by every block pagination makes (`derive`).
 */
const origins = new WeakMap<PresentedBlock, number>();
const derive = <B extends PresentedBlock>(from: PresentedBlock, to: B): B => {
  const origin = origins.get(from);
  if (origin !== undefined) origins.set(to, origin);
  return to;
};

/** A finished pagination, for `resume`. */
interface Result {
  /** Each input block as JSON: what decides whether a block is the same as before. */
  readonly input: readonly string[];
  readonly output: readonly PresentedBlock[];
  readonly origin: readonly number[];
  /** Which output blocks a fix was tried on (no rule is fixed twice on one block). */
  readonly tried: readonly boolean[];
  readonly layout: readonly BlockLayout[];
  /**
   * The choices between two fixes made (`settle`) and the paragraphs set looser (`loosen`), as input blocks: a
   * choice at `from` weighed the pages up to the one that ends with block `to`, so the pages before it depend on
   * what comes after it, up to `to` — a pagination resumed at or after `from` must not have changed anything up
   * to `to`.
   */
  readonly choices: readonly Choice[];
}

interface Choice {
  readonly from: number;
  readonly to: number;
}

/** Where pagination starts from an earlier result (`resume`). */
interface Start {
  readonly blocks: PresentedBlock[];
  readonly tried: readonly PresentedBlock[];
  readonly layout: readonly BlockLayout[];
  /** The first block to lay out again. */
  readonly from: number;
  /** The input is the same as that result's. */
  readonly same?: true;
}

/** The last few results per measure (one per font profile and process) and page settings. */
const results = new WeakMap<Measure, Map<string, Result[]>>();
const KEEP_RESULTS = 12;

export async function paginate(doc: PresentedDocument, measure: Measure, log?: (fix: string) => void): Promise<PresentedDocument> {
  doc.blocks.forEach((b, i) => origins.set(b, i));
  const input = doc.blocks.map((b) => JSON.stringify(b));
  const settings = JSON.stringify([doc.profile, doc.pageNumber]);
  let bySettings = results.get(measure);
  if (!bySettings) results.set(measure, (bySettings = new Map()));
  const recent = bySettings.get(settings) ?? [];
  bySettings.set(settings, recent);

  const start = resume(doc, input, recent);
  if (start?.same) return { ...doc, blocks: start.blocks };
  const blocks: PresentedBlock[] = start ? start.blocks : [...doc.blocks];
  const layout = start ? await measureFrom(doc, blocks, start.layout, start.from, measure) : await measure({ ...doc, blocks });
  const done = await loosen(doc, await settle(doc, { blocks, layout, tried: new Set(start?.tried), fixes: [], passes: 0, choices: [] }, measure, 0), measure);
  for (const f of done.fixes) log?.(f);
  const tried = done.tried;
  const origin = done.blocks.map((b) => origins.get(b) ?? -1);
  recent.unshift({ input, output: done.blocks, origin, tried: done.blocks.map((b) => tried.has(b)), layout: done.layout, choices: done.choices });
  recent.splice(KEEP_RESULTS);
  return { ...doc, blocks: done.blocks };
}

/** Pagination under way: the blocks, their layout, the blocks a fix was tried on, what was done. */
interface State {
  readonly blocks: PresentedBlock[];
  readonly layout: readonly BlockLayout[];
  readonly tried: Set<PresentedBlock>;
  readonly fixes: readonly string[];
  readonly passes: number;
  /** The choices made so far (Result.choices). */
  readonly choices: readonly Choice[];
}

/** How deep choices between two fixes (收行 or a break) are followed; deeper, the plain break is taken. */
const MAX_CHOICES = 3;
/** How many pages after its own a choice weighs: a line saved or lost on one page shows within a few. */
const CHOICE_PAGES = 3;

/**
 * Fixes the first broken rule and lays out again, until none is broken (or, with `until`, none on a page up
 * to it). Where a fix has an alternative (收行, else a break), both are followed up to `CHOICE_PAGES` pages on
 * and the one whose pages are fuller there is kept (`emptiness`; the alternative when equal): setting a paragraph
 * tighter to save a line here can leave a bigger hole further on.
 */
async function settle(doc: PresentedDocument, state: State, measure: Measure, choices: number, until = Infinity): Promise<State> {
  let s = state;
  while (s.passes < MAX_PASSES) {
    const fix = firstFix(doc, s.blocks, s.layout, s.tried);
    if (!fix || (firstPage(s.layout[fix.from]) ?? 0) > until) break;
    if (fix.alternative && choices < MAX_CHOICES) {
      const from = Math.min(fix.from, fix.alternative.from);
      // From the page where the rule is broken (the break's), through CHOICE_PAGES more.
      const horizon = Math.max(firstPage(s.layout[fix.from]) ?? 1, firstPage(s.layout[fix.alternative.from]) ?? 1) + CHOICE_PAGES;
      // One after the other: a measure is one layout at a time.
      // Each laid out only as far as the pages weighed (the page after the horizon, for the rules at its foot).
      const until2 = Math.min(horizon, until);
      const a = await settle(doc, await step(doc, { ...s, tried: new Set(s.tried) }, fix, measure, until2), measure, choices + 1, until2);
      const b = await settle(doc, await step(doc, { ...s, tried: new Set(s.tried) }, fix.alternative, measure, until2), measure, choices + 1, until2);
      const [ea, eb] = [emptiness(doc, a.layout, horizon), emptiness(doc, b.layout, horizon)];
      const kept = ea < eb ? a : b;
      // The last input block on the pages weighed (and the page after, whose head the rules at their foot read).
      const to = Math.max(...kept.blocks.map((x, i) => ((firstPage(kept.layout[i]) ?? Infinity) <= horizon + 1 ? (origins.get(x) ?? Infinity) : -1)));
      const choice = { from: origins.get(s.blocks[from]!) ?? 0, to };
      // The kept way's pages beyond the horizon were not laid out: they are now (as far as this settle goes).
      const layout = await measureFrom(doc, kept.blocks, kept.layout, from, measure, until);
      s = { ...kept, layout, choices: [...kept.choices, choice], fixes: [...s.fixes, `choice: ${fix.what} — emptiness ${ea.toFixed(1)} against ${eb.toFixed(1)} for “${fix.alternative.what}” up to page ${horizon}: ${ea < eb ? "set tighter" : "the break"} kept`, ...kept.fixes.slice(s.fixes.length)] };
      continue;
    }
    s = await step(doc, s, fix.alternative ?? fix, measure, until);
  }
  return s;
}

async function step(doc: PresentedDocument, s: State, fix: Fix, measure: Measure, until = Infinity): Promise<State> {
  // A fix that laid its blocks out to decide (收行) has them laid out already.
  const laid = new Map<PresentedBlock[], Promise<readonly BlockLayout[]>>();
  const partial = (b: PresentedBlock[]) => {
    let l = laid.get(b);
    if (!l) laid.set(b, (l = measureFrom(doc, b, s.layout, fix.from, measure, until)));
    return l;
  };
  const blocks = await fix.apply(partial, s.tried);
  return { ...s, blocks, layout: await partial(blocks), fixes: [...s.fixes, fix.what], passes: s.passes + 1 };
}

/** Each page's lowest line bottom. */
function pageEnds(layout: readonly BlockLayout[]): Map<number, number> {
  const ends = new Map<number, number>();
  for (const l of layout) for (const x of l.lines) ends.set(x.page, Math.max(ends.get(x.page) ?? 0, x.top + x.height));
  return ends;
}

/** How empty the pages up to `horizon` are: for each (but the last), the square of the lines left empty beyond the first. */
function emptiness(doc: PresentedDocument, layout: readonly BlockLayout[], horizon: number): number {
  const bottom = doc.profile.page.height - doc.profile.margin.bottom;
  const ends = pageEnds(layout);
  const last = Math.max(...ends.keys());
  let sum = 0;
  for (const [page, end] of ends) if (page < last && page <= horizon) sum += Math.max(0, (bottom - end) / doc.profile.linePitch - 1) ** 2;
  return sum;
}

/**
 * Where pagination of `doc` can start from an earlier result: the last page start of that result such that
 * everything before it came from input blocks that are still the same, in the same order, and nothing after it
 * came from them — the block that opens the page included (a plain paragraph, or the tail of one split across
 * that page break, whose two halves are then taken as they were; its previous block not kept with it). The
 * pages before it cannot change: a block's place depends only on what comes before it, and no rule for those
 * pages looks past that page start. `same`: the input is unchanged.
 */
function resume(doc: PresentedDocument, input: readonly string[], recent: readonly Result[]): Start | undefined {
  let best: Start | undefined;
  for (const r of recent) {
    let d = 0;
    while (d < input.length && d < r.input.length && input[d] === r.input[d]) d++;
    if (d === input.length && d === r.input.length) {
      r.output.forEach((b, i) => origins.set(b, r.origin[i]!));
      return { blocks: [...r.output], tried: [], layout: r.layout, from: r.output.length, same: true };
    }
    // Every block of r's output before c came from an input before m, every block from c on from m or later.
    const minAfter: number[] = new Array<number>(r.origin.length + 1).fill(Infinity);
    for (let i = r.origin.length - 1; i >= 0; i--) minAfter[i] = Math.min(minAfter[i + 1]!, r.origin[i]!);
    let maxBefore = -1;
    let cut = -1;
    for (let c = 0; c < r.output.length; c++) {
      const m = r.origin[c]!;
      const b = r.output[c]!;
      // Nothing from the first changed block on is reused, nor a choice that weighed pages with it.
      // (A choice's own block included: it is the block the choice changed.)
      if (m >= d || r.choices.some((c) => c.from <= m && c.to >= d)) break;
      // A page opened by the tail of a paragraph split across the break (a widow fix) is a place too: its head
      // ends the page before, and both halves are taken as they were.
      const tail = b.flow?.split === "tail" && r.output[c - 1]?.flow?.split === "head" && r.origin[c - 1] === m;
      // Not a block a rule moved to the page's top (breakBefore): that rule read the blocks after it.
      const clean = tail ? maxBefore <= m : maxBefore < m && b.flow?.split === undefined && !b.flow?.breakBefore;
      const opens = c > 0 && clean && m === minAfter[c] && b.kind === "paragraph" && b.spaceBefore === 0 && !(r.output[c - 1]!.kind === "paragraph" && (r.output[c - 1] as PresentedParagraph).keep.withNext) && opensPage(r.output, r.layout, c);
      if (opens) cut = c;
      maxBefore = Math.max(maxBefore, m);
    }
    if (cut <= 0 || (best && best.from > cut + 1)) continue;
    const m = r.origin[cut]!;
    const blocks = [...r.output.slice(0, cut + 1), ...doc.blocks.slice(m + 1)];
    r.output.slice(0, cut + 1).forEach((b, i) => origins.set(b, r.origin[i]!));
    const tried = r.output.slice(0, cut + 1).filter((_, i) => r.tried[i]);
    best = { blocks, tried, layout: [...r.layout.slice(0, cut + 1), ...blocks.slice(cut + 1).map(() => ({ lines: [] }))], from: cut + 1 };
  }
  return best;
}

/** Does block i start its page, at the page's top, in `layout`? */
function opensPage(blocks: readonly PresentedBlock[], layout: readonly BlockLayout[], i: number): boolean {
  const b = blocks[i]!;
  if (b.kind !== "paragraph" || b.spaceBefore !== 0) return false;
  const p = firstPage(layout[i]);
  return p !== undefined && (i === 0 || (lastPage(layout[i - 1]) ?? 0) < p) && layout[i]!.lines[0]!.top <= Math.min(...layout.flatMap((l) => l.lines.filter((x) => x.page === p).map((x) => x.top)));
}

/**
 * Lays out `blocks` again from the last page start at or before block `from`: what comes before a block that
 * opens a page cannot change by anything after it, so those pages are taken from `before` (the blocks before
 * `from` are the same objects in both lists) and only the rest is laid out, its pages numbered on.
 */
async function measureFrom(doc: PresentedDocument, blocks: PresentedBlock[], before: readonly BlockLayout[], from: number, measure: Measure, until = Infinity): Promise<readonly BlockLayout[]> {
  // Complete through the page after `until` (the rules at a page's foot look at the next page's head).
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
  // Where the earlier layout stops short (it was itself laid out only so far), a few blocks a page beyond it.
  if (end < 0) {
    const known = before.findIndex((l, i) => i > 0 && l.lines.length === 0);
    const perPage = known > 0 ? known / Math.max(1, (lastPage(before[known - 1]) ?? start) - start + 1) : 0;
    end = known > 0 ? Math.ceil(known + perPage * 2) : -1;
  }
  if (end < 0 || end >= blocks.length) return measure({ ...doc, blocks: [...blocks] }, pages);
  const laid = await measure({ ...doc, blocks: blocks.slice(0, end) }, pages);
  if (laid[laid.length - 1]!.lines.length === 0) return [...laid, ...blocks.slice(end).map(() => ({ lines: [] }))];
  return measure({ ...doc, blocks: [...blocks] }, pages);
}

interface Fix {
  readonly what: string;
  /** The first block the fix changes: pages before the one it is on stay as they are. */
  readonly from: number;
  /** Makes the blocks of the fix, noting in `tried` the blocks it made (no rule is fixed twice on one block). */
  readonly apply: (measure: (blocks: PresentedBlock[]) => Promise<readonly BlockLayout[]>, tried: Set<PresentedBlock>) => Promise<PresentedBlock[]>;
  /** Another way to fix the same rule: both are followed, the better kept (`settle`). */
  readonly alternative?: Fix;
}

/** How many blocks a run of floats moved together may span (`floatFix`). */
const MAX_FLOAT_RUN = 6;

const withFlow = <B extends PresentedBlock>(b: B, flow: Flow): B => derive(b, { ...b, flow: { ...b.flow, ...flow } });
const isFloat = (b: PresentedBlock | undefined): boolean => b?.kind === "figure" || b?.kind === "table";
const isHeading = (b: PresentedBlock | undefined): boolean => b?.kind === "paragraph" && (b.style === "heading1" || b.style === "heading2");
/** The last of the floats in a row from block k (k itself when the next is not one). */
function runEnd(blocks: readonly PresentedBlock[], k: number): number {
  while (isFloat(blocks[k + 1])) k++;
  return k;
}
/** A line of the issuers and the date. */
const isSignature = (b: PresentedBlock | undefined): boolean => b?.kind === "paragraph" && b.style === "signature";
const firstPage = (l: BlockLayout | undefined): number | undefined => l?.lines[0]?.page;
const lastPage = (l: BlockLayout | undefined): number | undefined => l?.lines[l.lines.length - 1]?.page;
const linesOn = (l: BlockLayout | undefined, page: number): number => l?.lines.filter((x) => x.page === page).length ?? 0;

function firstFix(doc: PresentedDocument, blocks: PresentedBlock[], layout: readonly BlockLayout[], tried: Set<PresentedBlock>): Fix | undefined {
  const keep = doc.profile.keep;
  const pitch = doc.profile.linePitch;
  const bottom = doc.profile.page.height - doc.profile.margin.bottom + 0.5;
  /** The lowest line bottom on a page. */
  const ends = pageEnds(layout);
  const pageEnd = (page: number): number => ends.get(page) ?? 0;
  /** Is block i the first thing on its first page? */
  const startsPage = (i: number): boolean => {
    const p = firstPage(layout[i]);
    return p !== undefined && layout.slice(0, i).every((l) => !l.lines.some((x) => x.page === p));
  };
  /**
   * The first block of the keep-with-next chain ending at i that is on the same page. Running text kept with the
   * next block (the text before the issuers and the date) is not moved whole: its last lines go (`signatureFix`).
   */
  const chainStart = (i: number): number => {
    let k = i;
    const chained = (b: PresentedBlock): boolean => b.kind === "paragraph" && b.keep.withNext && b.style !== "body";
    while (k > 0 && chained(blocks[k - 1]!) && lastPage(layout[k - 1]) === firstPage(layout[i])) k--;
    return k;
  };
  /**
   * The block at `i` (with the keep chain before it) to the next page. Where that would leave more than
   * `keep.gapLines` empty at the page's foot and `holds` tells whether the rule is kept, a paragraph on that page is
   * set tighter first (收行, `squeezeFix`), if one can be and that keeps the rule.
   */
  const breakBefore = (i: number, what: string, holds?: (laid: readonly BlockLayout[]) => boolean): Fix | undefined => {
    const k = chainStart(i);
    if (startsPage(k) || tried.has(blocks[k]!)) return undefined;
    const broken: Fix = {
      what,
      from: k,
      apply: async (_measure, t) => {
        const next = [...blocks];
        next[k] = withFlow(next[k]!, { breakBefore: true });
        t.add(next[k]!);
        return next;
      },
    };
    const top = layout[k]?.lines[0]?.top;
    const gap = top === undefined ? 0 : bottom - top;
    const squeeze = holds && gap > keep.gapLines * pitch + 0.5 ? squeezeFix(doc, blocks, layout, k, tried) : undefined;
    if (!squeeze || !holds) return broken;
    return {
      what: `${what}: ${squeeze.what}`,
      from: squeeze.from,
      apply: async (measure, t) => {
        t.add(squeeze.blocks[squeeze.from]!);
        const laid = await measure(squeeze.blocks);
        // Kept only if the paragraph did end a line earlier and the rule holds; else the break after all.
        return laid[squeeze.from]!.lines.length < layout[squeeze.from]!.lines.length && holds(laid) ? squeeze.blocks : broken.apply(measure, t);
      },
      alternative: broken,
    };
  };

  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    const l = layout[i];
    if (!l || l.lines.length === 0) continue;
    const first = firstPage(l)!;
    const last = lastPage(l)!;
    const next = layout[i + 1];
    const label = describe(b);

    // Floats: it starts a page although the page before has room left, right after its reference.
    if (isFloat(b) && i > 0 && !tried.has(b)) {
      const prevPage = lastPage(layout[i - 1]);
      if (prevPage !== undefined && first > prevPage) {
        const room = bottom - pageEnd(prevPage);
        if (room > pitch + 0.5) return floatFix(doc, blocks, i, prevPage, room, l, tried);
      }
    }

    if (b.kind === "paragraph") {
      // The issuers and the date never stand alone on a page.
      const before = blocks[i - 1];
      if (isSignature(b) && before && !isSignature(before) && startsPage(i) && !signed.has(b)) {
        const fix = signatureFix(doc, blocks, layout, i, tried, breakBefore(i - 1, `signature: ${describe(before)} goes to page ${first} with the issuers and the date`));
        if (fix) return fix;
      }
      // A heading right before a float that does not fit under it, and text after the float: the float goes to
      // the next page and that text comes up under the heading (rather than the heading going over with the float).
      const after = blocks[i + 1];
      const text = blocks[runEnd(blocks, i + 1) + 1];
      const fills = text?.kind === "paragraph" && text.style === "body";
      if (isHeading(b) && isFloat(after) && fills && !tried.has(after!) && next && next.lines.length > 0 && firstPage(next)! > last) {
        const room = bottom - pageEnd(last);
        if (room > (keep.headingLines + 1) * pitch) return floatFix(doc, blocks, i + 1, last, room, next, tried);
      }
      // Keep with next (and a heading with `headingLines` of its text). The text before the issuers and the date:
      // by the rule for them, below.
      const signs = b.style === "body" && isSignature(blocks[i + 1]);
      if (b.keep.withNext && !signs && next && next.lines.length > 0) {
        const nextFirst = firstPage(next)!;
        const need = isHeading(b) ? Math.min(keep.headingLines, next.lines.length) : 1;
        if (nextFirst > last || linesOn(next, last) < need) {
          const fix = breakBefore(i, `keep ${label} with the next block`, (laid) => {
            const end = lastPage(laid[i]);
            return firstPage(laid[i + 1]) === end && linesOn(laid[i + 1], end!) >= need;
          });
          if (fix) return fix;
        }
      }
      // Orphans and widows of running text.
      if (b.style === "body" && first !== last && l.lines.length >= 2) {
        const head = linesOn(l, first);
        const tail = linesOn(l, last);
        if (head < Math.min(keep.orphanLines, l.lines.length)) {
          const fix = breakBefore(i, `orphan: ${label} leaves ${head} line at the foot of page ${first}`, (laid) => {
            const on = linesOn(laid[i], firstPage(laid[i])!);
            return on === laid[i]!.lines.length || on >= keep.orphanLines;
          });
          if (fix) return fix;
        } else if (tail < keep.widowLines && !tried.has(b)) {
          const carry = l.lines.length - keep.widowLines;
          if (carry >= keep.orphanLines) {
            const parts = splitAt(b, l, carry);
            if (parts) {
              return {
                what: `widow: ${label} leaves ${tail} line at the head of page ${last}; ${keep.widowLines} lines carried over`,
                from: i,
                apply: async (_measure, t) => {
                  const [h, tail] = parts;
                  const tailBlock = withFlow(tail, { breakBefore: true });
                  t.add(h).add(tailBlock);
                  return [...blocks.slice(0, i), h, tailBlock, ...blocks.slice(i + 1)];
                },
              };
            }
          }
          const fix = breakBefore(i, `widow: ${label} leaves ${tail} line at the head of page ${last}`, (laid) => {
            const l2 = laid[i]!;
            return firstPage(l2) === lastPage(l2) || linesOn(l2, lastPage(l2)!) >= keep.widowLines;
          });
          if (fix) return fix;
        }
      }
    }

    // A table: caption, unit, header and the first row together; a table that fits one page is not split.
    if (b.kind === "table" && first !== last && !tried.has(b)) {
      // The measure notes a table's caption and unit line, and each row as one line.
      const headLines = 1 + (b.unit ? 1 : 0) + b.headerRows + b.keepHeadWithRows;
      // Its height on one page: its parts on the two pages it spans (the header repeated on the second is not a
      // line of its own, so not counted twice).
      const part = (page: number) => {
        const on = l.lines.filter((x) => x.page === page);
        return Math.max(...on.map((x) => x.top + x.height)) - Math.min(...on.map((x) => x.top));
      };
      const fitsPage = linesOn(l, last) + linesOn(l, first) === l.lines.length && part(first) + part(last) < doc.profile.typeArea.height;
      // One that fits a page floats to the next page's top, the text after it filling this one (as figures do).
      // (Not away from the heading it follows: the two go to the next page together, or the table is split under it.)
      // Where nothing of its section comes after it to fill this page (a heading, or the end), it is split where it
      // stands instead, its head with its first rows: floated, it would leave the page short by the lines it takes here.
      const after = blocks[runEnd(blocks, i) + 1];
      const fills = after?.kind === "paragraph" && after.style === "body";
      const splitHere = !fills && linesOn(l, first) >= headLines && bottom - pageEnd(first) <= keep.gapLines * pitch + 0.5;
      if (fitsPage && fills && i > 0 && !startsPage(i) && !isHeading(blocks[i - 1])) return floatFix(doc, blocks, i, first, 0, l, tried);
      if (!splitHere && (linesOn(l, first) < headLines || fitsPage)) {
        const fix = breakBefore(i, `table ${b.number}: ${fitsPage ? "fits one page, not split" : "caption and header kept with the first row"}`);
        if (fix) return fix;
      }
    }
  }
  return undefined;
}

/** The fewest characters the line 放行 adds may hold (no character alone on a line). */
const LOOSEN_TAIL = 2;
/** How many paragraphs 放行 tries on one page before it gives up. */
const LOOSEN_TRIES = 3;

/**
 * 放行, after the rules are settled: a page (not the last) that still ends more than `keep.gapLines` short before
 * a page a rule starts (its first block has `breakBefore`, so no later page can move) gets one line more from a
 * running-text paragraph on it or on the page before, set looser by the least space per character that may push
 * its text onto one more line (at most `keep.loosenMax` of its size; the paragraph needing the least first). Kept
 * only if that paragraph did take one line more, the page's next block still starts the next page, and no rule is
 * broken that was not before.
 */
async function loosen(doc: PresentedDocument, state: State, measure: Measure): Promise<State> {
  const keep = doc.profile.keep;
  const pitch = doc.profile.linePitch;
  const bottom = doc.profile.page.height - doc.profile.margin.bottom;
  let s = state;
  // Settled, no rule is broken — unless one could not be fixed: a loosened paragraph must not break another
  // (read only when a paragraph is tried: most paginations set none looser).
  let before: { what?: string } | undefined;
  const brokenBefore = (): string | undefined => (before ??= { what: firstFix(doc, state.blocks, state.layout, state.tried)?.what }).what;
  const last = Math.max(0, ...pageEnds(s.layout).keys());
  const short = (page: number): number => bottom - (pageEnds(s.layout).get(page) ?? bottom);
  for (let page = 1; page < last; page++) {
    // The next page starts with a block a rule put there, or a float that did not fit here (nor will with less room).
    const k = s.layout.findIndex((l) => firstPage(l) === page + 1);
    if (k <= 0 || !(s.blocks[k]!.flow?.breakBefore || isFloat(s.blocks[k]))) continue;
    // More than gapLines lines empty (a page of text ends within half a point of the type area's foot; one ending
    // in a table's rows, which are not on the grid, a fraction of a line short).
    while (short(page) > (keep.gapLines + 0.1) * pitch) {
      const gap = short(page);
      const candidates: { j: number; loosen: number }[] = [];
      for (let j = k - 1; j >= 0 && (lastPage(s.layout[j]) ?? 0) >= page - 1; j--) {
        const b = s.blocks[j]!;
        const lines = s.layout[j]!.lines;
        // Before a page a rule started (or a float opened), a line more would not reach this page.
        if (b.flow?.breakBefore || (isFloat(b) && firstPage(s.layout[j]) !== lastPage(s.layout[j - 1]))) break;
        if (b.kind !== "paragraph" || b.style !== "body" || b.flow || s.tried.has(b) || lines.length < 2 || (firstPage(s.layout[j]) ?? 0) < page - 1) continue;
        // Every line then holds about a character fewer (justified, it looks as full): enough to overflow the last.
        const chars = lines.reduce((n, x) => n + Array.from(x.text ?? "").length, 0);
        const need = doc.profile.grid.chars - Array.from(lines[lines.length - 1]!.text ?? "").length + LOOSEN_TAIL;
        const loosen = Number(((1.15 * need * doc.profile.charPitch) / chars + 0.01).toFixed(3));
        if (loosen <= keep.loosenMax * b.size) candidates.push({ j, loosen });
      }
      candidates.sort((a, b) => a.loosen - b.loosen || b.j - a.j);
      let done: State | undefined;
      for (const { j, loosen } of candidates.slice(0, LOOSEN_TRIES)) {
        const blocks = [...s.blocks];
        blocks[j] = withFlow(blocks[j]!, { loosen });
        const laid = await measureFrom(doc, blocks, s.layout, j, measure, page);
        const lines = laid[j]!.lines;
        // The pages from the next one on are as they were: it starts with a page break.
        const layout = [...laid.slice(0, k), ...s.layout.slice(k)];
        const ends = pageEnds(layout);
        const ok =
          lines.length === s.layout[j]!.lines.length + 1 &&
          bottom - (ends.get(page) ?? bottom) < gap - pitch / 2 &&
          Array.from(lines[lines.length - 1]!.text ?? "").length >= LOOSEN_TAIL &&
          firstPage(laid[k]) === page + 1 &&
          firstFix(doc, blocks, layout, s.tried)?.what === brokenBefore();
        if (!ok) continue;
        const what = `放行: page ${page} ended ${(gap / pitch).toFixed(1)} lines short: ${describe(s.blocks[j]!)} set ${loosen} pt a character looser to take one line more`;
        // Like a choice, it read the pages up to the next one (whose break a rule made for what follows it).
        const to = Math.max(...blocks.map((x, i) => ((firstPage(layout[i]) ?? Infinity) <= page + 1 ? (origins.get(x) ?? Infinity) : -1)));
        done = { ...s, blocks, layout, fixes: [...s.fixes, what], passes: s.passes + 1, choices: [...s.choices, { from: origins.get(s.blocks[j]!) ?? 0, to }] };
        break;
      }
      if (!done) break;
      s = done;
    }
  }
  return s;
}

/**
 * 收行: a running-text paragraph that ends on the page of block `k`, before it, its last line holding at most
 * `keep.squeezeChars` characters, set tighter so that those characters fit on its other lines — by the least space
 * per character that may do it (a little more than their width spread over the paragraph's other characters),
 * at most `keep.squeezeMax` of its size. The paragraph that needs the least is chosen.
 */
function squeezeFix(doc: PresentedDocument, blocks: readonly PresentedBlock[], layout: readonly BlockLayout[], k: number, tried: Set<PresentedBlock>): { what: string; from: number; blocks: PresentedBlock[] } | undefined {
  const page = firstPage(layout[k]);
  const keep = doc.profile.keep;
  let best: { j: number; squeeze: number } | undefined;
  for (let j = k - 1; j >= 0 && lastPage(layout[j]) === page; j--) {
    const b = blocks[j]!;
    const lines = layout[j]!.lines;
    if (b.kind !== "paragraph" || b.style !== "body" || b.flow?.squeeze || tried.has(b) || lines.length < 3) continue;
    const chars = (x: LaidLine) => Array.from(x.text ?? "").length;
    const last = chars(lines[lines.length - 1]!);
    const rest = lines.slice(0, -1).reduce((n, x) => n + chars(x), 0);
    if (last === 0 || last > keep.squeezeChars || rest === 0) continue;
    const squeeze = Number(((1.15 * last * doc.profile.charPitch) / rest + 0.01).toFixed(3));
    if (squeeze <= keep.squeezeMax * b.size && (!best || squeeze < best.squeeze)) best = { j, squeeze };
  }
  if (!best) return undefined;
  const squeezed = withFlow(blocks[best.j]!, { squeeze: best.squeeze });
  return { what: `${describe(blocks[best.j]!)} set ${best.squeeze} pt a character tighter to end a line earlier`, from: best.j, blocks: [...blocks.slice(0, best.j), squeezed, ...blocks.slice(best.j + 1)] };
}

/**
 * The issuers and the date (block `i` on) start a page, the text they sign ending on the page before: GB/T 9704
 * §7.3.5 has the spacing adjusted rather than leave them alone. First without the line of space above them (if
 * they then fit under the text); else the last `keep.widowLines` lines of the paragraph before carried over
 * (split as a widow is); else `whole`, that paragraph moved with them (a break before it).
 */
/** Signature blocks a `signatureFix` made or gave up on: it is not tried on them again. */
const signed = new WeakSet<PresentedBlock>();

function signatureFix(doc: PresentedDocument, blocks: PresentedBlock[], layout: readonly BlockLayout[], i: number, tried: Set<PresentedBlock>, whole: Fix | undefined): Fix | undefined {
  const keep = doc.profile.keep;
  const b = blocks[i] as PresentedParagraph;
  const page = firstPage(layout[i])!;
  let end = i;
  while (isSignature(blocks[end + 1])) end++;
  const unbroken = (extra: Partial<PresentedParagraph> = {}): PresentedParagraph => {
    const { breakBefore: _b, ...flow } = b.flow ?? {};
    return derive(b, { ...b, ...extra, flow });
  };
  const prev = blocks[i - 1]!;
  const lines = layout[i - 1]!.lines.length - keep.widowLines;
  const parts = prev.kind === "paragraph" && prev.style === "body" && !tried.has(prev) && lines >= keep.orphanLines ? splitAt(prev, layout[i - 1]!, lines) : undefined;
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
          signed.add(tight[i]!);
          return tight;
        }
      }
      if (parts) {
        // The head ends its page; the tail, on the next with them, is what keeps with them.
        const h = derive(parts[0], { ...parts[0], keep: { ...parts[0].keep, withNext: false } });
        const tailBlock = withFlow(parts[1], { breakBefore: true });
        const sig = unbroken();
        t.add(h).add(tailBlock);
        signed.add(sig);
        return [...blocks.slice(0, i - 1), h, tailBlock, sig, ...blocks.slice(i + 1)];
      }
      signed.add(b);
      return whole ? whole.apply(measure, t) : blocks;
    },
  };
}

/** A figure or table that left `room` on page `page`: shrink it to stay, or float it to the next page's top. */
function floatFix(doc: PresentedDocument, blocks: PresentedBlock[], i: number, page: number, room: number, l: BlockLayout, tried: Set<PresentedBlock>): Fix {
  const b = blocks[i]!;
  const keep = doc.profile.keep;
  const label = describe(b);
  const height = l.lines[l.lines.length - 1]!.top + l.lines[l.lines.length - 1]!.height - l.lines[0]!.top + b.spaceBefore + b.spaceAfter;
  if (b.kind === "figure") {
    const scale = 1 - (height - room + 1) / b.height;
    if (scale >= 1 - keep.floatShrink && scale < 1) {
      return {
        what: `${label}: shrunk to ${(scale * 100).toFixed(1)}% to stay on page ${page}`,
        from: i,
        apply: async (_measure, t) => {
          const shrunk = withFlow(derive(b, { ...b, width: b.width * scale, height: b.height * scale }), { scale: Number(((b.flow?.scale ?? 1) * scale).toFixed(4)) });
          t.add(shrunk);
          return [...blocks.slice(0, i), shrunk, ...blocks.slice(i + 1)];
        },
      };
    }
  }
  // The floats that follow it directly go with it, in order: the text to fill the page is the text after them.
  const e = runEnd(blocks, i);
  return {
    what: `${e > i ? `${label}–${describe(blocks[e]!)}` : label}: floated to the top of page ${page + 1}, text after ${e > i ? "them" : "it"} fills page ${page}`,
    from: i,
    apply: async (measure, t) => {
      let end = e;
      let without: PresentedBlock[];
      let laid: readonly BlockLayout[];
      let j: number;
      for (;;) {
        without = [...blocks.slice(0, i), ...blocks.slice(i, end + 1).filter((x) => !isFloat(x)), ...blocks.slice(end + 1)];
        laid = await measure(without);
        // The first block, from the float's place on, that reaches the next page — or that they may not pass:
        // another float (figures and tables keep their order) or a heading (a float stays in its section).
        j = i;
        while (j < without.length && (lastPage(laid[j]) ?? 0) <= page && !isFloat(without[j]) && !isHeading(without[j])) j++;
        // The text after them ran out before the page did, into another float that starts the next page too: it
        // goes with them (in order), and the text after it fills the page.
        const next = without[j];
        if (!isFloat(next) || (firstPage(laid[j]) ?? 0) <= page || end - i >= MAX_FLOAT_RUN) break;
        end = runEnd(blocks, blocks.indexOf(next!));
      }
      // A table would be split where it stands (figures are unbreakable): it starts the next page.
      const moved = blocks.slice(i, end + 1).filter(isFloat).map((f, k) => withFlow(f, { movedFrom: f.flow?.movedFrom ?? blocks.indexOf(f) - 1, ...(k === 0 && f.kind === "table" ? { breakBefore: true as const } : {}) }));
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
      const parts = head >= keep.orphanLines ? splitAt(target, tl, head) : undefined;
      if (!parts) return at(j);
      return [...without.slice(0, j), parts[0], ...moved, parts[1], ...without.slice(j + 1)];
    },
  };
}

/** A paragraph split after its first `lines` lines, as laid out: the head justified to its end, the tail unindented. */
function splitAt(p: PresentedParagraph, l: BlockLayout, lines: number): [PresentedParagraph, PresentedParagraph] | undefined {
  const text = p.runs.map((r) => r.text).join("");
  const prefix = l.lines.slice(0, lines).map((x) => x.text ?? "").join("");
  if (!prefix || !text.startsWith(prefix) || prefix.length >= text.length) return undefined;
  const [a, b] = splitRuns(p.runs, prefix.length);
  const { outline: _outline, ...rest } = p;
  return [derive(p, { ...p, runs: a, spaceAfter: 0, flow: { ...p.flow, split: "head" } }), derive(p, { ...rest, runs: b, spaceBefore: 0, firstLineIndent: 0, flow: { split: "tail" } })];
}

function splitRuns(runs: readonly PresentedRun[], at: number): [PresentedRun[], PresentedRun[]] {
  const a: PresentedRun[] = [];
  const b: PresentedRun[] = [];
  let pos = 0;
  for (const r of runs) {
    const end = pos + r.text.length;
    if (end <= at) a.push(r);
    else if (pos >= at) b.push(r);
    else {
      a.push({ ...r, text: r.text.slice(0, at - pos) });
      b.push({ ...r, text: r.text.slice(at - pos) });
    }
    pos = end;
  }
  return [a, b];
}

function describe(b: PresentedBlock): string {
  if (b.kind === "figure") return `图${b.number}`;
  if (b.kind === "table") return `表${b.number}`;
  const text = b.runs.map((r) => r.text).join("");
  return `${b.style} “${text.slice(0, 12)}…”`;
}
