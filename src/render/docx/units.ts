/** Unit conversions from the points of src/model/layout.ts to the units OOXML and docx 9 take. */
import { LINES_PER_PAGE, MARGIN, PAGE } from "../../model/layout.js";

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
 * The body line pitch in twips, rounded *down* so that 22 lines fit the type area as the section's rounded margins
 * leave it: 225 mm / 22 is 579.8 twips, and 22 × 580 would be 4 twips too tall (LibreOffice then sets 21 lines).
 * 579 twips (28.95 pt) is also what Word templates for GB/T 9704 use.
 */
export const BODY_LINE = Math.floor((twips(PAGE.height) - twips(MARGIN.top) - twips(MARGIN.bottom)) / LINES_PER_PAGE);
