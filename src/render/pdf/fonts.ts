/**
 * Registers a FontProfile with pdfmake. pdfmake names fonts by key; we key them by role (title, body,
 * heading1, heading2) and register the chart role under its real family name, because pdfmake matches an
 * SVG's font-family to its registered names and silently falls back to the text font otherwise
 * (shared/STACK.md, "pdfmake SVG fonts").
 */
import type { FontProfile, FontRole } from "../../fonts/profile.js";

export interface PdfFonts {
  /**
   * pdfmake's `fonts` argument: key → face file paths. (pdfmake 0.3 takes any object as a URL descriptor,
   * so Buffers are not accepted here; files are read through its local access policy.)
   */
  readonly definitions: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>;
  /** The files pdfmake may read. */
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
  const definitions: PdfFonts["definitions"] = {};
  for (const role of Object.keys(key) as FontRole[]) {
    const { regular, bold } = profile.roles[role];
    definitions[key[role]] = { normal: regular.file, bold: bold.file, italics: regular.file, bolditalics: bold.file };
  }
  return { definitions, key, files: new Set(profile.faces.map((f) => f.file)) };
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
  const font = profile.roles[role].regular.font;
  const emTop = font["OS/2"]?.typoAscender ?? 0.88 * font.unitsPerEm;
  return ((font.ascent - emTop) / font.unitsPerEm) * size;
}
