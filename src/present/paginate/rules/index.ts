/**
 * The rules, in the order they are asked about each block (the first broken one is fixed first), and the pass
 * that finds it. 收行 is the alternative of a break (break-before.ts); 放行 runs once the rules hold (loosen.ts).
 */
import type { PresentedBlock, PresentedDocument } from "../../types.js";
import { firstPage, lastPage, pageScan } from "../layout.js";
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

/**
 * What the rules read of a layout. With `from`, the rules are asked from that block on: page ends and page starts
 * are read from the blocks on pages a few before its own on (a float is put off a page at most, a rule reads the
 * page before at most), not from the whole document — so a pass costs the pages a fix changed; a page before that
 * is read from the whole layout if a rule asks.
 */
export function ruleContext(doc: PresentedDocument, run: Run, blocks: PresentedBlock[], layout: readonly BlockLayout[], tried: Set<PresentedBlock>, without: ReadonlySet<RuleName>, from = 0): RuleContext {
  const low = from > 0 ? (firstPage(layout[from]) ?? 1) - 3 : -Infinity;
  let start = Math.min(from, layout.length);
  while (start > 0 && !((lastPage(layout[start - 1]) ?? Infinity) < low - 2)) start--;
  const near = pageScan(layout, start);
  const at = (page: number) => (page >= low ? near : pageScan(layout));
  const ctx: RuleContext = {
    doc,
    run,
    blocks,
    layout,
    tried,
    without,
    bottom: doc.profile.page.height - doc.profile.margin.bottom + 0.5,
    pageEnd: (page) => at(page).ends.get(page) ?? 0,
    startsPage: (i) => {
      const p = firstPage(layout[i]);
      return p !== undefined && at(p).firstOn.get(p) === i;
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
