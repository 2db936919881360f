/**
 * How a chart colour comes out on a black-and-white printer or a photocopier: its grey level.
 *
 * A printer driver or a copier turns colour into grey by some weighting of red, green and blue, and the
 * weightings differ, so a palette is checked under two common ones:
 * - `lightness`: CIE L* (0 black … 100 white) of the Rec. 709 / sRGB relative luminance (IEC 61966-2-1
 *   linearisation, Y = 0.2126 R + 0.7152 G + 0.0722 B). L* is perceptually even: a step of 20 reads as a clear
 *   step of grey anywhere on the scale, which Y itself is not (dark shades crowd together).
 * - `luma601`: Rec. 601 luma on the gamma-encoded values (0.299 R' + 0.587 G' + 0.114 B', scaled to 0…100),
 *   what "desaturate"/"greyscale" does in most office software and printer drivers.
 */

/** The minimum grey step between two series colours of one chart, in either measure (0…100 scale). */
export const MIN_GREY_STEP = 20;

/** `#rgb` / `#rrggbb` (what the theme and vega write) → sRGB channels 0…1; `white`/`black` as named. */
export function rgb(colour: string): [number, number, number] {
  const c = colour.trim().toLowerCase();
  if (c === "white") return [1, 1, 1];
  if (c === "black") return [0, 0, 0];
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(c);
  if (!m) throw new Error(`not a #rrggbb colour: ${colour}`);
  const hex = m[1]!.length === 3 ? [...m[1]!].map((d) => d + d).join("") : m[1]!;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
}

/** Rec. 709 relative luminance Y (0…1) of an sRGB colour. */
export function relativeLuminance(colour: string): number {
  const [r, g, b] = rgb(colour).map(linear) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** CIE L* of the colour's relative luminance (white = 100). */
export function lightness(colour: string): number {
  const y = relativeLuminance(colour);
  return y > 216 / 24389 ? 116 * Math.cbrt(y) - 16 : (24389 / 27) * y;
}

/** Rec. 601 luma of the gamma-encoded channels, 0…100. */
export function luma601(colour: string): number {
  const [r, g, b] = rgb(colour);
  return 100 * (0.299 * r + 0.587 * g + 0.114 * b);
}

/** The smaller of the two grey differences between colours a and b. */
export function greyStep(a: string, b: string): number {
  return Math.min(Math.abs(lightness(a) - lightness(b)), Math.abs(luma601(a) - luma601(b)));
}

/** WCAG 2.x contrast ratio of two colours (1 … 21): (L1 + 0.05) / (L2 + 0.05) of their relative luminances. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** sRGB transfer function, decoded (IEC 61966-2-1). */
function linear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}
