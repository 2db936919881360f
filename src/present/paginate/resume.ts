/**
 * Resuming from an earlier result: a process that paginates an edited document again (the preview, after a
 * template or figure changes) starts from its last result for the same settings and measure — the pages
 * before the first changed block are taken as they were and only the rest is paginated: the same result as
 * from scratch (test/paginate-resume.test.ts), a fraction of the layouts.
 *
 * The one state that outlives a call of `paginate`: the last few results, kept per measure (a WeakMap on the
 * measure function: one per font profile and process, src/render/pdf/measure.ts) and per settings. Everything
 * else a pagination keeps lives in its own `Run`.
 */
import type { PresentedBlock, PresentedDocument, PresentedParagraph } from "../types.js";
import { opensPage } from "./layout.js";
import type { Run } from "./run.js";
import type { Choice } from "./state.js";
import type { BlockLayout, Measure } from "./types.js";

/**
 * A pagination's input blocks, compared with an earlier one's block by block: the same object, or the same JSON —
 * each block's JSON made when first compared and kept. A build paginates each document once and compares nothing
 * (the bulletin ×16: ~2.7 MB of JSON, ~12 ms, no longer made); the preview compares up to the first changed block.
 */
export class InputBlocks {
  private readonly json: (string | undefined)[];
  constructor(private readonly blocks: readonly PresentedBlock[]) {
    this.json = new Array<string | undefined>(blocks.length);
  }
  get length(): number {
    return this.blocks.length;
  }
  /** Whether block `i` is the same as block `i` of `other`. */
  same(i: number, other: InputBlocks): boolean {
    return this.blocks[i] === other.blocks[i] || this.key(i) === other.key(i);
  }
  private key(i: number): string {
    return (this.json[i] ??= JSON.stringify(this.blocks[i]));
  }
}

/** A finished pagination. */
export interface Result {
  /** The input blocks: what decides whether a block is the same as before. */
  readonly input: InputBlocks;
  readonly output: readonly PresentedBlock[];
  readonly origin: readonly number[];
  /** Which output blocks a fix was tried on (no rule is fixed twice on one block). */
  readonly tried: readonly boolean[];
  /** Which output blocks the signature rule is done with. */
  readonly signed: readonly boolean[];
  readonly layout: readonly BlockLayout[];
  readonly choices: readonly Choice[];
}

/** Where pagination starts from an earlier result. */
export interface Start {
  readonly blocks: PresentedBlock[];
  readonly tried: readonly PresentedBlock[];
  readonly layout: readonly BlockLayout[];
  /** The first block to lay out again. */
  readonly from: number;
  /** The input is the same as that result's. */
  readonly same?: true;
}

/** The last few results per measure and settings. */
const results = new WeakMap<Measure, Map<string, Result[]>>();
const KEEP_RESULTS = 12;

/** The results kept for this measure and these settings (most recent first), to read and to add to. */
export function recentResults(measure: Measure, settings: string): Result[] {
  let bySettings = results.get(measure);
  if (!bySettings) results.set(measure, (bySettings = new Map()));
  const recent = bySettings.get(settings) ?? [];
  bySettings.set(settings, recent);
  return recent;
}

export function remember(recent: Result[], result: Result): void {
  recent.unshift(result);
  recent.splice(KEEP_RESULTS);
}

/**
 * Where pagination of `doc` can start from an earlier result: the last page start of that result such that
 * everything before it came from input blocks that are still the same, in the same order, and nothing after it
 * came from them — the block that opens the page included (a plain paragraph, or the tail of one split across
 * that page break, whose two halves are then taken as they were; its previous block not kept with it). The
 * pages before it cannot change: a block's place depends only on what comes before it, and no rule for those
 * pages looks past that page start. `same`: the input is unchanged. The blocks taken get their origin (and the
 * signature rule's mark) in `run`.
 */
export function resume(doc: PresentedDocument, run: Run, input: InputBlocks, recent: readonly Result[]): Start | undefined {
  let best: { start: Start; r: Result; cut: number } | undefined;
  for (const r of recent) {
    let d = 0;
    while (d < input.length && d < r.input.length && input.same(d, r.input)) d++;
    if (d === input.length && d === r.input.length) {
      adopt(run, r, r.output.length);
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
    if (cut <= 0 || (best && best.start.from > cut + 1)) continue;
    const m = r.origin[cut]!;
    const blocks = [...r.output.slice(0, cut + 1), ...doc.blocks.slice(m + 1)];
    const tried = r.output.slice(0, cut + 1).filter((_, i) => r.tried[i]);
    best = { r, cut, start: { blocks, tried, layout: [...r.layout.slice(0, cut + 1), ...blocks.slice(cut + 1).map(() => ({ lines: [] }))], from: cut + 1 } };
  }
  if (best) adopt(run, best.r, best.cut + 1);
  return best?.start;
}

/** The first `n` output blocks of `r`, taken into `run`: their origins and marks. */
function adopt(run: Run, r: Result, n: number): void {
  r.output.slice(0, n).forEach((b, i) => {
    run.setOrigin(b, r.origin[i]!);
    if (r.signed[i]) run.signed.add(b);
  });
}
