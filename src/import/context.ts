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
 * Whether the region fits the words just before the number: a prefecture's figure must be named right before it
 * (`贵阳市3125元`); the province's must not have a prefecture named there.
 */
export function regionFits(region: string, regions: readonly Region[], before: string): boolean {
  const tail = before.slice(-8);
  const named = regions.filter((r) => r.level === "prefecture" && regionNames(r).some((n) => tail.includes(n)));
  if (region === PROVINCE) return named.length === 0;
  return named.some((r) => r.code === region);
}
