/**
 * The rules, in the order they are asked about each block (the first broken one is fixed first), and the pass
 * that finds it. 收行 is the alternative of a break (break-before.ts); 放行 runs once the rules hold (loosen.ts).
 */
import type { PresentedBlock, PresentedDocument } from "../../types.js";
import { blockPages, firstPage, pageEnds } from "../layout.js";
import type { Run } from "../run.js";
import type { BlockLayout, Fix, Rule, RuleContext, RuleName } from "../types.js";
import { breakBefore } from "./break-before.js";
import { floats, headingFloat } from "./floats.js";
import { keepWithNext } from "./keep-with-next.js";
import { orphans } from "./orphans.js";
import { sectionEnd } from "./section-end.js";
import { signature } from "./signature.js";
import { tables } from "./tables.js";
import { widows, widowsAfterFloats } from "./widows.js";

export const RULES: readonly Rule[] = [sectionEnd, floats, signature, headingFloat, keepWithNext, orphans, widows, widowsAfterFloats, tables];

export function ruleContext(doc: PresentedDocument, run: Run, blocks: PresentedBlock[], layout: readonly BlockLayout[], tried: Set<PresentedBlock>, without: ReadonlySet<RuleName>): RuleContext {
  const ends = pageEnds(layout);
  // The first block with a line on each page: a block starts its page when it is that block (no block before it
  // has a line there) — looked up, not searched for, so that a pass stays linear in the document's length.
  const firstOn = new Map<number, number>();
  layout.forEach((l, i) => {
    for (const x of blockPages(l)) if (!firstOn.has(x.page)) firstOn.set(x.page, i);
  });
  const ctx: RuleContext = {
    doc,
    run,
    blocks,
    layout,
    tried,
    without,
    bottom: doc.profile.page.height - doc.profile.margin.bottom + 0.5,
    pageEnd: (page) => ends.get(page) ?? 0,
    startsPage: (i) => {
      const p = firstPage(layout[i]);
      return p !== undefined && firstOn.get(p) === i;
    },
    breakBefore: (i, what, holds) => breakBefore(ctx, !without.has("squeeze"), i, what, holds),
  };
  return ctx;
}

/** The first broken rule, block by block from block `from` (blocks not laid out are not judged), and its fix. */
export function firstFix(ctx: RuleContext, without: ReadonlySet<RuleName>, from = 0): Fix | undefined {
  const rules = RULES.filter((r) => !without.has(r.name));
  for (let i = from; i < ctx.blocks.length; i++) {
    if (!ctx.layout[i] || ctx.layout[i]!.lines.length === 0) continue;
    for (const rule of rules) {
      const fix = rule.check(ctx, i);
      if (fix) return fix;
    }
  }
  return undefined;
}
