/**
 * Differences between two sequences (a paragraph's characters, a template's lines): the longest common subsequence
 * (dynamic programming, O(n·m) — a paragraph is at most a few thousand characters, a template a few hundred lines),
 * as the changed stretches ("hunks"), and a template's change as a unified diff (`diff -u`, what `--dry-run` prints).
 */

/** `a[from, to)` replaced by `b[bFrom, bTo)`; an insertion has from = to, a deletion bFrom = bTo. */
export interface Hunk {
  readonly from: number;
  readonly to: number;
  readonly bFrom: number;
  readonly bTo: number;
}

/** The changed stretches from `a` to `b`, in order. */
export function hunks<T>(a: readonly T[], b: readonly T[]): Hunk[] {
  // Common prefix and suffix first: most paragraphs change in one place.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const n = a.length - pre - suf;
  const m = b.length - pre - suf;
  const w = m + 1;
  const len = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      len[i * w + j] = a[pre + i] === b[pre + j] ? len[(i + 1) * w + j + 1]! + 1 : Math.max(len[(i + 1) * w + j]!, len[i * w + j + 1]!);
  const out: Hunk[] = [];
  let i = 0;
  let j = 0;
  let open: { from: number; bFrom: number } | undefined;
  const close = () => {
    if (open) out.push({ from: pre + open.from, to: pre + i, bFrom: pre + open.bFrom, bTo: pre + j });
    open = undefined;
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[pre + i] === b[pre + j]) {
      close();
      i++;
      j++;
    } else {
      open ??= { from: i, bFrom: j };
      if (j < m && (i === n || len[i * w + j + 1]! >= len[(i + 1) * w + j]!)) j++;
      else i++;
    }
  }
  close();
  return out;
}

/** Where position `at` of `a` is in `b`, given the hunks from `a` to `b` (a position inside a replaced stretch goes to its start). */
export function mapPosition(hs: readonly Hunk[], at: number): number {
  let shift = 0;
  for (const h of hs) {
    if (at < h.from) break;
    if (at < h.to) return h.bFrom;
    shift = h.bTo - h.to;
  }
  return at + shift;
}

/** A unified diff of one file's text (3 lines of context), headed `--- a/<name>` / `+++ b/<name>`; "" when equal. */
export function unifiedDiff(name: string, before: string, after: string): string {
  if (before === after) return "";
  const a = before.split("\n");
  const b = after.split("\n");
  const hs = hunks(a, b);
  const CONTEXT = 3;
  const groups: Hunk[][] = [];
  for (const h of hs) {
    const last = groups[groups.length - 1];
    if (last && h.from - last[last.length - 1]!.to <= 2 * CONTEXT) last.push(h);
    else groups.push([h]);
  }
  const out = [`--- a/${name}`, `+++ b/${name}`];
  for (const g of groups) {
    const first = g[0]!;
    const end = g[g.length - 1]!;
    const aStart = Math.max(0, first.from - CONTEXT);
    const aEnd = Math.min(a.length, end.to + CONTEXT);
    const bStart = first.bFrom - (first.from - aStart);
    const bEnd = end.bTo + (aEnd - end.to);
    const lines: string[] = [];
    let at = aStart;
    for (const h of g) {
      for (; at < h.from; at++) lines.push(` ${a[at]}`);
      for (let k = h.from; k < h.to; k++) lines.push(`-${a[k]}`);
      for (let k = h.bFrom; k < h.bTo; k++) lines.push(`+${b[k]}`);
      at = h.to;
    }
    for (; at < aEnd; at++) lines.push(` ${a[at]}`);
    out.push(`@@ -${aStart + 1},${aEnd - aStart} +${bStart + 1},${bEnd - bStart} @@`, ...lines);
  }
  return `${out.join("\n")}\n`;
}
