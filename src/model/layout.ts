/**
 * Page layout of a Chinese official document, GB/T 9704-2012 (shared/conventions.md), in points. The figures
 * are data: src/present/gbt9704.profile.json, resolved by src/present/profile.ts. These names (the default
 * profile's) stay for the charts; the presentation stage and the renderers read the document's profile itself.
 */
import { MM as MM_, PAGE_PROFILE as P } from "../present/profile.js";

export const MM = MM_;

/** §5.2.1 A4. */
export const PAGE = P.page;

/** §5.2.1 天头 37 mm, 订口 28 mm; type area 156 × 225 mm, hence right 26 mm and bottom 35 mm. */
export const MARGIN = P.margin;

export const TYPE_AREA = P.typeArea;

/** 字号 in points. */
export const SIZE = P.sizes as { readonly 二号: number; readonly 三号: number; readonly 四号: number; readonly 小四: number; readonly 五号: number; readonly 小五: number };

/** §5.2.2: 22 lines × 28 characters fill the type area. */
export const LINES_PER_PAGE = P.grid.lines;
export const CHARS_PER_LINE = P.grid.chars;

export const BODY = {
  size: P.text.body.size,
  /** Line pitch: 225 mm / 22 lines ≈ 28.99 pt. */
  linePitch: P.linePitch,
  /** Character pitch: 156 mm / 28 ≈ 15.79 pt, so a 16 pt character is set 0.21 pt tighter. */
  charPitch: P.charPitch,
} as const;

/** Extra space between characters (negative: tighter) so that 28 body characters fill a line. */
export const BODY_CHARACTER_SPACING = BODY.charPitch - BODY.size;

/** First-line indent of body paragraphs: two characters. */
export const FIRST_LINE_INDENT = P.text.body.firstLineIndent;

export const TITLE = { size: P.text.title.size, linePitch: P.text.title.pitch } as const;

/** Page number (§7.5): 4号 half-width Arabic numerals between dashes, ~7 mm below the type area, outer side, one character in. */
export const PAGE_NUMBER = {
  size: P.text.pageNumber.size,
  /** Distance from the bottom edge of the type area to the number's baseline region. */
  belowTypeArea: P.pageNumber.belowTypeArea,
  /** Indent from the type area's outer edge: one body character. */
  inset: P.pageNumber.inset,
} as const;

export function pageNumberText(n: number): string {
  return `— ${n} —`;
}

/** Tables and captions (profile: text.tableText, text.caption, text.note, table.cellPadding). */
export const TABLE = {
  size: P.text.tableText.size,
  captionSize: P.text.caption.size,
  cellPitch: P.text.tableText.pitch,
  notePitch: P.text.note.pitch,
  cellPadding: P.table.cellPadding,
} as const;
export const CHART = { width: TYPE_AREA.width, fontSize: P.figure.chartFontSize } as const;

/** Shade behind a draft's 待补充 mark (Run style "gap"): light grey, legible in print and on screen. */
export const GAP_SHADE = "#D9D9D9";
