/**
 * Page layout of a Chinese official document, GB/T 9704-2012 (shared/conventions.md), in points.
 * Both renderers read these figures; neither defines its own.
 */

export const MM = 72 / 25.4;

/** §5.2.1 A4. */
export const PAGE = { width: 210 * MM, height: 297 * MM } as const;

/** §5.2.1 天头 37 mm, 订口 28 mm; type area 156 × 225 mm, hence right 26 mm and bottom 35 mm. */
export const MARGIN = { top: 37 * MM, left: 28 * MM, right: 26 * MM, bottom: 35 * MM } as const;

export const TYPE_AREA = { width: 156 * MM, height: 225 * MM } as const;

/** 字号 in points. */
export const SIZE = { 二号: 22, 三号: 16, 四号: 14, 小四: 12, 五号: 10.5, 小五: 9 } as const;

/** §5.2.2: 22 lines × 28 characters fill the type area. */
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;

export const BODY = {
  size: SIZE.三号,
  /** Line pitch: 225 mm / 22 lines ≈ 28.99 pt. */
  linePitch: TYPE_AREA.height / LINES_PER_PAGE,
  /** Character pitch: 156 mm / 28 ≈ 15.79 pt, so a 16 pt character is set 0.21 pt tighter. */
  charPitch: TYPE_AREA.width / CHARS_PER_LINE,
} as const;

/** Extra space between characters (negative: tighter) so that 28 body characters fill a line. */
export const BODY_CHARACTER_SPACING = BODY.charPitch - BODY.size;

/** First-line indent of body paragraphs: two characters. */
export const FIRST_LINE_INDENT = 2 * BODY.charPitch;

export const TITLE = { size: SIZE.二号, linePitch: 35 } as const;

/** Page number (§7.5): 4号 half-width Arabic numerals between dashes, ~7 mm below the type area, outer side, one character in. */
export const PAGE_NUMBER = {
  size: SIZE.四号,
  /** Distance from the bottom edge of the type area to the number's baseline region. */
  belowTypeArea: 7 * MM,
  /** Indent from the type area's outer edge: one body character. */
  inset: BODY.charPitch,
} as const;

export function pageNumberText(n: number): string {
  return `— ${n} —`;
}

/**
 * Tables and captions: 小四 inside tables (common practice in bulletins), captions in the body size.
 * Line pitches: cells 1.5 lines, unit lines and notes 1.6; cell padding in points.
 */
export const TABLE = {
  size: SIZE.小四,
  captionSize: SIZE.三号,
  cellPitch: SIZE.小四 * 1.5,
  notePitch: SIZE.小四 * 1.6,
  cellPadding: { vertical: 3, horizontal: 6 },
} as const;
export const CHART = { width: TYPE_AREA.width, fontSize: 11 } as const;

/** Shade behind a draft's 待补充 mark (Run style "gap"): light grey, legible in print and on screen. */
export const GAP_SHADE = "#D9D9D9";
