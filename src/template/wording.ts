/**
 * Chinese statistical wording, by the bulletin conventions (shared/conventions.md):
 * 比上年增长4.9%, 下降6.1% (never 增长-6.1%), 增加115元, 提高1.13个百分点; lists joined with 、 and a final 和;
 * no thousands separators in running text. Pure functions over published figures.
 */
import type { Figure } from "../data/types.js";

/** The figure with its unit as published: `61.64万人`, or through a published format (`{value}余名`). */
export function withUnit(value: Figure, unit: string, format?: string): string {
  return format ? format.replaceAll("{value}", value.text) : `${value.text}${unit}`;
}

/** The published digits without a sign. */
export function magnitude(f: Figure): string {
  return f.text.replace(/^-/, "");
}

/** `增长36.5%` / `下降6.1%` / `持平`. */
export function growthWords(growth: Figure): string {
  if (growth.value === 0) return "持平";
  return `${growth.value > 0 ? "增长" : "下降"}${magnitude(growth)}%`;
}

/** `增加115元` / `减少115元`; for a rate (unit %) `提高1.13个百分点` / `下降1.13个百分点`. */
export function deltaWords(delta: Figure, unit: string): string {
  if (delta.value === 0) return "持平";
  if (unit === "%") return `${delta.value > 0 ? "提高" : "下降"}${magnitude(delta)}个百分点`;
  return `${delta.value > 0 ? "增加" : "减少"}${magnitude(delta)}${unit}`;
}

/** `a、b、c和d`; with last = "、" (as the bulletin sometimes writes two items) `a、b`. */
export function joinList(items: readonly string[], last: "和" | "、" = "和"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join("、")}${last}${items[items.length - 1]}`;
}

/**
 * Several growths in one phrase: `分别增长5.4%、2.6%和7.9%`, or with style 分别为 `增长分别为7.1%和7.2%`.
 * `last: "、"` joins the final item with 、 instead of 和 (`分别增长2.6%、4.9%`).
 * When the signs differ, each item carries its own word: `分别增长5.4%、下降2.6%和增长7.9%`.
 * `mark` may wrap each item's figure (its index in `growths`): the helpers name where each comes from.
 */
export function growthList(growths: readonly Figure[], style: "分别" | "分别为" = "分别", last: "和" | "、" = "和", mark: (text: string, index: number) => string = (text) => text): string {
  const signs = new Set(growths.map((g) => Math.sign(g.value)));
  if (signs.size === 1 && !signs.has(0)) {
    const word = growths[0]!.value > 0 ? "增长" : "下降";
    const list = joinList(growths.map((g, i) => mark(`${magnitude(g)}%`, i)), last);
    return style === "分别为" ? `${word}分别为${list}` : `分别${word}${list}`;
  }
  return `分别${joinList(growths.map((g, i) => mark(growthWords(g), i)), last)}`;
}
