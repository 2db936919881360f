/** Unit conversions from the points of the page profile (src/present/profile.ts) to the units OOXML and docx 9 take. */
import type { PageProfile } from "../../present/profile.js";

/** Twentieths of a point (twips): page size, margins, indents, spacing, table widths. */
export const twips = (pt: number): number => Math.round(pt * 20);

/** Half-points: docx's run `size`. */
export const halfPoints = (pt: number): number => Math.round(pt * 2);

/** Eighths of a point: border widths. */
export const eighthPoints = (pt: number): number => Math.round(pt * 8);

/**
 * Pixels at 96 to the inch: docx 9's `ImageRun` transformation (it writes `px × 9525` EMU, so `pt × 96 / 72` px is
 * exactly `pt × 12700` EMU, the DrawingML size of `pt` points). See docx.js.org, IMediaTransformation: "Display width
 * in pixels, at 96 to the inch, not EMUs".
 */
export const pixels96 = (pt: number): number => (pt * 96) / 72;

/**
 * The profile's grid line (type area height / grid.lines) in twips, rounded *down* so that the grid's lines fit the
 * type area as the section's rounded margins leave it: GB/T 9704's 225 mm / 22 is 579.8 twips, and 22 × 580 would be
 * 4 twips too tall (LibreOffice then sets 21 lines). 579 twips (28.95 pt) is also what Word templates for GB/T 9704 use.
 */
export function gridLine(p: PageProfile): number {
  return Math.floor((twips(p.page.height) - twips(p.margin.top) - twips(p.margin.bottom)) / p.grid.lines);
}

/**
 * A line pitch in twips: the grid line where the pitch is the profile's line pitch (body text, headings), else the
 * pitch itself (the title's 35 pt, table text at 1.5 × its size).
 */
export function pitchTwips(p: PageProfile, pitch: number): number {
  return Math.abs(pitch - p.linePitch) < 1e-6 ? gridLine(p) : twips(pitch);
}
