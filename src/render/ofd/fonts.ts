/**
 * The document's fonts (GB/T 33190-2016 §11.1 table 44, CT_Font in PublicRes.xml): one Font resource per face the
 * pages use, with its file embedded (`FontFile`), so the document shows the same glyphs on a machine without the
 * fonts — what an archive asks of a document (GB/T 33190 §11.1: a reader uses the embedded file before a system font).
 *
 * Embedded as subsets (subset-font 2.x, harfbuzz's hb-subset, with the characters each face draws): the faces are
 * whole CJK fonts of 10–15 MB each, a 50 MB package for four faces; a subset keeps its character map, so TextCode's
 * Unicode text still names the glyphs. hb-subset gives the same bytes for the same font and characters.
 */
import subsetFont from "subset-font";
import type { FontFace } from "../../fonts/profile.js";
import type { Ids } from "./ids.js";
import { esc } from "./units.js";

/** A face is bold by its weight class (OS/2 usWeightClass ≥ 600, semibold and up): what Weight and Bold say of it. */
export function weightOf(face: FontFace): number {
  return face.info.weightClass ?? 400;
}

export class FontResources {
  private readonly used = new Map<FontFace, { id: number; chars: Set<string> }>();

  constructor(private readonly ids: Ids) {}

  /** The resource id of a face, noting the characters it draws. */
  use(face: FontFace, text: string): number {
    let entry = this.used.get(face);
    if (!entry) this.used.set(face, (entry = { id: this.ids.next(), chars: new Set() }));
    for (const ch of text) entry.chars.add(ch);
    return entry.id;
  }

  /** PublicRes.xml and the font files it names (paths inside the Res folder), in the order the faces were first used. */
  async resources(): Promise<{ xml: string; files: Record<string, Uint8Array> }> {
    const files: Record<string, Uint8Array> = {};
    const fonts: string[] = [];
    for (const [face, { id, chars }] of this.used) {
      const data = new Uint8Array(await subsetFont(face.data, [...chars].sort().join(""), { targetFormat: "truetype" }));
      // hb-subset keeps the outlines' kind: CFF outlines (an OpenType file starting `OTTO`) are an .otf.
      const name = `font_${id}.${Buffer.from(data.subarray(0, 4)).toString("latin1") === "OTTO" ? "otf" : "ttf"}`;
      files[name] = data;
      const bold = weightOf(face) >= 600 ? ` Bold="true"` : "";
      fonts.push(`<ofd:Font ID="${id}" FontName="${esc(face.postscriptName)}" FamilyName="${esc(face.family)}"${bold}><ofd:FontFile>${name}</ofd:FontFile></ofd:Font>`);
    }
    return { xml: fonts.length ? `<ofd:Fonts>${fonts.join("")}</ofd:Fonts>` : "", files };
  }
}
