/**
 * Fonts by role. A document asks for a role (title, body, heading 1, heading 2, chart); a profile says
 * which font file serves it. "default" uses free fonts installed from npm; "official" uses the fonts a
 * user drops into fonts/ (listed in fonts/official.yaml; see fonts/README.md). GB/T 9704 roles:
 * title 小标宋, body 仿宋, heading 1 黑体, heading 2 楷体. Which files, and where they may be read from: files.ts.
 */
import * as fontkit from "fontkit";
import { UserError } from "../errors.js";
import { readInput, type Confinement } from "../io/read.js";
import { FONT_ROLES, chooseFiles, type FontRole } from "./files.js";
import { sharedFontFile } from "./shared.js";

export { FONT_ROLES, PROFILES, readFontFiles, type FontRole } from "./files.js";

/** One font file, parsed once. `family` is the name inside the file (Word and SVG match by it). */
export interface FontFace {
  readonly file: string;
  readonly family: string;
  readonly postscriptName: string;
  readonly data: Buffer;
  readonly font: fontkit.Font;
}

export interface RoleFont {
  readonly regular: FontFace;
  /** Bold face; the regular face when the profile has none (renderers then leave it regular). */
  readonly bold: FontFace;
}

export interface FontProfile {
  readonly name: string;
  readonly roles: Readonly<Record<FontRole, RoleFont>>;
  /** Every distinct face, in a stable order (for embedding). */
  readonly faces: readonly FontFace[];
}

/**
 * Loads a profile's font files (each file read and parsed once).
 * "auto" (the default) uses the official fonts when the files fonts/official.yaml names are all in fonts/,
 * the free fonts when none is, and stops with the list of missing files when only some are — a user who
 * copied some official fonts meant to use them.
 */
export function loadFontProfile(name: string, fontsDir: string, display: (f: string) => string = (f) => f): FontProfile {
  const chosen = chooseFiles(name, fontsDir, display);
  const files = chosen.files;

  const faces = new Map<string, FontFace>();
  const face = (file: string): FontFace => {
    let f = faces.get(file);
    if (!f) {
      f = openFace(file, display, chosen.where);
      faces.set(file, f);
    }
    return f;
  };
  const roles = Object.fromEntries(FONT_ROLES.map((r) => [r, { regular: face(files[r].regular), bold: face(files[r].bold) }])) as Record<FontRole, RoleFont>;
  return { name: chosen.name, roles, faces: [...faces.values()] };
}

function openFace(file: string, display: (f: string) => string, where: Confinement): FontFace {
  const unusable = (why: string): UserError =>
    new UserError({ file: display(file), message: why, hint: "use a TrueType (.ttf) or OpenType (.otf) file of one font; copy it again if it may be damaged" });
  const data = sharedFontFile(file) ?? readInput(file, display(file), "font file", where);
  let font: fontkit.Font;
  try {
    const opened = fontkit.create(data);
    if (!("familyName" in opened) || "fonts" in opened) throw new Error("a font collection (.ttc); use a single-font .ttf/.otf file");
    font = opened as fontkit.Font;
    // fontkit reads tables lazily: a truncated file opens, then fails at the first glyph. Touch what the
    // build uses (names, the character map, a layout) now, so a damaged file is named here.
    void font.familyName.length;
    font.hasGlyphForCodePoint(0x4e00);
    font.layout("字").advanceWidth.toFixed();
  } catch (e) {
    throw unusable(`not a usable font (truncated or damaged?): ${(e as Error).message}`);
  }
  return { file, family: font.familyName, postscriptName: font.postscriptName, data, font };
}

/** Per face, texts' advance widths in font units (shaping a text is the cost; a table's cells come back every rebuild). */
const advances = new WeakMap<FontFace, Map<string, number>>();
/** Texts remembered per face before the memo starts again: a few bulletins' worth of table cells and labels. */
const MAX_ADVANCES = 20_000;

/** Advance width of `text` set in `face` at `size` points, from the font's own metrics (with kerning/shaping). */
export function textWidth(face: FontFace, text: string, size: number): number {
  let known = advances.get(face);
  if (!known || known.size >= MAX_ADVANCES) advances.set(face, (known = new Map()));
  let advance = known.get(text);
  if (advance === undefined) known.set(text, (advance = face.font.layout(text).advanceWidth));
  return (advance / face.font.unitsPerEm) * size;
}

/**
 * Where the ideographic em box's top lies above the baseline, in em: the typographic ascender (OS/2
 * sTypoAscender, 0.88 em in CJK fonts). GB/T 9704 figures (37 mm to the first line, 7 mm to the page
 * number) are measured to the characters, so both renderers place text by this, not by the line box.
 */
export const emBoxTop = (face: FontFace): number => verticalMetrics(face).emBoxTop;

/** A face's vertical metrics in em: fontkit reads them from the font's tables on every access, a page flow asks per line. */
export interface VerticalMetrics {
  readonly ascent: number;
  readonly descent: number;
  /** The em box's top below the line box's (`emBoxTop`). */
  readonly emBoxTop: number;
}

const metrics = new WeakMap<FontFace, VerticalMetrics>();

export function verticalMetrics(face: FontFace): VerticalMetrics {
  let m = metrics.get(face);
  if (!m) {
    const f = face.font;
    metrics.set(face, (m = { ascent: f.ascent / f.unitsPerEm, descent: f.descent / f.unitsPerEm, emBoxTop: (f["OS/2"]?.typoAscender ?? 0.88 * f.unitsPerEm) / f.unitsPerEm }));
  }
  return m;
}

/** Per face, whether it sets a code point (white space counts as set): each document asks again for the same few thousand. */
const covered = new WeakMap<FontFace, Map<number, boolean>>();

/** The characters of `text` the face has no glyph for. */
export function missingGlyphs(face: FontFace, text: string): string[] {
  let known = covered.get(face);
  if (!known) covered.set(face, (known = new Map()));
  const out = new Set<string>();
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    let has = known.get(code);
    if (has === undefined) known.set(code, (has = /\s/.test(ch) || face.font.hasGlyphForCodePoint(code)));
    if (!has) out.add(ch);
  }
  return [...out];
}
