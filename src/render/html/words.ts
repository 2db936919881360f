/** Where a heading set with `word-break: keep-all` (style.ts h1) may break: between words. */
import { text } from "./escape.js";

/**
 * A title's words as break opportunities: the title may break only between words (GB/T 9704-2012 §7.3.1: 回行时要做到
 * 词意完整), with `word-break: keep-all` (style.ts) forbidding a break between two ideographs elsewhere. Words
 * are ICU's (Intl.Segmenter, the dictionary of the Node version that builds: same Node, same bytes).
 */
export function wordBreaks(title: string): string {
  const words = [...new Intl.Segmenter("zh", { granularity: "word" }).segment(title)].map((s) => text(s.segment));
  return words.join("<wbr>");
}
