/**
 * Text a reviewer moved (ECMA-376 §17.13.5.22–.25: Word's w:moveFrom / w:moveTo, LibreOffice's cut and paste with
 * changes recorded): it must arrive in the template as its template text — with the `{{fig}}` and `{{year}}` it was
 * made of — not as the characters it printed, which would type the figures into the template.
 *
 * - A paragraph moved: its runs are all moved away where it stood and all moved here where it now stands. The
 *   bookmark of its template place stays with either end (Word carries bookmarks with the text it moves;
 *   a writer may not), so the pair is found by its text.
 * - A stretch moved inside a paragraph: read from the tracked changes themselves (`trackedHunks`), not from a
 *   comparison of the texts, which cannot tell which side moved; a stretch moved away and one moved here with the
 *   same text are a pair (`movePairs`).
 */
import type { SourceEntry } from "../render/docx/provenance.js";
import { runInView, type Paragraph } from "../word/index.js";
import type { Hunk } from "./diff.js";

const moved = (p: Paragraph, type: "moveFrom" | "moveTo") => {
  const runs = p.runs.filter((r) => r.text.trim() !== "");
  return runs.length > 0 && runs.every((r) => r.change?.type === type);
};
const textIn = (p: Paragraph, view: "accept" | "reject") => p.runs.filter((r) => runInView(r, view)).map((r) => r.text).join("");

/**
 * Each paragraph that stands where a paragraph was moved to → the record entry of the paragraph moved (its own
 * bookmark's, or that of the paragraph moved away with the same text), and the paragraphs moved away that are so
 * accounted for (to be passed over).
 */
export function movedParagraphs(paragraphs: readonly Paragraph[], entryOf: (p: Paragraph) => SourceEntry | undefined): { moves: Map<Paragraph, SourceEntry>; sources: Set<Paragraph> } {
  const moves = new Map<Paragraph, SourceEntry>();
  const sources = new Set<Paragraph>();
  const away = paragraphs.filter((p) => moved(p, "moveFrom"));
  for (const p of paragraphs) {
    if (!moved(p, "moveTo")) continue;
    const text = textIn(p, "accept");
    const source = away.find((q) => !sources.has(q) && textIn(q, "reject") === text);
    const entry = entryOf(p) ?? (source && entryOf(source));
    if (!entry || !source) continue;
    moves.set(p, entry);
    sources.add(source);
  }
  return { moves, sources };
}

/** The changed stretches of a paragraph from its tracked changes alone (its text with every change rejected → accepted). */
export function trackedHunks(p: Paragraph): Hunk[] {
  const out: Hunk[] = [];
  let lastMoved = false;
  let i = 0;
  let j = 0;
  for (const r of p.runs) {
    const n = r.text.length;
    const inBefore = runInView(r, "reject");
    const inAfter = runInView(r, "accept");
    if (inBefore && inAfter) {
      i += n;
      j += n;
      continue;
    }
    if (n === 0) continue;
    const last = out[out.length - 1];
    const next = inBefore ? { from: i, to: i + n, bFrom: j, bTo: j } : { from: i, to: i, bFrom: j, bTo: j + n };
    const isMove = r.change?.type === "moveFrom" || r.change?.type === "moveTo";
    // Next to the stretch before it (a deletion and the insertion that replaces it): one stretch — a move stays whole.
    if (last && last.to === next.from && last.bTo === next.bFrom && isMove === lastMoved) out[out.length - 1] = { from: last.from, to: next.to, bFrom: last.bFrom, bTo: next.bTo };
    else out.push(next);
    lastMoved = isMove;
    if (inBefore) i += n;
    else j += n;
  }
  return out;
}

/** A stretch moved: the hunk that took it away and the one that put it back, with the same text. */
export interface MovePair {
  readonly from: Hunk;
  readonly to: Hunk;
}

export function movePairs(hs: readonly Hunk[], before: string, after: string): MovePair[] {
  const out: MovePair[] = [];
  const used = new Set<Hunk>();
  for (const d of hs) {
    if (d.bFrom !== d.bTo || d.from === d.to) continue;
    const text = before.slice(d.from, d.to);
    const ins = hs.find((h) => !used.has(h) && h.from === h.to && after.slice(h.bFrom, h.bTo) === text);
    if (!ins) continue;
    used.add(ins);
    out.push({ from: d, to: ins });
  }
  return out;
}
