/**
 * The page profile: what a page looks like, as data (gbt9704.profile.json, GB/T 9704-2012 by default),
 * resolved here into points. The presentation stage (present.ts) and every renderer (through the presented
 * document's `profile`) take every page figure from it; none defines its own. src/model/layout.ts keeps the
 * default's figures under their old names for the charts.
 *
 * A report kind may set its pages by another profile (report.yaml `page:`, read by profile-file.ts): the model
 * then carries it (`meta.pageProfile`, the default with the file's fields over it) and `pageProfileOf` resolves it.
 */
import raw from "./gbt9704.profile.json" with { type: "json" };
import type { FontRole } from "../fonts/profile.js";

export const MM = 72 / 25.4;

/** A text style of the profile, resolved: the face role, size and line pitch in points. */
export interface TextSpec {
  readonly face: FontRole;
  readonly size: number;
  /** Line pitch in points. */
  readonly pitch: number;
  readonly firstLineIndent: number;
  readonly rightIndent: number;
  readonly spaceBefore: number;
  readonly spaceAfter: number;
}

export type TextKind = "body" | "docNumber" | "title" | "heading1" | "heading2" | "caption" | "unit" | "note" | "tableText" | "tableHeader" | "signature" | "pageNumber";

export interface PageProfile {
  readonly name: string;
  readonly page: { readonly width: number; readonly height: number };
  readonly margin: { readonly top: number; readonly left: number; readonly right: number; readonly bottom: number };
  readonly typeArea: { readonly width: number; readonly height: number };
  readonly grid: { readonly lines: number; readonly chars: number };
  /** Body line pitch (type area height / lines) and character pitch (width / chars). */
  readonly linePitch: number;
  readonly charPitch: number;
  readonly sizes: Readonly<Record<string, number>>;
  readonly text: Readonly<Record<TextKind, TextSpec>>;
  /** The run-in heading's face (a run inside a body paragraph). */
  readonly runInFace: FontRole;
  readonly pageNumber: { readonly belowTypeArea: number; readonly inset: number };
  readonly table: { readonly cellPadding: { readonly vertical: number; readonly horizontal: number }; readonly rule: number; readonly around: number };
  readonly figure: { readonly around: number; readonly chartFontSize: number };
  readonly keep: {
    readonly headingLines: number;
    readonly orphanLines: number;
    readonly widowLines: number;
    readonly floatShrink: number;
    readonly floatPages: number;
    /** The most lines a keep rule may leave empty at a page's foot before a paragraph is set tighter (收行) or looser (放行). */
    readonly gapLines: number;
    /** A paragraph whose last line holds at most this many characters may be set tighter to end a line earlier. */
    readonly squeezeChars: number;
    /** At most this fraction of the font size less space per character. */
    readonly squeezeMax: number;
    /** At most this fraction of the font size more space per character, where a paragraph is set looser to take a line more (放行). */
    readonly loosenMax: number;
  };
  /** Units a number is never separated from at a line break, longest first. */
  readonly noBreakUnits: readonly string[];
  /** Line composition (src/present/lines/). */
  readonly lines: {
    /** The most space added between two characters to justify a line, in em, before the line counts as stretched. */
    readonly stretchMax: number;
    /** The most space taken from a gap between two characters, in em, where compressing the punctuation does not make a line fit. */
    readonly shrinkMax: number;
    /** The space a line may be given in all, in em, before it counts as loose (other breaks are taken first). */
    readonly looseEm: number;
    /** Where no breaks avoid a loose line, the most space a character, in em, a paragraph may be set tighter (0: never). */
    readonly retrackMax: number;
    /** An opening mark starting a line loses its blank half (clreq: may). */
    readonly compressLineStart: boolean;
    /** Units and classifiers a number keeps at a line break (a break before them is of lower priority), `noBreakUnits` included, longest first. */
    readonly units: readonly string[];
    /** The widest place name or number with its unit, in em (a digit half an em), that the DOCX keeps on one line (render/docx/joins.ts); 0: none. */
    readonly joinMax: number;
  };
}

interface RawText {
  face: string;
  size?: string | number;
  linePitch?: number;
  pitchFactor?: number;
  firstLineIndentChars?: number;
  rightIndentChars?: number;
  spaceBefore?: number;
  spaceBeforeLines?: number;
  spaceAfterLines?: number;
  belowTypeArea?: number;
  insetChars?: number;
}

/** A profile as data, the shape of gbt9704.profile.json (lengths in mm, sizes in pt or 字号 names). */
export type ProfileData = typeof raw;

/** The default profile's data (GB/T 9704-2012). */
export const DEFAULT_PROFILE_DATA: ProfileData = raw;

export function resolveProfile(p: ProfileData): PageProfile {
  const linePitch = (p.typeArea.height * MM) / p.grid.lines;
  const charPitch = (p.typeArea.width * MM) / p.grid.chars;
  const sizes = p.sizes as Record<string, number>;
  const size = (s: string | number | undefined, fallback: number): number => (typeof s === "number" ? s : s === undefined ? fallback : (sizes[s] ?? fail(`unknown size ${s}`)));
  const body = size(p.text.body.size, 16);
  const spec = (t: RawText): TextSpec => {
    const sz = size(t.size, body);
    return {
      face: t.face as FontRole,
      size: sz,
      pitch: t.linePitch ?? (t.pitchFactor ? t.pitchFactor * sz : linePitch),
      firstLineIndent: (t.firstLineIndentChars ?? 0) * charPitch,
      rightIndent: (t.rightIndentChars ?? 0) * charPitch,
      spaceBefore: t.spaceBefore ?? (t.spaceBeforeLines ?? 0) * linePitch,
      spaceAfter: (t.spaceAfterLines ?? 0) * linePitch,
    };
  };
  const text = Object.fromEntries(Object.entries(p.text).filter(([k]) => k !== "runIn").map(([k, v]) => [k, spec(v as RawText)])) as Record<TextKind, TextSpec>;
  return {
    name: p.name,
    page: { width: p.page.width * MM, height: p.page.height * MM },
    margin: { top: p.margin.top * MM, left: p.margin.left * MM, right: p.margin.right * MM, bottom: p.margin.bottom * MM },
    typeArea: { width: p.typeArea.width * MM, height: p.typeArea.height * MM },
    grid: p.grid,
    linePitch,
    charPitch,
    sizes,
    text,
    runInFace: p.text.runIn.face as FontRole,
    pageNumber: { belowTypeArea: p.text.pageNumber.belowTypeArea * MM, inset: p.text.pageNumber.insetChars * charPitch },
    table: { cellPadding: p.table.cellPadding, rule: p.table.rule, around: p.table.aroundLines * linePitch },
    figure: { around: p.figure.aroundLines * linePitch, chartFontSize: p.figure.chartFontSize },
    keep: p.keep,
    noBreakUnits: [...p.noBreakUnits].sort((a, b) => b.length - a.length),
    lines: { stretchMax: p.lines.stretchMax, shrinkMax: p.lines.shrinkMax, looseEm: p.lines.looseEm, retrackMax: p.lines.retrackMax, compressLineStart: p.lines.compressLineStart, joinMax: p.lines.joinMax, units: [...new Set([...p.lines.units, ...p.noBreakUnits])].sort((a, b) => b.length - a.length) },
  };
}

function fail(message: string): never {
  throw new Error(`page profile: ${message}`);
}

/** The default profile, GB/T 9704-2012. */
export const PAGE_PROFILE: PageProfile = resolveProfile(raw);

/** Resolved once per model's profile data (a thread presents a model once per format). */
const RESOLVED = new WeakMap<ProfileData, PageProfile>();

/** The profile a model is set on: its kind's (`meta.pageProfile`), else the default. */
export function pageProfileOf(meta: { readonly pageProfile?: ProfileData }): PageProfile {
  const data = meta.pageProfile;
  if (!data) return PAGE_PROFILE;
  let p = RESOLVED.get(data);
  if (!p) RESOLVED.set(data, (p = resolveProfile(data)));
  return p;
}
