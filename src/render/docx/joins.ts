/**
 * The line-level no-break rules in the DOCX, where Word and LibreOffice break lines for themselves — when the page
 * profile asks for them (`lines.joinMax` > 0; GB/T 9704's default: 0, none). A place name of data/regions.yaml
 * (`贵州省`) and a number with its unit or classifier (the profile's `lines.units`: `53家`, `2020年`, `17名`) are then
 * *joins*, runs of their own that no line break enters.
 *
 * How (measured on the bulletin in LibreOffice 7.4, `soffice --convert-to pdf`): LibreOffice breaks Chinese text
 * with its own CJK break iterator (i18npool BreakIterator_CJK), which breaks before any ideograph and reads neither
 * U+2060 WORD JOINER, nor U+FEFF, nor the document's own 避头尾 lists (settings.xml w:noLineBreaksAfter /
 * w:noLineBreaksBefore): the 15 number|unit and 5 place-name splits stayed with each. A run whose East Asian
 * language is en-US goes to its ICU (UAX #14) iterator instead, which keeps a WORD JOINER's neighbours together
 * (rule LB11). So a join is a run marked `w:lang w:eastAsia="en-US"` (and `w:noProof`: it is not English to proof)
 * with U+2060 between its characters wherever one of them is not ASCII — the character Unicode gives for this, which
 * Word reads too (how far Word honours it between ideographs could not be measured here).
 *
 * Word and LibreOffice have no break of lower priority, as the PDF's line layout has for number|unit: a join is
 * moved whole, and the line before it keeps the room it leaves. So only joins up to `lines.joinMax` em wide are made
 * (a digit counted half an em). Measured with 3 (`2020年`, `17名`, `贵州省`): the bulletin's splits in LibreOffice
 * 15 number|unit and 5 place names → 5 (all wider: `186.41|亿元`) and 0; lines stretched by 3 em or more 10 → 15
 * (24, and a page more, when every number with its unit is joined).
 *
 * What it changes, and why it is off by default: the DOCX's text carries those U+2060. Nothing is drawn for them and
 * the text LibreOffice's PDF gives is the same characters, and src/word/reader.ts drops them when it reads a DOCX
 * back (review, import) — but an editor's Find does not see past them: LibreOffice finds no `全省` in `全⁠省`.
 */
import { gridEms } from "../../present/lines/chars.js";
import type { PageProfile } from "../../present/profile.js";

export const WORD_JOINER = "\u2060";

/** A piece of a run's text: `join` pieces are kept on one line. */
export interface Piece {
  readonly text: string;
  readonly join?: true;
}

/** A run's text → its pieces. */
export type Joiner = (text: string) => Piece[];

const isAscii = (c: string): boolean => c < "\u0080";

/**
 * The joins of a document: a number (or a range, `2019-2020`) before one of the profile's units, longest first, or a
 * place name, longest first; each at most `lines.joinMax` em wide.
 */
export function joiner(profile: PageProfile, placeNames: readonly string[] = []): Joiner {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const units = profile.lines.units.map(escape).join("|");
  const places = [...placeNames].filter((p) => p.length > 1).sort((a, b) => b.length - a.length).map(escape).join("|");
  const parts = [...(units ? [`\\d[\\d.,]*(?:[-–~]\\d[\\d.,]*)?(?:${units})`] : []), ...(places ? [places] : [])];
  if (parts.length === 0 || profile.lines.joinMax <= 0) return (text) => [{ text }];
  const pattern = new RegExp(parts.join("|"), "gu");
  return (text) => {
    const out: Piece[] = [];
    let last = 0;
    for (const m of text.matchAll(pattern)) {
      const chars = Array.from(m[0]);
      // ASCII beside ASCII (`3.2%`) needs no joiner: no break iterator breaks there.
      if (chars.every(isAscii) || gridEms(chars) > profile.lines.joinMax) continue;
      if (m.index > last) out.push({ text: text.slice(last, m.index) });
      out.push({ text: chars.map((c, i) => (i > 0 && !(isAscii(c) && isAscii(chars[i - 1]!)) ? WORD_JOINER + c : c)).join(""), join: true });
      last = m.index + m[0].length;
    }
    if (last < text.length || out.length === 0) out.push({ text: text.slice(last) });
    return out;
  };
}
