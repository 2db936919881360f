/**
 * The fix most keep rules share: the block (with the keep-with-next chain before it on its page) starts the next
 * page. Where that would leave more than `keep.gapLines` empty at the page's foot and the rule says how to tell
 * it holds, 收行 (squeeze.ts) is tried first, the break its alternative: both are followed and the fuller pages
 * kept (driver.ts `settle`).
 */
import type { PresentedBlock } from "../../types.js";
import { firstPage, lastPage } from "../layout.js";
import type { BlockLayout, Fix, RuleContext } from "../types.js";
import { squeezeFix } from "./squeeze.js";

type Base = Pick<RuleContext, "doc" | "run" | "blocks" | "layout" | "tried" | "bottom" | "startsPage">;

/**
 * The first block of the keep-with-next chain ending at i that is on the same page. Running text kept with the
 * next block (the text before the issuers and the date) is not moved whole: its last lines go (signature.ts).
 */
function chainStart(ctx: Base, i: number): number {
  const { blocks, layout } = ctx;
  let k = i;
  const chained = (b: PresentedBlock): boolean => b.kind === "paragraph" && b.keep.withNext && b.style !== "body";
  while (k > 0 && chained(blocks[k - 1]!) && lastPage(layout[k - 1]) === firstPage(layout[i])) k--;
  return k;
}

export function breakBefore(ctx: Base, squeeze: boolean, i: number, what: string, holds?: (laid: readonly BlockLayout[]) => boolean): Fix | undefined {
  const { doc, blocks, layout, tried } = ctx;
  const keep = doc.profile.keep;
  const k = chainStart(ctx, i);
  if (ctx.startsPage(k) || tried.has(blocks[k]!)) return undefined;
  const broken: Fix = {
    what,
    from: k,
    apply: async (_measure, t) => {
      const next = [...blocks];
      next[k] = ctx.run.withFlow(next[k]!, { breakBefore: true });
      t.add(next[k]!);
      return next;
    },
  };
  const top = layout[k]?.lines[0]?.top;
  const gap = top === undefined ? 0 : ctx.bottom - top;
  const tighter = squeeze && holds && gap > keep.gapLines * doc.profile.linePitch + 0.5 ? squeezeFix(ctx, k) : undefined;
  if (!tighter || !holds) return broken;
  return {
    what: `${what}: ${tighter.what}`,
    from: tighter.from,
    apply: async (measure, t) => {
      t.add(tighter.blocks[tighter.from]!);
      const laid = await measure(tighter.blocks);
      // Kept only if the paragraph did end a line earlier and the rule holds; else the break after all.
      return laid[tighter.from]!.lines.length < layout[tighter.from]!.lines.length && holds(laid) ? tighter.blocks : broken.apply(measure, t);
    },
    alternative: broken,
  };
}
