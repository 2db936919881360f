/**
 * The numbers of a draft's paragraph, and which of them cannot be figures: years (2020年, 2019-2020学年, 2019年度),
 * dates (12月31日), editions (2020版), document numbers (黔府发〔2019〕1号, GB/T 9704 §7.2.4's 〔〕), anything
 * inside a title's 《》, and short quoted names (热线“96567”). Offsets are the paragraph text's; full-width digits and signs (what a Chinese input method may type) are
 * folded one character for one, so offsets do not move.
 */

/** Full-width ASCII variants (U+FF01–FF5E) as ASCII; every other character as it is. Same length. */
export function fold(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

export interface NumberToken {
  readonly start: number;
  readonly end: number;
  /** The digits as folded (ASCII). */
  readonly digits: string;
}

export type NonFigure = "year" | "date" | "document number" | "title" | "name";

/** The spans that hold numbers that are not figures, with what they are. */
function nonFigureSpans(t: string): { start: number; end: number; what: NonFigure }[] {
  const spans: { start: number; end: number; what: NonFigure }[] = [];
  const mark = (re: RegExp, what: NonFigure) => {
    for (const m of t.matchAll(re)) spans.push({ start: m.index!, end: m.index! + m[0].length, what });
  };
  mark(/[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号/g, "document number");
  mark(/《[^《》]*》/g, "title");
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
  for (const m of t.matchAll(/\d+(?:\.\d+)?/g)) {
    const start = m.index!;
    const end = start + m[0].length;
    const inside = spans.find((s) => s.start <= start && end <= s.end);
    if (inside) {
      skipped.push({ digits: m[0], start, what: inside.what });
      continue;
    }
    if (/[A-Za-z_/]/.test(t[start - 1] ?? "") || /[A-Za-z_]/.test(t[end] ?? "")) continue;
    numbers.push({ start, end, digits: m[0] });
  }
  return { numbers, skipped };
}
