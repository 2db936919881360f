/**
 * A paragraph's lines, broken and justified once, by the presentation stage: the PDF only draws them.
 *
 * Input: the paragraph's runs (faces, sizes), the line width, the first-line indent, alignment, the tracking
 * (space after every character: the GB/T 9704 grid's 28 characters a line) and an advance measure (the font's,
 * or a fixed one in tests). Output: positioned lines — each with its text, its segments (a face and a run of
 * glyphs at an x with one spacing after each glyph, as a PDF text object draws them), the space added per gap,
 * the punctuation compression applied, and why it ends where it does.
 *
 * Justification follows W3C clreq, in its order:
 * 1. punctuation compression (clreq #punctuation_width_adjustment): of two adjacent full-width marks, the blank
 *    half between them goes (#h-compression_of_adjacent_punctuation_marks: `”。` `》，` `），` 2 em → 1.5 em);
 *    a closing or stop mark ending a line is half width (GB/T 15834-2011 §5.1.10, #h-compression_of_punctuation_marks_at_line_start);
 *    an opening mark starting a line (not a paragraph's first) loses its blank half where the profile asks
 *    (`lines.compressLineStart`); a line too long by less than
 *    its marks' remaining blank halves is set with them reduced (先挤进，后推出, #prohibition-rules-basic and
 *    #procedures_for_inter-character_spacing_reduction);
 *    then, where that is not enough, the gaps between characters reduced evenly, by at most the profile's
 *    `lines.shrinkMax` em each (#reduced_inter_character_spacing);
 * 2. even inter-character spacing (#procedures_for_inter-character_space_expansion), none inside Western text or
 *    next to a connector, up to the profile's `lines.stretchMax` em a gap;
 * 3. only then a break of lower priority (a number before its unit, breaks.ts) — before a stretched line.
 * The breaks of a paragraph are chosen together (total fit, after Knuth and Plass: a dynamic programme over the
 * break opportunities, each line's cost from how far it is stretched or compressed), so a loose line is avoided
 * where moving an earlier break avoids it. The last line is not justified (#line_adjustment).
 */
import type { Face, PresentedRun, TextAlign } from "../types.js";
import { breakClasses, type BreakClass, type BreakRules } from "./breaks.js";
import { isConnector, isWestern, punctuationKind, UNBREAKABLE_PAIRS, type PunctuationKind } from "./chars.js";

/** The advance of one character in a face at a size, in points. */
export type Advance = (face: Face, ch: string, size: number) => number;

export interface LineSettings {
  readonly width: number;
  readonly size: number;
  readonly firstLineIndent: number;
  readonly align: TextAlign;
  /** Space after every character (PDF Tc), in points: negative to fit the grid's characters a line. */
  readonly tracking: number;
  /** The most space added a gap, in em, before a line counts as stretched (profile `lines.stretchMax`). */
  readonly stretchMax: number;
  /** The most space taken from a gap, in em, where the marks' blank halves are not enough (profile `lines.shrinkMax`). */
  readonly shrinkMax: number;
  /**
   * Lines more than the best breaks give (放行: a paragraph set to take a line more), where that keeps every line
   * within the limits — `stretchMax` raised by `loosenMax` — and leaves no loose line (`looseEm`); else the paragraph as it was.
   */
  readonly looseness?: number;
  /** The space a gap may take more, in em, where `looseness` asks for a line more (profile `keep.loosenMax`). */
  readonly loosenMax?: number;
  /** The last line justified too (the head of a paragraph split at a page's foot). */
  readonly justifyLast?: boolean;
  /** The first line continues a paragraph (its split tail): an opening mark at its start is compressed as at any line's start. */
  readonly continues?: boolean;
  /**
   * An opening mark starting a line (not a paragraph's first) loses its blank half (clreq
   * #h-compression_of_punctuation_marks_at_line_start: "can"). Off in the GB/T 9704 profile: a bracket there then
   * keeps its full width, its box at the type area's edge, as Word sets it by default (w:topLinePunct off).
   */
  readonly compressLineStart?: boolean;
  /**
   * A line given this much space or more in all, in em, is loose (profile `lines.looseEm`): the breaks avoid it
   * wherever other breaks keep every line within the limits, at a cost below a lower-priority break's.
   */
  readonly looseEm?: number;
  /**
   * Where no breaks avoid a loose line, the paragraph is set again with up to this much less space a character, in
   * em (profile `lines.retrackMax`), and the least change that leaves no loose line is kept.
   */
  readonly retrackMax?: number;
  /** Every line looked at by the total fit, none left out as certainly stretched (chooseBreaks): the same breaks, slower — for the test that shows it. */
  readonly exhaustive?: boolean;
}

/** Glyphs of one face drawn from `x` (points from the line's left edge), each followed by `spacing` more than its advance. */
export interface LineSegment {
  readonly text: string;
  readonly face: Face;
  readonly x: number;
  readonly spacing: number;
  /** A draft mark (shaded). */
  readonly gap?: true;
}

/** Why a line ends where it does. */
export type LineEnd = "break" | "lower-priority break" | "forced" | "paragraph end";

export interface PositionedLine {
  readonly text: string;
  readonly segments: readonly LineSegment[];
  /** The width the glyphs and the compressed punctuation take, before space is added. */
  readonly natural: number;
  /** Space added to justify the line, in all (points), and per gap; negative where taken from the gaps to fit. */
  readonly added: number;
  readonly perGap: number;
  /** Width removed by punctuation compression (points). */
  readonly compressed: number;
  readonly end: LineEnd;
  /** The paragraph was set this much tighter a character, in em, to leave no loose line (`retrackMax`). */
  readonly tighter?: number;
}

interface Cluster {
  readonly ch: string;
  readonly face: Face;
  readonly gap: boolean;
  /** Advance with tracking. */
  readonly advance: number;
  /** The glyph's own advance (for the spacing a segment draws it with). */
  readonly glyph: number;
  readonly kind: PunctuationKind;
  /** Blank half a full-width mark can lose: before it (opening) or after it (closing, stop). */
  readonly half: number;
  /** Compressed inside any line: the blank half removed against a neighbouring mark. */
  readonly paired: boolean;
  /** Space may be added after it. */
  readonly stretchAfter: boolean;
}

/** Costs of the total fit. A lower-priority break costs more than any line stretched within the limit, less than one beyond it. */
const LOW_PENALTY = 3000;
/** A break where none may be (every position is a candidate, so that a paragraph always has lines): only where nothing else fits. */
const FORCED_PENALTY = 1e18;
const STRETCHED = 1e5;
/** A paragraph's last line holding one character (clreq #adjustments_of_orphans_and_widows: avoided where it can be, before a lower-priority break). */
const LONE_LAST = 500;
/** A loose line (`looseEm`): more than any line within the limits costs, less than a lower-priority break. */
const LOOSE_PENALTY = 1000;
/** The steps in which `retrackMax` is tried, in em. */
const RETRACK_STEP = 0.005;
const EPSILON = 1e-6;

export function layOutLines(runs: readonly PresentedRun[], settings: LineSettings, advance: Advance, rules: BreakRules): PositionedLine[] {
  // 放行's line more only where it leaves no loose line: a page a line short is the lesser harm.
  const lines = settings.looseness ? setLines(runs, { ...settings, stretchMax: settings.stretchMax + (settings.loosenMax ?? 0) }, advance, rules) : undefined;
  if (lines && looseLines(lines, settings) === 0) return lines;
  return retracked(runs, settings.looseness ? { ...settings, looseness: 0 } : settings, advance, rules);
}

/** The paragraph's lines; where they leave a loose line, set tighter as far as `retrackMax` allows to avoid it. */
function retracked(runs: readonly PresentedRun[], settings: LineSettings, advance: Advance, rules: BreakRules): PositionedLine[] {
  const lines = setLines(runs, settings, advance, rules);
  const loose = looseLines(lines, settings);
  if (loose === 0 || !settings.retrackMax) return lines;
  // Set a little tighter as a whole, the least change first: the breaks move, and the loose line may go. Only
  // tighter: a line's space is counted from its characters' own spacing, so in a paragraph set looser a line
  // would count less space than it shows; set tighter, it shows less than it counts.
  const lower = lowerBreaks(lines);
  for (let k = 1; k * RETRACK_STEP <= settings.retrackMax + EPSILON; k++) {
    const tracking = settings.tracking - k * RETRACK_STEP * settings.size;
    const other = setLines(runs, { ...settings, tracking }, advance, rules);
    if (looseLines(other, settings) === 0 && lowerBreaks(other) <= lower && other.length <= lines.length) return other.map((l) => ({ ...l, tighter: Number((k * RETRACK_STEP).toFixed(3)) }));
  }
  return lines;
}

/** Lines other than a paragraph's last given `looseEm` or more of space. */
function looseLines(lines: readonly PositionedLine[], s: LineSettings): number {
  if (s.looseEm === undefined) return 0;
  const limit = s.looseEm * s.size - EPSILON;
  return lines.filter((l) => (l.end !== "paragraph end" || s.justifyLast) && l.added >= limit).length;
}

const lowerBreaks = (lines: readonly PositionedLine[]): number => lines.filter((l) => l.end === "lower-priority break" || l.end === "forced").length;

function setLines(runs: readonly PresentedRun[], settings: LineSettings, advance: Advance, rules: BreakRules): PositionedLine[] {
  const clusters = clustersOf(runs, settings, advance);
  const n = clusters.length;
  if (n === 0) return [];
  const classes = breakClasses(
    clusters.map((c) => c.ch),
    rules,
  );
  const breaks = chooseBreaks(clusters, classes, settings);
  const lines: PositionedLine[] = [];
  for (let l = 0; l < breaks.length - 1; l++) {
    const i = breaks[l]!;
    const j = breaks[l + 1]!;
    const end: LineEnd = j === n ? "paragraph end" : classes[j] === "ok" ? "break" : classes[j] === "low" ? "lower-priority break" : "forced";
    lines.push(position(clusters, i, j, l === 0, j === n, settings, end));
  }
  return lines;
}

function clustersOf(runs: readonly PresentedRun[], s: LineSettings, advance: Advance): Cluster[] {
  const raw = runs.flatMap((r) => Array.from(r.text.replace(/[\r\n]/g, ""), (ch) => ({ ch, face: r.face, gap: r.gap === true })));
  return raw.map((c, k) => {
    const glyph = advance(c.face, c.ch, s.size);
    const kind = punctuationKind(c.ch);
    // Only a full-width mark has a blank half to lose.
    const half = kind !== "other" && glyph >= 0.9 * s.size ? glyph / 2 : 0;
    const prev = raw[k - 1];
    const next = raw[k + 1];
    const nextKind = next ? punctuationKind(next.ch) : "other";
    const prevKind = prev ? punctuationKind(prev.ch) : "other";
    // A closing or stop mark before another mark loses its blank right half; an opening mark after an opening one its left.
    const paired = half > 0 && ((kind !== "open" && nextKind !== "other") || (kind === "open" && prevKind === "open"));
    const stretchAfter = next !== undefined && !(isWestern(c.ch) && isWestern(next.ch)) && !isConnector(c.ch) && !isConnector(next.ch) && !(UNBREAKABLE_PAIRS.has(c.ch) && c.ch === next.ch);
    return { ch: c.ch, face: c.face, gap: c.gap, advance: glyph + s.tracking, glyph, kind, half, paired, stretchAfter };
  });
}

/** What a line from cluster i to j (excluded) takes: natural width, compression still possible, gaps that take space. */
interface Measured {
  readonly natural: number;
  /** Width the marks' blank halves can still give. */
  readonly shrink: number;
  readonly gaps: number;
}

/** Sums over clusters, so that any line's measure is a few subtractions. */
class Sums {
  private readonly advance: number[] = [0];
  private readonly paired: number[] = [0];
  private readonly optional: number[] = [0];
  private readonly gaps: number[] = [0];

  /** Every cluster adds width to a line it joins (its advance with tracking exceeds what pairing removes): lines grow as they start earlier. */
  readonly monotone: boolean;

  constructor(
    private readonly c: readonly Cluster[],
    private readonly compressStart: boolean,
  ) {
    let monotone = true;
    for (const x of c) {
      this.advance.push(this.advance[this.advance.length - 1]! + x.advance);
      this.paired.push(this.paired[this.paired.length - 1]! + (x.paired ? x.half : 0));
      this.optional.push(this.optional[this.optional.length - 1]! + (x.paired ? 0 : x.half));
      this.gaps.push(this.gaps[this.gaps.length - 1]! + (x.stretchAfter ? 1 : 0));
      if (x.advance - (x.paired ? x.half : 0) < 0) monotone = false;
    }
    this.monotone = monotone;
  }

  /**
   * The first i in [1, j) from which every line [i, j) is certainly stretched beyond the limit in a column `width`
   * wide (j where none is): shorter than the width by more than `room` a gap, measured at its widest — before its
   * edges' compression, which only narrows it. With `monotone`, a line starting earlier is no narrower and has no
   * fewer gaps, so the lines that are stretched by that measure are those starting from some i on: found by halving.
   */
  firstStretched(j: number, width: number, room: number): number {
    const stretched = (i: number): boolean => width - (this.advance[j]! - this.advance[i]! - (this.paired[j]! - this.paired[i]!)) > (this.gaps[j - 1]! - this.gaps[i]!) * room + EPSILON;
    let lo = 1;
    let hi = j; // stretched(hi) is known, or hi = j: none
    if (j - 1 < lo || !stretched(j - 1)) return j;
    hi = j - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (stretched(mid)) hi = mid;
      else lo = mid + 1;
    }
    return hi;
  }

  /** The line of clusters [i, j); `first`: the paragraph's first line. */
  line(i: number, j: number, first: boolean): Measured {
    const { end, start } = edgeCuts(this.c, i, j, first, this.compressStart);
    const natural = this.advance[j]! - this.advance[i]! - (this.paired[j]! - this.paired[i]!) - end - start;
    // Marks not compressed yet, less those the line's edges compressed — and an opening mark starting the line
    // that its edge did not compress: it keeps its blank half, its box at the type area's edge.
    const head = this.c[i]!;
    const kept = head.kind === "open" && !head.paired && start === 0 ? head.half : 0;
    const shrink = this.optional[j]! - this.optional[i]! - end - start - kept;
    // The gap after the last character is not inside the line.
    const gaps = this.gaps[j - 1]! - this.gaps[i]!;
    return { natural, shrink, gaps };
  }
}

/**
 * The compression a line's edges get: a closing or stop mark ending it is half width (GB/T 15834 §5.1.10), an
 * opening mark starting it (not the paragraph's first line) too (clreq #h-compression_of_punctuation_marks_at_line_start).
 * A mark already compressed against its neighbour is not compressed again.
 */
function edgeCuts(c: readonly Cluster[], i: number, j: number, first: boolean, compressStart: boolean): { end: number; start: number } {
  const last = c[j - 1]!;
  const head = c[i]!;
  const end = last.kind !== "open" && !last.paired ? last.half : 0;
  const start = compressStart && head.kind === "open" && !head.paired && !first ? head.half : 0;
  return { end, start: j - 1 === i ? Math.min(start, head.half - end) : start };
}

/**
 * The breaks of least total cost (total fit). With `looseness`, the least-cost breaks giving that many lines more
 * (放行, after TeX's \looseness), if those keep every line within the limits; else the best ones.
 *
 * Every position is a break candidate in Chinese text, so a line may end at j having started at any of the ~30
 * positions before it that fit; most of those lines are far too short — stretched beyond the limit, at a cost no
 * paragraph with a line within the limits ever pays. The search first leaves them out (`fitting`), and only where
 * that finds no breaks costing less than a stretched line does it look at every line: the same breaks either way
 * (a stretched line costs more than any set of breaks it could replace; test/lines.test.ts compares both on
 * random paragraphs), at a sixth of the lines measured (73 000 against 445 000 for the bulletin's pagination).
 */
function chooseBreaks(c: readonly Cluster[], classes: readonly BreakClass[], s: LineSettings): number[] {
  const sums = new Sums(c, s.compressLineStart === true);
  return (s.exhaustive ? undefined : totalFit(c, classes, s, sums, true)) ?? totalFit(c, classes, s, sums, false)!;
}

/** The least a line stretched beyond the limit costs (lineCost: r > 1). */
const STRETCHED_COST = 1e8;

/**
 * The total fit. `fitting`: lines certainly stretched beyond the limit left out, and undefined where the breaks
 * found cost as much as a stretched line (then they may not be the best: the caller looks at every line).
 */
function totalFit(c: readonly Cluster[], classes: readonly BreakClass[], s: LineSettings, sums: Sums, fitting: boolean): number[] | undefined {
  const n = c.length;
  const penalty = (j: number): number => (j === n ? 0 : classes[j] === "ok" ? 0 : classes[j] === "low" ? LOW_PENALTY : FORCED_PENALTY);
  const extra = s.looseness ?? 0;
  // Every line that may be set, from i to j at its cost (the penalty of the break that ends it included), kept
  // only for 放行's count of lines; the least total cost to each position as they come (cost[i] is final by then).
  const into: { i: number; cost: number }[][] | undefined = extra > 0 ? Array.from({ length: n + 1 }, () => []) : undefined;
  const cost = new Float64Array(n + 1).fill(Infinity);
  const from = new Int32Array(n + 1).fill(-1);
  const room = s.stretchMax * s.size;
  const skipping = fitting && sums.monotone;
  cost[0] = 0;
  for (let j = 1; j <= n; j++) {
    const last = j === n && !s.justifyLast;
    // A line [i, j) with i ≥ `start` + 1 is shorter than the width by more than its gaps can take even before
    // its edges' compression (monotone: a line starting earlier is no shorter and has no fewer gaps): stretched.
    const start = skipping && !last ? sums.firstStretched(j, s.width, room) - 1 : j - 1;
    for (let i = start; i >= 0; i--) {
      const first = i === 0 && !s.continues;
      const width = s.width - (i === 0 ? s.firstLineIndent : 0);
      const m = sums.line(i, j, first);
      const over = m.natural - width;
      if (over - m.shrink - m.gaps * s.shrinkMax * s.size > EPSILON && i < j - 1) break; // overfull even compressed: longer lines are worse
      const line = lineCost(m, width, s, last, j - i === 1 && i > 0) + penalty(j);
      into?.[j]!.push({ i, cost: line });
      if (cost[i]! + line < cost[j]!) {
        cost[j] = cost[i]! + line;
        from[j] = i;
      }
    }
  }
  if (skipping && !(cost[n]! < STRETCHED_COST)) return undefined;
  const best = [n];
  for (let j = n; j > 0; j = from[j]!) best.unshift(from[j]!);
  if (into) {
    const lines = best.length - 1;
    const loose = bestLines(into, n, lines + extra);
    // Kept only where no line is stretched beyond the limit, nor broken where it may not be.
    if (loose && loose.cost < LOW_PENALTY) return loose.breaks;
  }
  return best;
}

/** The lines that may end at each position: where they start, and their cost. */
type Lines = readonly (readonly { readonly i: number; readonly cost: number }[])[];

/** The least-cost breaks from 0 to n in exactly `lines` lines, and their cost (undefined where there are none). */
function bestLines(into: Lines, n: number, lines: number): { breaks: number[]; cost: number } | undefined {
  // By number of lines: cost[k][j], the least cost of reaching j in k lines.
  const cost = Array.from({ length: lines + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const from = Array.from({ length: lines + 1 }, () => new Array<number>(n + 1).fill(-1));
  cost[0]![0] = 0;
  for (let k = 1; k <= lines; k++) {
    for (let j = 1; j <= n; j++) {
      for (const t of into[j]!) {
        const total = cost[k - 1]![t.i]! + t.cost;
        if (total < cost[k]![j]!) {
          cost[k]![j] = total;
          from[k]![j] = t.i;
        }
      }
    }
  }
  if (cost[lines]![n] === Infinity) return undefined;
  const breaks = [n];
  for (let k = lines, j = n; k > 0; j = from[k]![j]!, k--) breaks.unshift(from[k]![j]!);
  return { breaks, cost: cost[lines]![n]! };
}

/** A line's cost: compression is cheaper than added space; space beyond the limit costs more than a lower-priority break. */
function lineCost(m: Measured, width: number, s: LineSettings, last: boolean, lone: boolean): number {
  const short = width - m.natural;
  let badness: number;
  if (short < -EPSILON) {
    // The marks first, then the gaps.
    const over = -short;
    const gapShrink = m.gaps * s.shrinkMax * s.size;
    if (over > m.shrink + gapShrink + EPSILON) return FORCED_PENALTY;
    badness = over <= m.shrink ? 20 * (over / m.shrink) ** 3 : 20 + 100 * ((over - m.shrink) / gapShrink) ** 3;
  } else if (last) {
    return lone ? LONE_LAST : 0;
  } else {
    const room = m.gaps * s.stretchMax * s.size;
    const r = short <= EPSILON ? 0 : room > 0 ? short / room : Infinity;
    badness = r <= 1 ? 100 * r ** 3 : STRETCHED * Math.min(r, 1e3);
    if (r <= 1 && s.looseEm !== undefined && short >= s.looseEm * s.size - EPSILON) return (1 + badness) ** 2 / 100 + LOOSE_PENALTY;
  }
  return (1 + badness) ** 2 / 100;
}

/** The line of clusters [i, j), positioned. */
function position(c: readonly Cluster[], i: number, j: number, firstLine: boolean, lastLine: boolean, s: LineSettings, end: LineEnd): PositionedLine {
  const first = firstLine && !s.continues;
  const width = s.width - (firstLine ? s.firstLineIndent : 0);
  const { end: endCut, start: startCut } = edgeCuts(c, i, j, first, s.compressLineStart === true);
  // Each cluster's blank halves removed, before it (lead) and after it (trail).
  const lead: number[] = [];
  const trail: number[] = [];
  let optional = 0;
  for (let k = i; k < j; k++) {
    const x = c[k]!;
    const fixed = x.paired ? x.half : 0;
    const edge = k === j - 1 && endCut > 0 ? endCut : k === i && startCut > 0 ? startCut : 0;
    const cut = fixed || edge;
    lead.push(x.kind === "open" ? cut : 0);
    trail.push(x.kind === "open" ? 0 : cut);
    // An opening mark starting the line keeps a blank half its edge did not take (先挤进 squeezes the others).
    if (!cut && !(k === i && x.kind === "open")) optional += x.half;
  }
  let natural = 0;
  for (let k = i; k < j; k++) natural += c[k]!.advance - lead[k - i]! - trail[k - i]!;
  // Too long: the marks not compressed yet give up their blank halves, evenly (先挤进).
  const over = natural - width;
  const squeeze = over > EPSILON && optional > 0 ? Math.min(1, over / optional) : 0;
  if (squeeze > 0) {
    for (let k = i; k < j; k++) {
      const x = c[k]!;
      if (lead[k - i] || trail[k - i] || !x.half || (k === i && x.kind === "open")) continue;
      if (x.kind === "open") lead[k - i] = x.half * squeeze;
      else trail[k - i] = x.half * squeeze;
    }
    natural -= optional * squeeze;
  }
  let gaps = 0;
  for (let k = i; k < j - 1; k++) if (c[k]!.stretchAfter) gaps++;
  const justify = s.align === "justify" && (!lastLine || s.justifyLast === true);
  const short = width - natural;
  // Space spread over the gaps to justify; or, still too long, taken from them (at most shrinkMax each, whatever the alignment).
  const perGap = gaps === 0 ? 0 : short < -EPSILON ? Math.max(short / gaps, -s.shrinkMax * s.size) : justify && short > EPSILON ? short / gaps : 0;
  const offset = s.align === "center" ? Math.max(0, short) / 2 : s.align === "right" ? Math.max(0, short) : 0;
  let pen = (firstLine ? s.firstLineIndent : 0) + offset;
  const xs: number[] = [];
  const after: number[] = [];
  for (let k = i; k < j; k++) {
    const x = c[k]!;
    const origin = pen - lead[k - i]!;
    xs.push(origin);
    pen = origin + x.advance - trail[k - i]! + (k < j - 1 && x.stretchAfter ? perGap : 0);
    after.push(pen);
  }
  let compressed = 0;
  for (let k = 0; k < j - i; k++) compressed += lead[k]! + trail[k]!;
  return {
    text: c
      .slice(i, j)
      .map((x) => x.ch)
      .join(""),
    segments: segmentsOf(c.slice(i, j), xs, after[after.length - 1]!),
    natural,
    added: perGap * gaps,
    perGap,
    compressed,
    end,
  };
}

/**
 * Glyphs in a row of one face with the same space after each make one segment. Each glyph's spacing is the
 * distance to the next glyph less its advance (the last: to where its own box ends, a compressed mark's blank
 * half removed), so that the box a PDF reader gives each glyph (advance + Tc) ends where the next begins: text
 * extraction then sees neither a gap (a space inserted) nor an overlap (a line broken) inside a line.
 */
function segmentsOf(c: readonly Cluster[], xs: readonly number[], end: number): LineSegment[] {
  const out: { text: string; face: Face; x: number; spacing: number; gap: boolean }[] = [];
  c.forEach((x, k) => {
    const spacing = (k + 1 < c.length ? xs[k + 1]! : end) - xs[k]! - x.glyph;
    const seg = out[out.length - 1];
    if (seg && sameFace(seg.face, x.face) && seg.gap === x.gap && Math.abs(spacing - seg.spacing) < 1e-6) seg.text += x.ch;
    else out.push({ text: x.ch, face: x.face, x: xs[k]!, spacing, gap: x.gap });
  });
  return out.map((s) => ({ text: s.text, face: s.face, x: s.x, spacing: s.spacing, ...(s.gap ? { gap: true as const } : {}) }));
}

const sameFace = (a: Face, b: Face): boolean => a.role === b.role && a.bold === b.bold;
