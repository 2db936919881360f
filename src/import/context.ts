/**
 * Context: whether the words around a number speak of an indicator. The label's character pairs (bigrams) found
 * near the number — in the clause before it back to the previous number, and to the end of its clause after it —
 * weigh twice those found anywhere earlier in its sentence. Chinese labels have no spaces, so pairs of characters
 * stand for words (a common measure for Chinese text, e.g. in Lucene's CJKAnalyzer).
 */
import type { Region } from "../data/types.js";
import { PROVINCE } from "../data/types.js";

const PUNCT = /[，。；：、（）“”《》,;:()\s]/;

function bigrams(label: string): string[] {
  const out = new Set<string>();
  for (const part of label.split(PUNCT)) for (let i = 0; i + 1 < part.length; i++) out.add(part.slice(i, i + 2));
  return [...out];
}

export interface Window {
  /** Text just before the number's phrase, back to the previous number (or the sentence start). */
  readonly before: string;
  /** Text after the phrase to the end of its clause (the next ，。；、), at most 16 characters. */
  readonly after: string;
  /** The sentence up to the phrase. */
  readonly sentence: string;
}

export function windowAt(text: string, start: number, end: number, previousEnd: number): Window {
  let sentenceStart = start;
  while (sentenceStart > 0 && !/[。；;！？]/.test(text[sentenceStart - 1]!)) sentenceStart--;
  let afterEnd = end;
  while (afterEnd < text.length && afterEnd - end < 16 && !/[，。；、,;]/.test(text[afterEnd]!)) afterEnd++;
  return { before: text.slice(Math.max(previousEnd, sentenceStart), start), after: text.slice(end, afterEnd), sentence: text.slice(sentenceStart, start) };
}

/** 0…3: the share of the label's pairs near the number (twice) and in its sentence. */
export function labelScore(label: string, w: Window): number {
  const pairs = bigrams(label);
  if (pairs.length === 0) return 0;
  const near = w.before + "\u0000" + w.after;
  const inNear = pairs.filter((p) => near.includes(p)).length;
  const inSentence = pairs.filter((p) => w.sentence.includes(p) || w.after.includes(p)).length;
  return (2 * inNear + inSentence) / pairs.length;
}

/** A region's names as text may write them (full name, short name, table heading). */
export function regionNames(r: Region): string[] {
  return [r.name, r.short, r.table].filter((n): n is string => !!n && n.length > 1);
}

/**
 * Whether the region fits the words just before the number. A figure of another region than the report's own
 * (`home`: the province, or the one region a kind is made for) must have that region named last before it, within
 * its clause (`其中：贵阳市2492元`); the home region's must not have another region's name right before it
 * (`贵阳市2492元` is not the province's), though a list of names before a count may end there
 * (`毕节、黔南、黔西南州6个市（州）` is the province's).
 */
export function regionFits(region: string, regions: readonly Region[], before: string, home: string = PROVINCE): boolean {
  const tail = before.slice(-10);
  let last: { code: string; end: number } | undefined;
  for (const r of regions) {
    if (r.code === home) continue;
    for (const n of regionNames(r)) {
      const at = tail.lastIndexOf(n);
      if (at >= 0 && (!last || at + n.length > last.end)) last = { code: r.code, end: at + n.length };
    }
  }
  if (region !== home) return last?.code === region;
  if (!last) return true;
  const rest = tail.slice(last.end);
  if (!/^[为达是：:]?$/.test(rest)) return true;
  // A list of names (a、b和c) right before the number counts what it names.
  const lastName = regionNames(regions.find((r) => r.code === last!.code)!).find((n) => tail.slice(0, last!.end).endsWith(n))!;
  const head = tail.slice(0, last.end - lastName.length);
  return /[、和]$/.test(head) && regions.some((r) => regionNames(r).some((n) => head.slice(0, -1).endsWith(n)));
}
