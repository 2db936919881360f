/**
 * 收行: a running-text paragraph that ends on the page of block `k`, before it, its last line holding at most
 * `keep.squeezeChars` characters, set tighter so that those characters fit on its other lines — by the least space
 * per character that may do it (a little more than their width spread over the paragraph's other characters),
 * at most `keep.squeezeMax` of its size. The paragraph that needs the least is chosen. Not a rule of its own: the
 * alternative a keep rule's break gets where the break would leave the page too short (break-before.ts).
 */
import type { PresentedBlock } from "../../types.js";
import { describe, firstPage, lastPage } from "../layout.js";
import type { LaidLine, RuleContext } from "../types.js";

export interface Squeeze {
  readonly what: string;
  readonly from: number;
  readonly blocks: PresentedBlock[];
}

export function squeezeFix(ctx: Pick<RuleContext, "doc" | "run" | "blocks" | "layout" | "tried">, k: number): Squeeze | undefined {
  const { doc, blocks, layout, tried } = ctx;
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
  const squeezed = ctx.run.withFlow(blocks[best.j]!, { squeeze: best.squeeze });
  return { what: `${describe(blocks[best.j]!)} set ${best.squeeze} pt a character tighter to end a line earlier`, from: best.j, blocks: [...blocks.slice(0, best.j), squeezed, ...blocks.slice(best.j + 1)] };
}
