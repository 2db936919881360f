/** Chinese numbering of headings (GB/T 9704-2012 §7.3.3: 一、 （一） 1. （1）) and official dates. */

const DIGITS = "零一二三四五六七八九";

/** The largest number headings are numbered to (chineseNumeral's range); parse.ts refuses a document with more. */
export const MAX_HEADING_NUMBER = 9999;
const UNITS = ["", "十", "百", "千"];

/**
 * 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九, 100 → 一百, 101 → 一百零一, 110 → 一百一十,
 * 1010 → 一千零一十, 9999 → 九千九百九十九: the usual reading — one 零 for a run of zero digits inside the
 * number, none at its end, and 一十 except at the start (十二, but 一百一十二).
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_HEADING_NUMBER) throw new RangeError(`cannot number ${n} in Chinese numerals (1–${MAX_HEADING_NUMBER})`);
  const digits = String(n).split("").map(Number);
  let out = "";
  let zero = false;
  digits.forEach((d, i) => {
    const unit = UNITS[digits.length - 1 - i]!;
    if (d === 0) return void (zero = out !== "");
    if (zero) out += "零";
    zero = false;
    out += (d === 1 && unit === "十" && out === "" ? "" : DIGITS[d]) + unit;
  });
  return out;
}

export function headingNumber(level: 1 | 2, n: number): string {
  return level === 1 ? `${chineseNumeral(n)}、` : `（${chineseNumeral(n)}）`;
}

/** ISO date → 2021年6月9日 (Arabic numerals, no leading zeros, GB/T 9704 §7.3.5.1). */
export function officialDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** 黔人社通〔2021〕72号: 六角括号, no leading zeros, no 第 (GB/T 9704 §7.2.4). */
export function docNumberText(n: { issuerCode: string; year: number; serial: number }): string {
  return `${n.issuerCode}〔${n.year}〕${n.serial}号`;
}
