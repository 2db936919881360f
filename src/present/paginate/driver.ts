/**
 * The driver: lays the document out, finds the first broken rule (rules/), fixes it and lays out again from the
 * page the fix can change; pages before the fix do not change, so the passes walk forward through the document.
 * Where a fix has an alternative (收行 or the break) both are followed a few pages and the fuller kept (`settle`);
 * once the rules hold, 放行 (rules/loosen.ts). At most `maxPasses` fixes: where that is not enough, it says so.
 *
 * Cost linear in the document's length: the rules are asked only about what is laid out, and the document is
 * laid out only `LOOK_AHEAD` pages past the page of the last fix (or past what is laid out, when no rule is
 * broken there) — never from a fix to the end. A fix changes nothing before its page, and a block's place depends
 * only on what comes before it, so the first broken rule found in the pages laid out is the first in the whole.
 */
import type { PresentedBlock, PresentedDocument } from "../types.js";
import { emptiness, firstPage, lastPage } from "./layout.js";
import { measureFrom } from "./measure-from.js";
import { InputBlocks, recentResults, remember, resume } from "./resume.js";
import { firstFix, ruleContext } from "./rules/index.js";
import { loosen } from "./rules/loosen.js";
import { Run } from "./run.js";
import type { Pagination, State } from "./state.js";
import type { BlockLayout, Fix, Measure, RuleName } from "./types.js";

export interface PaginateOptions {
  /** Rules left out (tests: each rule is shown to be needed by a case that breaks without it). */
  readonly without?: readonly RuleName[];
  /** The most fixes tried (default `passLimit(doc)`). */
  readonly maxPasses?: number;
}

/** The fewest fixes tried before pagination gives up; a longer document gets one a block (`passLimit`). */
export const MAX_PASSES = 60;

/**
 * How many fixes pagination of `doc` tries at most: each fix is on a block no rule fixed before, so one a block
 * is more than a document needs (the bulletin: 8 fixes for 65 blocks) and stops only fixes that do not converge.
 */
export const passLimit = (doc: PresentedDocument): number => Math.max(MAX_PASSES, doc.blocks.length);

/** How many pages past the page of a fix are laid out before the rules are asked again. */
const LOOK_AHEAD = 3;

/** How deep choices between two fixes (收行 or a break) are followed; deeper, the plain break is taken. */
const MAX_CHOICES = 3;
/** How many pages after its own a choice weighs: a line saved or lost on one page shows within a few. */
const CHOICE_PAGES = 3;

/**
 * Paginates `doc`: floats and keeps decided from `measure`'s layout and recorded on the blocks (`flow`). Each
 * fix, choice and 放行 is written to `log`, and so is a warning where the pass limit is hit with a rule still
 * broken (without `log`, the warning goes to stderr: a build shows it).
 */
export async function paginate(doc: PresentedDocument, measure: Measure, log?: (fix: string) => void, options: PaginateOptions = {}): Promise<PresentedDocument> {
  const without = new Set(options.without ?? []);
  const maxPasses = options.maxPasses ?? passLimit(doc);
  const run = new Run(doc);
  const p: Pagination = { doc, run, measure, without, firstFix: (blocks, layout, tried, from) => firstFix(ruleContext(doc, run, blocks, layout, tried, without, from), without, from) };
  const input = new InputBlocks(doc.blocks);
  // (The options as given: the pass limit of a document that grows by a block is the same setting.)
  const recent = recentResults(measure, JSON.stringify([doc.profile, doc.pageNumber, [...without].sort(), options.maxPasses ?? null]));

  const start = resume(doc, run, input, recent);
  if (start?.same) return { ...doc, blocks: start.blocks };
  const blocks: PresentedBlock[] = start ? start.blocks : [...doc.blocks];
  const ahead = (lastPage(start?.layout[start.from - 1]) ?? 1) + LOOK_AHEAD;
  const layout = start ? await measureFrom(doc, blocks, start.layout, start.from, measure, ahead) : await measure({ ...doc, blocks }, ahead + 1);
  let settled = await settle(p, { blocks, layout, tried: new Set(start?.tried), fixes: [], passes: 0, choices: [] }, maxPasses, 0);
  // Stopped at the pass limit, it may not have laid out the rest: 放行 and a later resume read the whole.
  if (!settled.whole) settled = await layOutMore(p, settled, true);
  const left = settled.passes >= maxPasses ? p.firstFix(settled.blocks, settled.layout, settled.tried) : undefined;
  const done = without.has("loosen") ? settled : await loosen(p, settled);
  for (const f of done.fixes) log?.(f);
  if (left) {
    const warning = `warning: pagination of ${doc.meta.region.code} ${doc.meta.report} stopped at the pass limit (${maxPasses} fixes) with a rule still broken — ${left.what}; the last fix tried: ${settled.fixes.at(-1) ?? "none"}`;
    if (log) log(warning);
    else console.error(warning);
  }
  const tried = done.tried;
  remember(recent, {
    input,
    output: done.blocks,
    origin: done.blocks.map((b) => run.origin(b) ?? -1),
    tried: done.blocks.map((b) => tried.has(b)),
    signed: done.blocks.map((b) => run.signed.has(b)),
    layout: done.layout,
    choices: done.choices,
  });
  return { ...doc, blocks: done.blocks };
}

/**
 * Fixes the first broken rule and lays out again, until none is broken (or, with `until`, none on a page up
 * to it). Where a fix has an alternative (收行, else a break), both are followed up to `CHOICE_PAGES` pages on
 * and the one whose pages are fuller there is kept (`emptiness`; the alternative when equal): setting a paragraph
 * tighter to save a line here can leave a bigger hole further on.
 */
async function settle(p: Pagination, state: State, maxPasses: number, choices: number, until = Infinity): Promise<State> {
  const { doc, run } = p;
  let s = state;
  // At the top (`until` unbounded) the layout is read in windows: laid out LOOK_AHEAD pages past each fix.
  const windowed = until === Infinity;
  while (s.passes < maxPasses) {
    const fix = p.firstFix(s.blocks, s.layout, s.tried, s.clean);
    if (!fix && windowed && !s.whole) {
      // The blocks at the window's foot are judged again with the pages after them.
      s = { ...(await layOutMore(p, s)), clean: unchangedBefore(s.layout, lastLaidPage(s.layout)) };
      continue;
    }
    if (!fix || (firstPage(s.layout[fix.from]) ?? 0) > until) break;
    const reach = windowed ? (firstPage(s.layout[fix.from]) ?? 1) + LOOK_AHEAD : until;
    if (fix.alternative && choices < MAX_CHOICES) {
      const from = Math.min(fix.from, fix.alternative.from);
      // From the page where the rule is broken (the break's), through CHOICE_PAGES more.
      const horizon = Math.max(firstPage(s.layout[fix.from]) ?? 1, firstPage(s.layout[fix.alternative.from]) ?? 1) + CHOICE_PAGES;
      // One after the other: a measure is one layout at a time.
      // Each laid out only as far as the pages weighed (the page after the horizon, for the rules at its foot).
      const until2 = Math.min(horizon, until);
      const a = await settle(p, await step(p, { ...s, tried: new Set(s.tried) }, fix, until2), maxPasses, choices + 1, until2);
      const b = await settle(p, await step(p, { ...s, tried: new Set(s.tried) }, fix.alternative, until2), maxPasses, choices + 1, until2);
      const [ea, eb] = [emptiness(doc, a.layout, horizon), emptiness(doc, b.layout, horizon)];
      const kept = ea < eb ? a : b;
      // The last input block on the pages weighed (and the page after, whose head the rules at their foot read).
      const to = Math.max(...kept.blocks.map((x, i) => ((firstPage(kept.layout[i]) ?? Infinity) <= horizon + 1 ? (run.origin(x) ?? Infinity) : -1)));
      const choice = { from: run.origin(s.blocks[from]!) ?? 0, to };
      // The kept way's pages beyond the horizon were not laid out: they are now (as far as this settle goes).
      const layout = await measureFrom(doc, kept.blocks, kept.layout, from, p.measure, windowed ? horizon + LOOK_AHEAD : until);
      s = { ...kept, layout, whole: false, clean: Math.min(kept.clean ?? 0, unchangedBefore(kept.layout, horizon)), choices: [...kept.choices, choice], fixes: [...s.fixes, `choice: ${fix.what} — emptiness ${ea.toFixed(1)} against ${eb.toFixed(1)} for “${fix.alternative.what}” up to page ${horizon}: ${ea < eb ? "set tighter" : "the break"} kept`, ...kept.fixes.slice(s.fixes.length)] };
      continue;
    }
    s = await step(p, s, fix.alternative ?? fix, reach);
  }
  return s;
}

/**
 * The layout of `s` carried LOOK_AHEAD pages further, from the last page it has whole; where that lays out no
 * block more (a block longer than that, or one with no lines), or with `all`, to the end.
 */
async function layOutMore(p: Pagination, s: State, all = false): Promise<State> {
  const empty = (layout: readonly BlockLayout[]) => {
    const k = layout.findIndex((l) => l.lines.length === 0);
    return k < 0 ? layout.length : k;
  };
  const k = empty(s.layout);
  if (k === s.layout.length) return { ...s, whole: true };
  if (all) return { ...s, layout: await measureFrom(p.doc, s.blocks, s.layout, k, p.measure), whole: true };
  const through = Math.max(1, ...s.layout.slice(0, k).map((l) => lastPage(l) ?? 1));
  const layout = await measureFrom(p.doc, s.blocks, s.layout, k, p.measure, through + LOOK_AHEAD);
  if (empty(layout) > k) return { ...s, layout };
  return { ...s, layout: await measureFrom(p.doc, s.blocks, s.layout, k, p.measure), whole: true };
}

/**
 * The first block a rule may judge differently once the pages from `page` on change: a rule at a block reads its
 * own page and the next one's head, so a block that ends two pages before is judged as it was (no rule broken:
 * the first broken one was at or after the fix).
 */
function unchangedBefore(layout: readonly BlockLayout[], page: number): number {
  // Back from the first block not laid out, past two pages more than asked (a float is put off a page at most).
  let i = layout.findIndex((l) => l.lines.length === 0);
  if (i < 0) i = layout.length;
  while (i > 0 && (lastPage(layout[i - 1]) ?? Infinity) >= page - 4) i--;
  while (i < layout.length && layout[i]!.lines.length > 0 && lastPage(layout[i])! < page - 2) i++;
  return i;
}

/** The last page a windowed layout has lines on (its blocks not laid out are at its end; a float may be a page on). */
function lastLaidPage(layout: readonly BlockLayout[]): number {
  let i = layout.length;
  while (i > 0 && layout[i - 1]!.lines.length === 0) i--;
  let last = 1;
  for (let k = i - 1; k >= 0 && (lastPage(layout[k]) ?? 0) >= last - 2; k--) last = Math.max(last, lastPage(layout[k]) ?? 0);
  return last;
}

async function step(p: Pagination, s: State, fix: Fix, until = Infinity): Promise<State> {
  // A fix that laid its blocks out to decide (收行) has them laid out already.
  const laid = new Map<PresentedBlock[], Promise<readonly BlockLayout[]>>();
  const partial = (b: PresentedBlock[]) => {
    let l = laid.get(b);
    if (!l) laid.set(b, (l = measureFrom(p.doc, b, s.layout, fix.from, p.measure, until)));
    return l;
  };
  const blocks = await fix.apply(partial, s.tried);
  const clean = Math.min(fix.from, unchangedBefore(s.layout, firstPage(s.layout[fix.from]) ?? 1));
  return { ...s, blocks, layout: await partial(blocks), whole: until === Infinity, fixes: [...s.fixes, fix.what], passes: s.passes + 1, clean };
}
