/**
 * Character classes of Chinese punctuation for line composition, after W3C clreq (Requirements for Chinese Text
 * Layout, https://www.w3.org/TR/clreq/) and GB/T 15834-2011 (标点符号用法).
 *
 * - opening marks (开始夹注、开始引号、开始书名号): the glyph sits in the right half of its em box, the left half
 *   is blank (clreq #glyphs_sizes_and_positions_in_character_faces_of_punctuation_marks);
 * - closing marks (结束夹注、结束引号、结束书名号) and the pause or stop marks (点号：，。、；：？！) set in
 *   Simplified Chinese: the glyph sits in the left half, the right half is blank.
 *
 * Those halves are what punctuation compression removes (clreq #punctuation_width_adjustment).
 */

export const OPENING = new Set([..."“‘（《〈「『【〔〖［｛"]);
export const CLOSING = new Set([..."”’）》〉」』】〕〗］｝"]);
/** Pause or stop marks (点号). */
export const STOPS = new Set([..."，。、；：？！"]);
/**
 * Marks that never start a line besides closing and stop marks (clreq #prohibition-rules-basic: 连接号, 间隔号,
 * 分隔号; the ideographic iteration mark and the prolonged sound mark, as UAX #14 class NS).
 */
const NO_START_OTHER = new Set([..."·・‧～~-–/々〻ー"]);
/** Marks that never end a line besides opening marks (clreq #prohibition-rules-basic, GB-style: 分隔号 /). */
const NO_END_OTHER = new Set([..."/"]);
/** Marks set two ems wide that are one unit (clreq #prohibition_rules_for_unbreakable_marks): ——, ……, ⸺. */
export const UNBREAKABLE_PAIRS = new Set([..."—…⋯⸺"]);

export type PunctuationKind = "open" | "close" | "stop" | "other";

export function punctuationKind(ch: string): PunctuationKind {
  if (OPENING.has(ch)) return "open";
  if (CLOSING.has(ch)) return "close";
  if (STOPS.has(ch)) return "stop";
  return "other";
}

/** May not start a line (行首禁则). */
export const noLineStart = (ch: string): boolean => CLOSING.has(ch) || STOPS.has(ch) || NO_START_OTHER.has(ch);
/** May not end a line (行尾禁则). */
export const noLineEnd = (ch: string): boolean => OPENING.has(ch) || NO_END_OTHER.has(ch);

/** Western text: letters, digits and the marks that belong to a number; no space is added inside it (clreq #procedures_for_inter-character_space_expansion). */
export const isWestern = (ch: string): boolean => /^[\p{Script=Latin}\p{Nd}.,%‰+\-−'’]$/u.test(ch) && !CLOSING.has(ch);

/** A connector (连接号) or solidus: no space is added next to it (clreq #procedures_for_inter-character_space_expansion). */
export const isConnector = (ch: string): boolean => /^[-–~～/]$/.test(ch);

/** A text's width in em on the grid, as the profile counts it: an ASCII character (a digit, `.`, `%`) half an em, any other one. */
export const gridEms = (chars: Iterable<string>): number => {
  let n = 0;
  for (const c of chars) n += c < "\u0080" ? 0.5 : 1;
  return n;
};
