/**
 * An indicator's declared precision: the decimals its figures are published with, column by column. It is
 * declared by the figures themselves — a figure is kept as published, trailing zeros included (157.10) — so
 * it needs no column of its own: the most decimals among the indicator's figures of that column. A column
 * with no figure yet takes the bulletin's convention: a growth rate to one decimal (统计公报: 比上年增长4.9%),
 * a change in the indicator's unit like its value. The fill-in workbook formats each cell to fill with it
 * (fill-in-workbook.ts), and a workbook cell is read with the decimals it shows (xlsx.ts numberText).
 */
import type { Figure, Indicator } from "./types.js";

export type FigureColumn = "value" | "growth" | "delta";

/** Decimals of a figure as published: 157.10 → 2, 125188 → 0. */
export const decimalsIn = (f: Figure): number => f.text.split(".")[1]?.length ?? 0;

/** Growth rates without a published one to follow: one decimal. */
const GROWTH_DECIMALS = 1;

export function decimalsOf(ind: Indicator, column: FigureColumn): number {
  const figures = [...ind.observations.values()].flatMap((o) => {
    const f = column === "value" ? (o.value ?? o.previous) : o[column];
    return f ? [f] : [];
  });
  if (figures.length > 0) return Math.max(...figures.map(decimalsIn));
  return column === "growth" ? GROWTH_DECIMALS : column === "delta" ? decimalsOf(ind, "value") : 0;
}

/** An Excel number format showing `decimals` decimals: 0 → "0", 2 → "0.00". */
export const numberFormatFor = (decimals: number): string => (decimals === 0 ? "0" : `0.${"0".repeat(decimals)}`);
