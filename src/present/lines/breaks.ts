/**
 * Where a paragraph may break, between each two characters: "ok", "low" (a break of lower priority, taken only
 * where every other way leaves a line stretched beyond the profile's limit) or "no".
 *
 * Start: UAX #14 (the `linebreak` package, as pdfkit uses it). Tailored per W3C clreq and GB/T 15834-2011:
 * - 行首行尾禁则 (clreq #prohibition_rules_for_line_start_end, the "basic" and "GB-style" sets): closing marks,
 *   pause or stop marks and connectors never start a line; opening marks never end one. UAX #14 gives the
 *   Chinese quotation marks “ ” ‘ ’ class QU, which forbids a break on either side; here they break like brackets;
 * - unbreakable marks —— and …… (clreq #prohibition_rules_for_unbreakable_marks);
 * - a number is one word: digits, decimal point, %, ‰, and a range such as 2019-2020;
 * - a number and its unit or classifier (the profile's `lines.units`: 名、家、个、年、学年、万人、亿元 …): "low";
 *   never inside the unit;
 * - a document number such as 〔2021〕72号 (GB/T 9704 §7.2.4) and the words given (place names of the regions
 *   table, longest first): never inside.
 */
import LineBreaker from "linebreak";
import { noLineEnd, noLineStart, UNBREAKABLE_PAIRS } from "./chars.js";

export type BreakClass = "ok" | "low" | "no";

export interface BreakRules {
  /** Units and classifiers a number keeps (a break before them is "low"), longest first. */
  readonly units: readonly string[];
  /** Words never broken (place names), any order. */
  readonly words: readonly string[];
}

/** A number: digits with decimal point or group commas, a percent or per-mille sign, or a range of two such. */
const NUMBER = /\d+(?:[.,．]\d+)*[%‰％]?(?:[-–~～]\d+(?:[.,．]\d+)*[%‰％]?)?/gu;
/** A document number's year and serial (〔2021〕72号), or a year in 六角括号 alone. */
const DOC_NUMBER = /〔\d{4}〕(?:\d+号)?/gu;

/**
 * The break class before each character of `chars` (index k: between chars[k-1] and chars[k]; index 0 unused,
 * "no"). `chars` are the paragraph's characters (code points).
 */
export function breakClasses(chars: readonly string[], rules: BreakRules): BreakClass[] {
  const n = chars.length;
  const text = chars.join("");
  const out: BreakClass[] = new Array<BreakClass>(n).fill("no");
  // UAX #14 gives code-unit offsets; characters are code points.
  const at = new Map<number, number>();
  for (let k = 0, unit = 0; k < n; unit += chars[k]!.length, k++) at.set(unit, k);
  const breaker = new LineBreaker(text);
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    const k = at.get(bk.position);
    if (k !== undefined && k > 0) out[k] = "ok";
  }
  for (let k = 1; k < n; k++) {
    const a = chars[k - 1]!;
    const b = chars[k]!;
    // Quotation marks break as brackets do (clreq: a quotation mark is an opening or closing mark).
    if ((isQuote(a) || isQuote(b)) && isCjk(a === "“" || a === "‘" ? b : a)) out[k] = "ok";
    if (noLineEnd(a) || noLineStart(b) || (UNBREAKABLE_PAIRS.has(a) && a === b)) out[k] = "no";
  }
  const never = (start: number, end: number): void => {
    for (let k = start + 1; k < end; k++) out[k] = "no";
  };
  const cps = codePointIndex(chars);
  for (const m of text.matchAll(NUMBER)) {
    const start = cps(m.index);
    const end = cps(m.index + m[0].length);
    never(start, end);
    const unit = rules.units.find((u) => text.startsWith(u, m.index + m[0].length));
    if (unit) {
      const unitEnd = cps(m.index + m[0].length + unit.length);
      never(end, unitEnd);
      if (out[end] !== "no") out[end] = "low";
    }
  }
  for (const m of text.matchAll(DOC_NUMBER)) never(cps(m.index), cps(m.index + m[0].length));
  for (const w of rules.words) {
    if (w.length < 2) continue;
    for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) never(cps(i), cps(i + w.length));
  }
  out[0] = "no";
  return out;
}

const isQuote = (ch: string): boolean => ch === "“" || ch === "”" || ch === "‘" || ch === "’";
/** Han characters and the CJK punctuation around them. */
const isCjk = (ch: string): boolean => /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’]/u.test(ch);

/** Code-unit offset → code-point index in `chars`. */
function codePointIndex(chars: readonly string[]): (unit: number) => number {
  const starts: number[] = [];
  let unit = 0;
  for (const c of chars) {
    starts.push(unit);
    unit += c.length;
  }
  starts.push(unit);
  return (u) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
