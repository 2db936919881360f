/**
 * The contract of pagination (src/present/paginate/): what a measure reports, what a rule returns, and the
 * context a rule reads. A measure is injected (today the PDF typesetter's, src/render/pdf/measure.ts); nothing
 * here knows a renderer.
 */
import type { PresentedBlock, PresentedDocument } from "../types.js";
import type { Run } from "./run.js";

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

/** A change of the blocks that makes one broken rule hold. */
export interface Fix {
  readonly what: string;
  /** The first block the fix changes: pages before the one it is on stay as they are. */
  readonly from: number;
  /** Makes the blocks of the fix, noting in `tried` the blocks it made (no rule is fixed twice on one block). */
  readonly apply: (measure: (blocks: PresentedBlock[]) => Promise<readonly BlockLayout[]>, tried: Set<PresentedBlock>) => Promise<PresentedBlock[]>;
  /** Another way to fix the same rule: both are followed, the better kept (`settle`). */
  readonly alternative?: Fix;
}

/** One pass's view of the document: the blocks as they stand, their layout, and what the rules share. */
export interface RuleContext {
  readonly doc: PresentedDocument;
  readonly run: Run;
  readonly blocks: PresentedBlock[];
  readonly layout: readonly BlockLayout[];
  /** Blocks a fix was tried on (no rule is fixed twice on one block). */
  readonly tried: Set<PresentedBlock>;
  /** The rules left out (`PaginateOptions.without`). */
  readonly without: ReadonlySet<RuleName>;
  /** The type area's bottom, half a point of tolerance below. */
  readonly bottom: number;
  /** The lowest line bottom on a page. */
  pageEnd(page: number): number;
  /** Is block i the first thing on its first page? */
  startsPage(i: number): boolean;
  /**
   * The block at `i` (with the keep chain before it) to the next page — or, where that would leave more than
   * `keep.gapLines` empty and `holds` says whether the rule is then kept, 收行 first (rules/break-before.ts).
   */
  breakBefore(i: number, what: string, holds?: (laid: readonly BlockLayout[]) => boolean): Fix | undefined;
}

/** The rules' names: what a test or a caller may leave out (`PaginateOptions.without`). */
export type RuleName = "section-end" | "floats" | "signature" | "heading-float" | "keep-with-next" | "orphans" | "widows" | "widows-after-floats" | "tables" | "float-distance" | "squeeze" | "loosen";

/** A rule: for block i (laid out: it has lines), the fix of the first way it is broken there, if it is. */
export interface Rule {
  readonly name: RuleName;
  readonly check: (ctx: RuleContext, i: number) => Fix | undefined;
}
