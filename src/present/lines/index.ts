/**
 * The lines of a presented paragraph, as the presentation stage sets them (layout.ts) with the fonts in use:
 * advances from the font files (fontkit, src/fonts/profile.ts textWidth, shared with the column widths and the
 * charts), break rules from the page profile (`lines.units`) and the document's place names. A renderer draws
 * them; pagination counts them.
 *
 * Laid out once per paragraph object and fonts (pagination keeps the objects of the blocks it does not change),
 * and once per content: a paragraph with the same runs, settings and break rules as one laid out before with the
 * same fonts gets that one's lines — the split head or tail pagination tried before, a paragraph repeated, or, in
 * the preview's long-lived process, every paragraph an edit did not touch (after Typst's memoised layout).
 */
import { textWidth, type FontProfile } from "../../fonts/profile.js";
import { fontFace } from "../present.js";
import type { PresentedCell, PresentedDocument, PresentedParagraph, PresentedRun, PresentedTable } from "../types.js";
import type { BreakRules } from "./breaks.js";
import { layOutLines, type Advance, type LineSettings, type PositionedLine } from "./layout.js";

export type { LineSegment, PositionedLine, LineEnd } from "./layout.js";

/** Paragraph styles set on the GB/T 9704 grid (characters a line, the pitch set by tracking). */
const GRID_STYLES = new Set(["body", "heading1", "heading2"]);

const laid = new WeakMap<PresentedParagraph, { readonly fonts: FontProfile; readonly width: number; readonly lines: PositionedLine[] }>();
const advances = new WeakMap<FontProfile, Advance>();

/** The paragraph's lines in `doc` (its profile and place names), set with `fonts`, in a column `width` wide (the type area's by default). */
export function paragraphLines(p: PresentedParagraph, doc: PresentedDocument, fonts: FontProfile, width = doc.profile.typeArea.width): PositionedLine[] {
  const hit = laid.get(p);
  if (hit && hit.fonts === fonts && hit.width === width) return hit.lines;
  const lines = memoised(fonts, p.runs, lineSettings(p, doc, width), { units: doc.profile.lines.units, words: doc.meta.placeNames ?? [] });
  laid.set(p, { fonts, width, lines });
  return lines;
}

/** How many contents' lines are kept per fonts (the bulletin lays out ~600 with pagination's variants): the oldest go first. */
const MEMO_SIZE = 8192;
const byContent = new WeakMap<FontProfile, Map<string, PositionedLine[]>>();
const rulesKeys = new WeakMap<readonly string[], string>();

/** `layOutLines`, once per fonts and content (runs, settings, break rules). */
function memoised(fonts: FontProfile, runs: readonly PresentedRun[], settings: LineSettings, rules: BreakRules): PositionedLine[] {
  let memo = byContent.get(fonts);
  if (!memo) byContent.set(fonts, (memo = new Map()));
  // What the layout reads of a run (layout.ts clustersOf): its text, face and draft mark — not its provenance.
  let key = `${JSON.stringify(settings)}\n${rulesKey(rules.units)}\n${rulesKey(rules.words)}`;
  for (const r of runs) key += `\u0002${r.face.role}\u0003${r.face.bold ? 1 : 0}${r.gap ? 1 : 0}${r.text}`;
  const hit = memo.get(key);
  if (hit) {
    // Most recently used last: Map keeps insertion order.
    memo.delete(key);
    memo.set(key, hit);
    return hit;
  }
  const lines = layOutLines(runs, settings, advanceOf(fonts), rules);
  memo.set(key, lines);
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value!);
  return lines;
}

function rulesKey(list: readonly string[]): string {
  let key = rulesKeys.get(list);
  if (key === undefined) rulesKeys.set(list, (key = list.join("\u0001")));
  return key;
}

const cellsLaid = new WeakMap<PresentedCell, { readonly fonts: FontProfile; readonly width: number; readonly lines: PositionedLine[] }>();

/** A table cell's lines, set in its column's content `width` at the table's cell size (no grid tracking: cells are not on the body grid). */
export function cellLines(cell: PresentedCell, table: PresentedTable, doc: PresentedDocument, fonts: FontProfile, width: number): PositionedLine[] {
  const hit = cellsLaid.get(cell);
  if (hit && hit.fonts === fonts && hit.width === width) return hit.lines;
  const profile = doc.profile;
  const settings: LineSettings = {
    width,
    size: table.cellSize,
    firstLineIndent: 0,
    align: cell.align,
    tracking: 0,
    stretchMax: profile.lines.stretchMax,
    shrinkMax: profile.lines.shrinkMax,
    compressLineStart: profile.lines.compressLineStart,
    looseEm: profile.lines.looseEm,
  };
  const lines = memoised(fonts, cell.runs, settings, { units: profile.lines.units, words: doc.meta.placeNames ?? [] });
  cellsLaid.set(cell, { fonts, width, lines });
  return lines;
}

function lineSettings(p: PresentedParagraph, doc: PresentedDocument, width: number): LineSettings {
  const profile = doc.profile;
  // The grid: `grid.chars` characters fill the type area's width (GB/T 9704 §5.2.2: 28 a line), so each takes the
  // character pitch; 收行 (paginate.ts) sets a paragraph tighter than that. 放行 (`loosen`) asks for one line more:
  // the least-cost breaks giving it, spaced within the profile's limits (else the paragraph stays as it was).
  const tracking = GRID_STYLES.has(p.style) ? profile.charPitch - p.size - (p.flow?.squeeze ?? 0) : 0;
  const split = p.flow?.split;
  return {
    width: width - p.rightIndent,
    size: p.size,
    firstLineIndent: split === "tail" ? 0 : p.firstLineIndent,
    align: p.align,
    tracking,
    stretchMax: profile.lines.stretchMax,
    shrinkMax: profile.lines.shrinkMax,
    compressLineStart: profile.lines.compressLineStart,
    looseEm: profile.lines.looseEm,
    // 收行's tighter setting counts against the limit: the two together never more than retrackMax.
    retrackMax: Math.max(0, profile.lines.retrackMax - (p.flow?.squeeze ?? 0) / p.size),
    // 放行 may space the lines by up to keep.loosenMax more a character to find its line (none of them loose).
    ...(p.flow?.loosen ? { looseness: 1, loosenMax: profile.keep.loosenMax } : {}),
    ...(split === "head" ? { justifyLast: true } : {}),
    ...(split === "tail" ? { continues: true } : {}),
  };
}

function advanceOf(fonts: FontProfile): Advance {
  let advance = advances.get(fonts);
  if (!advance) advances.set(fonts, (advance = (face, ch, size) => textWidth(fontFace(fonts, face), ch, size)));
  return advance;
}
