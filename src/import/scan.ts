/**
 * The numbers of a draft's paragraph, and which of them cannot be figures: years (2020年, 2019-2020学年, 2019年度),
 * dates (12月31日), editions (2020版), document numbers (黔府发〔2019〕1号, GB/T 9704 §7.2.4's 〔〕), anything
 * inside a title's 《》, and short quoted names (热线“96567”). Offsets are the paragraph text's; full-width digits and signs (what a Chinese input method may type) are
 * folded one character for one, so offsets do not move. A number with thousands separators (`1,234.5`, `1，234`:
 * groups of three digits after a comma, ASCII or full-width) is one number, its digits without them.
 */

/** Full-width ASCII variants (U+FF01–FF5E) as ASCII; every other character as it is. Same length. */
export function fold(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

export interface NumberToken {
  readonly start: number;
  readonly end: number;
  /** The digits as folded (ASCII), without thousands separators. */
  readonly digits: string;
}

/** A number as typed: with thousands separators (after folding, `1,234.5`), else digits with a decimal part. */
const NUMBER = /(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?/g;

/** A cell's or a number's folded text without its thousands separators (`1,234.5` → `1234.5`); other text as it is. */
export function withoutSeparators(folded: string): string {
  return /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(folded) ? folded.replace(/,/g, "") : folded;
}

export type NonFigure = "year" | "date" | "document number" | "title" | "name" | "caption number" | "list number";

/** The spans that hold numbers that are not figures, with what they are. */
function nonFigureSpans(t: string): { start: number; end: number; what: NonFigure }[] {
  const spans: { start: number; end: number; what: NonFigure }[] = [];
  const mark = (re: RegExp, what: NonFigure) => {
    for (const m of t.matchAll(re)) spans.push({ start: m.index!, end: m.index! + m[0].length, what });
  };
  mark(/[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号/g, "document number");
  mark(/《[^《》]*》/g, "title");
  // A caption's or a reference's number: 表1 …, 见图2.
  mark(/(?:^|(?<=[见如下附和、]))[表图]\s*\d+(?![\d.])/g, "caption number");
  // A paragraph numbered by hand (1. / 1） / （1）): Markdown would take `1.` for a list.
  mark(/^\s*(?:\d{1,2}\s*[.)）．、]|[（(]\d{1,2}[)）])/g, "list number");
  // A short quoted string is a name: a hotline (“96567”), a programme (“9+3”县), a slogan.
  mark(/[“"][^“”"]{1,12}[”"]/g, "name");
  mark(/(?<![\d.])\d{4}\s*[-－—–~～至]\s*\d{4}\s*(?:学?年度?)?/g, "year");
  mark(/(?<![\d.])(?:1[89]|20|21)\d{2}(?=\s*(?:年|学年|版))/g, "year");
  mark(/(?<![\d.])\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?/g, "date");
  mark(/(?<![\d.])\d{1,2}\s*日(?![元])/g, "date");
  return spans;
}

/**
 * The numbers of `text` that may be figures. A number is digits with an optional decimal part; one inside a
 * longer run of digits and letters (a code such as `GB/T 9704`, `12345678A`) is not one.
 */
export function scanNumbers(text: string): { numbers: NumberToken[]; skipped: { digits: string; start: number; what: NonFigure }[] } {
  const t = fold(text);
  const spans = nonFigureSpans(t);
  const numbers: NumberToken[] = [];
  const skipped: { digits: string; start: number; what: NonFigure }[] = [];
  for (const m of t.matchAll(NUMBER)) {
    const start = m.index!;
    const end = start + m[0].length;
    const inside = spans.find((s) => s.start <= start && end <= s.end);
    if (inside) {
      skipped.push({ digits: m[0].replace(/,/g, ""), start, what: inside.what });
      continue;
    }
    // Part of a code (GB/T 9704, A12, 3a), not a quantity.
    if (/[A-Za-z_/]\s?$/.test(t.slice(Math.max(0, start - 2), start)) || /[A-Za-z_]/.test(t[end] ?? "")) continue;
    numbers.push({ start, end, digits: m[0].replace(/,/g, "") });
  }
  return { numbers, skipped };
}
