/** Pagination under way: what the driver (driver.ts) and 放行 (rules/loosen.ts) pass along. */
import type { PresentedBlock, PresentedDocument } from "../types.js";
import type { Run } from "./run.js";
import type { BlockLayout, Fix, Measure, RuleName } from "./types.js";

/**
 * A choice between two fixes made (`settle`) or a paragraph set looser (`loosen`), as input blocks: it weighed
 * the pages up to the one that ends with block `to`, so the pages before it depend on what comes after it, up
 * to `to` — a pagination resumed at or after `from` must not have changed anything up to `to`.
 */
export interface Choice {
  readonly from: number;
  readonly to: number;
}

/** The blocks, their layout, the blocks a fix was tried on, what was done. */
export interface State {
  readonly blocks: PresentedBlock[];
  readonly layout: readonly BlockLayout[];
  readonly tried: Set<PresentedBlock>;
  readonly fixes: readonly string[];
  readonly passes: number;
  readonly choices: readonly Choice[];
  /** The layout reaches the document's end (else it stops some pages on: driver.ts, windowed). */
  readonly whole?: boolean;
  /**
   * No rule is broken at the blocks before this one in this layout (driver.ts `unchangedBefore`): the first broken
   * rule is looked for from here, so that a pass costs the pages a fix changed, not the document.
   */
  readonly clean?: number;
}

/** One call of `paginate`: the document, its measure, its own state (`run`), the rules left out. */
export interface Pagination {
  readonly doc: PresentedDocument;
  readonly run: Run;
  readonly measure: Measure;
  readonly without: ReadonlySet<RuleName>;
  /** The first broken rule of these blocks as laid out, and its fix — from block `from` on (0 by default). */
  firstFix(blocks: PresentedBlock[], layout: readonly BlockLayout[], tried: Set<PresentedBlock>, from?: number): Fix | undefined;
}
