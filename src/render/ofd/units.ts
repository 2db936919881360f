/**
 * OFD's numbers: lengths in millimetres (GB/T 33190-2016 §7.3: the default unit of ST_Pos, ST_Box and every length
 * is the millimetre), written with three decimals at most (a micrometre: finer than any device) and no trailing zeros,
 * so the same drawing gives the same text.
 */

/** Points (1/72 in) → millimetres. */
export const mm = (pt: number): number => (pt * 25.4) / 72;

/** A number as OFD text: at most three decimals, no `-0`, no exponent. */
export function num(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  return Object.is(r, -0) || r === 0 ? "0" : String(r);
}

/** An ST_Box: `x y width height`. */
export const box = (x: number, y: number, w: number, h: number): string => `${num(x)} ${num(y)} ${num(w)} ${num(h)}`;

/** XML text and attribute values. */
export const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** `#rrggbb` or `#rgb` → an OFD colour value in the default RGB space (`r g b`, 0–255), or undefined for none. */
export function rgb(color: string): string | undefined {
  const c = NAMED[color.trim().toLowerCase()] ?? color.trim().toLowerCase();
  if (c === "none" || c === "transparent") return undefined;
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(c);
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(c);
  const fn = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(c);
  if (long) return long.slice(1).map((h) => parseInt(h, 16)).join(" ");
  if (short) return short.slice(1).map((h) => parseInt(h + h, 16)).join(" ");
  if (fn) return fn.slice(1).join(" ");
  // A colour this writer does not read is a bug of the chart theme, not the user's: say which.
  throw new Error(`OFD: colour ${JSON.stringify(color)} not understood`);
}

const NAMED: Readonly<Record<string, string>> = { white: "#ffffff", black: "#000000" };
