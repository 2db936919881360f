/**
 * Fonts by role. A document asks for a role (title, body, heading 1, heading 2, chart); a profile says
 * which font file serves it. "default" uses free fonts installed from npm; "official" uses the fonts a
 * user drops into fonts/ (listed in fonts/official.yaml; see fonts/README.md). GB/T 9704 roles:
 * title 小标宋, body 仿宋, heading 1 黑体, heading 2 楷体. Which files, and where they may be read from: files.ts.
 */
import * as fontkit from "fontkit";
import { UserError } from "../errors.js";
import { readInputInto, sizeInput, type Confinement } from "../io/read.js";
import { FONT_ROLES, chooseFiles, type FontRole } from "./files.js";
import { sharedFontFile, sharedFontFileOf } from "./shared.js";

export { FONT_ROLES, PROFILES, readFontFiles, type FontRole } from "./files.js";

/**
 * One font file, parsed once. `family` is the name inside the file (Word and SVG match by it). Its names and
 * metrics (`info`) are read with the face; its bytes and glyphs (`data`, `font`) when first asked for — a face
 * no document of the build sets is never read whole (shared.ts).
 */
export interface FontFace {
  readonly file: string;
  readonly family: string;
  readonly postscriptName: string;
  /** The file's size in bytes. */
  readonly size: number;
  readonly info: FaceInfo;
  readonly data: Buffer;
  readonly font: fontkit.Font;
}

/** What the font's name, OS/2, head and hhea tables say, read without its glyphs. */
export interface FaceInfo {
  /** Name ID 2 (Regular, Bold…): what Windows style-links by. */
  readonly subfamily: string;
  /** The family's names by language (name ID 1). */
  readonly familyNames: Readonly<Record<string, string>>;
  readonly unitsPerEm: number;
  /** hhea ascent and descent, in font units. */
  readonly ascent: number;
  readonly descent: number;
  /** OS/2: the typographic ascender (font units), weight class, Unicode and code-page ranges. */
  readonly typoAscender?: number;
  readonly weightClass?: number;
  readonly unicodeRanges: readonly number[];
  readonly codePageRanges: readonly number[];
  /** head checkSumAdjustment: a checksum of the whole file. */
  readonly checksum: number;
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

/** The tables a face's names and metrics are read from before its glyphs (FaceInfo). */
const INFO_TABLES = new Set(["name", "OS/2", "head", "hhea", "maxp", "post"]);
/** The bytes read first: an sfnt header and the directory of a font of up to 64 tables (a CJK face has ~20). */
const HEAD_BYTES = 12 + 16 * 64;

function openFace(file: string, display: (f: string) => string, where: Confinement): FontFace {
  const unusable = (why: string): UserError =>
    new UserError({ file: display(file), message: why, hint: "use a TrueType (.ttf) or OpenType (.otf) file of one font; copy it again if it may be damaged" });
  const shared = sharedFontFile(file) ?? sharedFontFileOf(sizeInput(file, display(file), "font file", where));
  const data = Buffer.from(shared.bytes.buffer, shared.bytes.byteOffset, shared.bytes.byteLength);
  const readAll = (): void => {
    if (Atomics.load(shared.read, 0) === 1) return;
    readInputInto(file, display(file), "font file", where, data);
    Atomics.store(shared.read, 0, 1);
  };
  // The header and the table directory, then the tables the names and metrics come from; a file that is not a
  // plain sfnt (a collection, WOFF) is read whole, and judged as a whole.
  if (Atomics.load(shared.read, 0) !== 1) {
    readInputInto(file, display(file), "font file", where, data, [[0, HEAD_BYTES]]);
    const tag = data.toString("latin1", 0, 4);
    const tables = data.length >= 12 && (tag === "\0\x01\0\0" || tag === "OTTO" || tag === "true") ? data.readUInt16BE(4) : -1;
    if (tables < 0) readAll();
    else {
      if (12 + 16 * tables > HEAD_BYTES) readInputInto(file, display(file), "font file", where, data, [[HEAD_BYTES, 12 + 16 * tables]]);
      const ranges: [number, number][] = [];
      for (let k = 0; k < tables && 12 + 16 * k + 16 <= data.length; k++) {
        const at = 12 + 16 * k;
        if (INFO_TABLES.has(data.toString("latin1", at, at + 4))) ranges.push([data.readUInt32BE(at + 8), data.readUInt32BE(at + 8) + data.readUInt32BE(at + 12)]);
      }
      readInputInto(file, display(file), "font file", where, data, ranges);
    }
  }
  let font: fontkit.Font;
  let info: FaceInfo;
  try {
    const opened = fontkit.create(data);
    if (!("familyName" in opened) || "fonts" in opened) throw new Error("a font collection (.ttc); use a single-font .ttf/.otf file");
    font = opened as fontkit.Font;
    info = faceInfo(font);
  } catch (e) {
    throw unusable(`not a usable font (truncated or damaged?): ${(e as Error).message}`);
  }
  let checked = false;
  /** The whole file, read once among the threads; its glyphs checked once in this one. */
  const whole = (): void => {
    if (checked) return;
    readAll();
    try {
      // fontkit reads tables lazily: a truncated file opens, then fails at the first glyph. Touch what the
      // build uses (the character map, a layout) now, so a damaged file is named here.
      font.hasGlyphForCodePoint(0x4e00);
      font.layout("字").advanceWidth.toFixed();
    } catch (e) {
      throw unusable(`not a usable font (truncated or damaged?): ${(e as Error).message}`);
    }
    checked = true;
  };
  return {
    file,
    family: font.familyName,
    postscriptName: font.postscriptName,
    size: data.length,
    info,
    get data() {
      whole();
      return data;
    },
    get font() {
      whole();
      return font;
    },
  };
}

function faceInfo(font: fontkit.Font): FaceInfo {
  const f = font as unknown as { name?: { records?: { fontFamily?: Record<string, string> } }; "OS/2"?: { typoAscender?: number; usWeightClass?: number; ulCharRange?: number[]; codePageRange?: number[] }; head?: { checkSumAdjustment?: number } };
  const os2 = f["OS/2"];
  return {
    subfamily: font.subfamilyName,
    familyNames: f.name?.records?.fontFamily ?? {},
    unitsPerEm: font.unitsPerEm,
    ascent: font.ascent,
    descent: font.descent,
    ...(os2?.typoAscender !== undefined && { typoAscender: os2.typoAscender }),
    ...(os2?.usWeightClass !== undefined && { weightClass: os2.usWeightClass }),
    unicodeRanges: [...(os2?.ulCharRange ?? [])],
    codePageRanges: [...(os2?.codePageRange ?? [])],
    checksum: f.head?.checkSumAdjustment ?? -1,
  };
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
    const f = face.info;
    metrics.set(face, (m = { ascent: f.ascent / f.unitsPerEm, descent: f.descent / f.unitsPerEm, emBoxTop: (f.typoAscender ?? 0.88 * f.unitsPerEm) / f.unitsPerEm }));
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
