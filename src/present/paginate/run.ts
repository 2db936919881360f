/**
 * One pagination's own state, made per call of `paginate` (no module state): which input block each block
 * comes from, and the signature blocks the signature rule is done with. Blocks are made through it (`derive`,
 * `withFlow`, `splitAt`) so every block pagination makes carries its origin.
 */
import type { Flow, PresentedBlock, PresentedDocument, PresentedParagraph } from "../types.js";
import { splitRuns } from "./layout.js";
import type { BlockLayout } from "./types.js";

export class Run {
  /**
   * Which block of the document before pagination each block after it comes from (a split paragraph's two
   * halves come from one). Set for the input, carried by every block pagination makes.
   */
  private readonly origins = new Map<PresentedBlock, number>();
  /** Signature blocks the signature rule made or gave up on: it is not tried on them again. */
  readonly signed = new Set<PresentedBlock>();

  constructor(readonly doc: PresentedDocument) {
    doc.blocks.forEach((b, i) => this.origins.set(b, i));
  }

  origin(b: PresentedBlock): number | undefined {
    return this.origins.get(b);
  }

  setOrigin(b: PresentedBlock, origin: number): void {
    this.origins.set(b, origin);
  }

  /** `to`, made from `from`: it comes from the same input block. */
  derive<B extends PresentedBlock>(from: PresentedBlock, to: B): B {
    const origin = this.origins.get(from);
    if (origin !== undefined) this.origins.set(to, origin);
    return to;
  }

  withFlow<B extends PresentedBlock>(b: B, flow: Flow): B {
    return this.derive(b, { ...b, flow: { ...b.flow, ...flow } });
  }

  /** A paragraph split after its first `lines` lines, as laid out: the head justified to its end, the tail unindented. */
  splitAt(p: PresentedParagraph, l: BlockLayout, lines: number): [PresentedParagraph, PresentedParagraph] | undefined {
    const text = p.runs.map((r) => r.text).join("");
    const prefix = l.lines.slice(0, lines).map((x) => x.text ?? "").join("");
    if (!prefix || !text.startsWith(prefix) || prefix.length >= text.length) return undefined;
    const [a, b] = splitRuns(p.runs, prefix.length);
    const { outline: _outline, ...rest } = p;
    return [this.derive(p, { ...p, runs: a, spaceAfter: 0, flow: { ...p.flow, split: "head" } }), this.derive(p, { ...rest, runs: b, spaceBefore: 0, firstLineIndent: 0, flow: { split: "tail" } })];
  }
}
