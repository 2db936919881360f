/**
 * Fonts of the DOCX: which face sets each piece of text, the run fonts Word reads, and the subset TrueType files
 * embedded in word/fonts/.
 *
 * Word matches a run's font by family name (`w:rFonts`) and picks the bold face with `w:b`. docx 9 embeds the faces
 * of one family in one `w:font` entry: `{ name, data, bold, italic, boldItalic }` become `w:embedRegular`,
 * `w:embedBold`, … each a file of its own (`word/fonts/fontN.odttf`, in the order regular, bold, italic, bold
 * italic, font after font). So faces are grouped by family and put in the slot their own style names (the font's
 * subfamily, as Windows style-links faces): the default profile's Noto Serif SC Regular (body) and Noto Serif SC
 * Bold (title, heading 2, bold body text) become one entry, `Noto Serif SC`, with embedRegular and embedBold.
 * A role whose "regular" face is a bold file (the default title) is set as that family with `w:b`.
 */
import subsetFont from "subset-font";
import { CharacterSet, type IPropertiesOptions } from "docx";
import type { FontFace, FontProfile, FontRole } from "../../fonts/profile.js";
import { cached } from "../../cache/store.js";
import { faceDigest } from "../../cache/font-digest.js";
import { familyAlias, renameFont } from "./font-alias.js";

export type EmbeddedFont = NonNullable<IPropertiesOptions["fonts"]>[number];

/** The run properties that select a face: the family for every script, and bold for a bold face. */
export interface RunFont {
  readonly font: { readonly ascii: string; readonly hAnsi: string; readonly eastAsia: string; readonly cs: string };
  /** Present (true) only for a bold face: a regular face leaves `w:b` to the style. */
  readonly bold?: true;
}

/** A face is the bold member of its family when its subfamily (name ID 2, what Windows style-links by) says so. */
export function isBoldFace(face: FontFace): boolean {
  return /\bbold\b/i.test(face.font.subfamilyName);
}

export function runFont(face: FontFace): RunFont {
  const f = face.family;
  const font = { ascii: f, hAnsi: f, eastAsia: f, cs: f };
  return isBoldFace(face) ? { font, bold: true } : { font };
}

/** The face that sets a role's text; `bold` asks for the role's bold face, which is the regular one when the profile has none. */
export function roleFace(profile: FontProfile, role: FontRole, bold = false): FontFace {
  const r = profile.roles[role];
  return bold ? r.bold : r.regular;
}

/** The characters each face sets in the document: what its subset must keep. */
export class GlyphUsage {
  private readonly chars = new Map<FontFace, Set<string>>();

  add(face: FontFace, text: string): string {
    let set = this.chars.get(face);
    if (!set) this.chars.set(face, (set = new Set()));
    for (const ch of text) set.add(ch);
    return text;
  }

  /** The characters of `face`, sorted by code point (so the subset does not depend on the order text was added). */
  text(face: FontFace): string | undefined {
    const set = this.chars.get(face);
    if (!set || set.size === 0) return undefined;
    return [...set].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!).join("");
  }
}

/** `w:charset 86`: GB 2312, what Word writes for Simplified Chinese fonts (SimSun, FangSong). */
const GB_2312 = CharacterSet.GB_2312;

export interface SubsetFace {
  readonly face: FontFace;
  readonly text: string;
  readonly data: Buffer;
}

/**
 * Subsets every face the document uses to its characters (TrueType outlines: Word embeds TrueType only) and groups
 * them into docx's font options, one per family, in the profile's face order. Two files of one family and one style
 * (which a profile could name) cannot both be embedded: the first in profile order is.
 */
export async function embeddedFonts(profile: FontProfile, usage: GlyphUsage): Promise<{ fonts: EmbeddedFont[]; faces: SubsetFace[]; aliases: ReadonlyMap<string, string> }> {
  const used = profile.faces.flatMap((face) => {
    const text = usage.text(face);
    return text === undefined || !embeddable(face) ? [] : [{ face, text }];
  });
  // harfbuzz runs in one wasm instance: the subsets are made one after another whatever the scheduling.
  const faces: SubsetFace[] = [];
  for (const { face, text } of used) {
    // Through the artefact cache (src/cache/): the face's bytes and the characters are the whole input.
    const data = noSubsetting(face) ? face.data : await cached("subset", [faceDigest(face), text], () => subsetFont(face.data, text, { targetFormat: "truetype" }));
    faces.push({ face, text, data });
  }

  // Each family embedded under an alias of its own (font-alias.ts), in the files and in the package.
  const aliases = new Map<string, string>();
  for (const family of new Set(faces.map((f) => f.face.family))) aliases.set(family, familyAlias(family, faces.filter((f) => f.face.family === family).map((f) => f.data)));
  faces.forEach((f, i) => (faces[i] = { ...f, data: renameFont(f.data, aliases.get(f.face.family)!) }));

  const families = new Map<string, { regular?: Buffer; bold?: Buffer }>();
  for (const { face, data } of faces) {
    const entry = families.get(face.family) ?? {};
    families.set(face.family, entry);
    const slot = isBoldFace(face) ? "bold" : "regular";
    entry[slot] ??= data;
  }
  const fonts = [...families].map(([family, { regular, bold }]): EmbeddedFont => {
    const name = aliases.get(family)!;
    // A family used only in its bold face is embedded as w:embedBold alone (valid: every CT_Font child is optional).
    // docx 9 types `data` as required but skips a face whose data is missing (FontWrapper's FACES loop).
    if (regular === undefined) return { name, bold, characterSet: GB_2312 } as unknown as EmbeddedFont;
    return bold === undefined ? { name, data: regular, characterSet: GB_2312 } : { name, data: regular, bold, characterSet: GB_2312 };
  });
  return { fonts, faces, aliases };
}

/** Every run font (w:rFonts) and font entry naming an embedded family gets its alias instead. */
export function aliasFonts(aliases: ReadonlyMap<string, string>): (xml: string) => string {
  return (xml) => xml.replace(/(\bw:(?:ascii|hAnsi|eastAsia|cs)=")([^"]*)(")/g, (all, open: string, name: string, close: string) => {
    const alias = aliases.get(unescapeXml(name));
    return alias ? open + alias + close : all;
  });
}

interface Os2 {
  readonly fsType?: number;
  readonly ulCharRange?: readonly number[];
  readonly codePageRange?: readonly number[];
}
const os2 = (face: FontFace): Os2 => (face.font as unknown as { "OS/2"?: Os2 })["OS/2"] ?? {};

/**
 * OS/2 fsType: a font whose licence allows no embedding at all ("restricted license", 0x0002 with no other
 * permission bit) is not embedded; Word would not embed it either. The document still names it.
 */
export function embeddable(face: FontFace): boolean {
  return ((os2(face).fsType ?? 0) & 0x000f) !== 0x0002;
}

/** OS/2 fsType 0x0100 "no subsetting": such a font is embedded whole. */
function noSubsetting(face: FontFace): boolean {
  return ((os2(face).fsType ?? 0) & 0x0100) !== 0;
}

/**
 * docx 9 writes the same `w:sig` for every embedded font (Latin Unicode ranges and code pages, no GB 2312); Word
 * reads it to judge which scripts a font covers. This puts each family's own OS/2 ranges there
 * (usb0–3 = ulUnicodeRange1–4, csb0–1 = ulCodePageRange1–2, ECMA-376 §17.8.3.16).
 */
export function fontSignatures(faces: readonly SubsetFace[], aliases: ReadonlyMap<string, string>): (fontTable: string) => string {
  const byFamily = new Map<string, FontFace>();
  for (const { face } of faces) {
    const name = aliases.get(face.family) ?? face.family;
    if (!byFamily.has(name) || !isBoldFace(face)) byFamily.set(name, face);
  }
  const hex = (n: number | undefined) => ((n ?? 0) >>> 0).toString(16).toUpperCase().padStart(8, "0");
  return (xml) =>
    xml.replace(/(<w:font\b[^>]*\bw:name="([^"]*)"[^>]*>)([\s\S]*?)(<\/w:font>)/g, (all, open: string, name: string, inner: string, close: string) => {
      const face = byFamily.get(unescapeXml(name));
      if (!face) return all;
      const { ulCharRange: u = [], codePageRange: c = [] } = os2(face);
      const sig = `<w:sig w:usb0="${hex(u[0])}" w:usb1="${hex(u[1])}" w:usb2="${hex(u[2])}" w:usb3="${hex(u[3])}" w:csb0="${hex(c[0])}" w:csb1="${hex(c[1])}"/>`;
      return open + inner.replace(/<w:sig\b[^>]*\/>/, sig) + close;
    });
}

const unescapeXml = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
