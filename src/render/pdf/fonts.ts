/**
 * Registers a FontProfile with pdfmake. pdfmake names fonts by key; we key them by role (title, body,
 * heading1, heading2) and register the chart role under its real family name, because pdfmake matches an
 * SVG's font-family to its registered names and silently falls back to the text font otherwise
 * (shared/STACK.md, "pdfmake SVG fonts").
 */
import { emBoxTop, type FontFace, type FontProfile, type FontRole } from "../../fonts/profile.js";

export interface PdfFonts {
  /**
   * pdfmake's `fonts` argument: key → a name in pdfmake's virtual file system or a file path. (pdfmake 0.3
   * takes any object as a URL descriptor, so Buffers are not accepted.) Text fonts come from the VFS, i.e.
   * the profile's bytes already in memory, instead of 15 MB files read again for every document. The chart
   * font must be a real path: SVG text (svg-to-pdfkit) opens its font by the name pdfmake gives back, and
   * pdfkit reads a string name as a file; from the VFS it would silently fall back to the body font.
   */
  readonly definitions: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>;
  /** VFS name → font bytes, to write into pdfmake's virtual file system. */
  readonly vfs: ReadonlyMap<string, Buffer>;
  /** The font files pdfmake may read (the chart font's). */
  readonly files: ReadonlySet<string>;
  /** The pdfmake key of each role. */
  readonly key: Readonly<Record<FontRole, string>>;
}

export function pdfFonts(profile: FontProfile): PdfFonts {
  const key: Record<FontRole, string> = {
    title: "title",
    body: "body",
    heading1: "heading1",
    heading2: "heading2",
    chart: profile.roles.chart.regular.family,
  };
  // A chart face goes by its path wherever it is used: pdfkit caches a font under the name it was opened
  // by, and re-reads the file on every SVG text if the same face was first opened from the VFS.
  const chart = new Set([profile.roles.chart.regular, profile.roles.chart.bold]);
  const name = (face: FontFace): string => (chart.has(face) ? face.file : `fonts/${profile.faces.indexOf(face)}-${face.postscriptName}.ttf`);
  const definitions: PdfFonts["definitions"] = {};
  for (const role of Object.keys(key) as FontRole[]) {
    const { regular, bold } = profile.roles[role];
    definitions[key[role]] = { normal: name(regular), bold: name(bold), italics: name(regular), bolditalics: name(bold) };
  }
  const inMemory = profile.faces.filter((f) => !chart.has(f));
  return { definitions, key, vfs: new Map(inMemory.map((f) => [name(f), f.data])), files: new Set([...chart].map((f) => f.file)) };
}

/**
 * pdfmake sets a line's height as `font.lineHeight(size) × lineHeight`. This gives the factor that makes
 * a line of `size` points in `face` exactly `pitch` points high (pdfkit: (ascender − descender)/1000 × size).
 */
export function lineHeightFactor(profile: FontProfile, role: FontRole, size: number, pitch: number): number {
  const font = profile.roles[role].regular.font;
  const natural = ((font.ascent - font.descent) / font.unitsPerEm) * size;
  return pitch / natural;
}

/**
 * pdfmake puts a line's baseline one font ascent below the line's top (extra leading goes below). The
 * top of the ideographic em box lies lower, at the typographic ascender (0.88 em in CJK fonts). This is
 * the distance between the two, so that a layout figure meant for the characters (37 mm to the first
 * line, 7 mm to the page number) can be applied to the line box pdfmake positions.
 */
export function emTopOffset(profile: FontProfile, role: FontRole, size: number): number {
  const face = profile.roles[role].regular;
  return (face.font.ascent / face.font.unitsPerEm - emBoxTop(face)) * size;
}
