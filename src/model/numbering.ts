/** Chinese numbering of headings (GB/T 9704-2012 §7.3.3: 一、 （一） 1. （1）) and official dates. */

const DIGITS = "零一二三四五六七八九";

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`cannot number ${n} in Chinese numerals (1–99)`);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : DIGITS[tens]}十${ones === 0 ? "" : DIGITS[ones]}`;
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
