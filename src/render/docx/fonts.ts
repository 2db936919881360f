/**
 * Fonts of the DOCX: which family each piece of text names, as the family is installed on the machines the
 * document is edited on — never embedded, never renamed.
 *
 * Word (and WPS, LibreOffice) match a run's font by family name (`w:rFonts`, ECMA-376 §17.3.2.26) and pick the bold
 * face with `w:b`. A document edited in Word must name the font the clerk has: a subset embedded under a name of its
 * own (as this renderer did) sets each character the clerk types that is not in the subset in another font, letter
 * by letter. So the DOCX names the profile's families: the default profile's "Noto Serif SC" / "Noto Sans SC", the
 * official profile's fonts by the Chinese name their files carry (name table, family name ID 1 in zh-CN: 仿宋 or
 * 仿宋_GB2312, 黑体, 楷体 or 楷体_GB2312, 方正小标宋简体) — the name Chinese Word writes and its font menu shows —
 * with the English name as the font table's `w:altName` (§17.8.3.3), which Word tries when the first is missing.
 *
 * Not embedded: the faces are whole CJK fonts, 10–15 MB each (a 50 MB document for four roles), the official faces'
 * licences (方正, Windows) do not allow passing them on in documents, and the users' machines have them installed.
 * A subset is no option for a document made to be edited (above).
 */
import type { FontFace, FontProfile, FontRole } from "../../fonts/profile.js";

/** The run properties that select a face: the family for every script, and bold for a bold face. */
export interface RunFont {
  readonly font: { readonly ascii: string; readonly hAnsi: string; readonly eastAsia: string; readonly cs: string };
  /** Present (true) only for a bold face: a regular face leaves `w:b` to the style. */
  readonly bold?: true;
}

/** A face is the bold member of its family when its subfamily (name ID 2, what Windows style-links by) says so. */
export function isBoldFace(face: FontFace): boolean {
  return /\bbold\b/i.test(face.info.subfamily);
}

/** The family's names in the font file's naming table, by language (fontkit: `name.records.fontFamily`). */
function familyNames(face: FontFace): Readonly<Record<string, string>> {
  return face.info.familyNames;
}

/**
 * The family as a Chinese system lists it: the file's Simplified Chinese family name (what Word in zh-CN writes
 * into w:rFonts for 仿宋, 黑体…), else its family name (Noto Serif SC has no Chinese one).
 */
export function installedFamily(face: FontFace): string {
  const names = familyNames(face);
  const zh = ["zh", "zh-CN", "zh-Hans", "zh-SG"].map((k) => names[k]).find((n) => n !== undefined && n.trim() !== "");
  return zh ?? face.family;
}

export function runFont(face: FontFace): RunFont {
  const f = installedFamily(face);
  const font = { ascii: f, hAnsi: f, eastAsia: f, cs: f };
  return isBoldFace(face) ? { font, bold: true } : { font };
}

/** The face that sets a role's text; `bold` asks for the role's bold face, which is the regular one when the profile has none. */
export function roleFace(profile: FontProfile, role: FontRole, bold = false): FontFace {
  const r = profile.roles[role];
  return bold ? r.bold : r.regular;
}


/**
 * The font table (word/fontTable.xml, ECMA-376 §17.8.3): one `w:font` per family the document names, with what Word
 * reads to choose a substitute when the font is missing — the English name (`w:altName`), `w:charset 86` (GB 2312,
 * as Word writes for 仿宋 and 黑体), the family's OS/2 Unicode and code-page ranges (`w:sig`: usb0–3 =
 * ulUnicodeRange1–4, csb0–1 = ulCodePageRange1–2) — in place of the entries docx 9 writes for its own defaults.
 */
export function fontTable(profile: FontProfile): (xml: string) => string {
  const byName = new Map<string, FontFace>();
  for (const face of profile.faces) {
    const name = installedFamily(face);
    if (!byName.has(name) || !isBoldFace(face)) byName.set(name, face);
  }
  const hex = (n: number | undefined) => ((n ?? 0) >>> 0).toString(16).toUpperCase().padStart(8, "0");
  const entries = [...byName].map(([name, face]) => {
    const { unicodeRanges: u, codePageRanges: c } = face.info;
    const alt = name === face.family ? "" : `<w:altName w:val="${escapeXml(face.family)}"/>`;
    return `<w:font w:name="${escapeXml(name)}">${alt}<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/><w:sig w:usb0="${hex(u[0])}" w:usb1="${hex(u[1])}" w:usb2="${hex(u[2])}" w:usb3="${hex(u[3])}" w:csb0="${hex(c[0])}" w:csb1="${hex(c[1])}"/></w:font>`;
  });
  return (xml) => xml.replace(/(<w:fonts\b[^>]*>)[\s\S]*(<\/w:fonts>)/, (_, open: string, close: string) => open + entries.join("") + close).replace(/<w:fonts\b([^>]*)\/>/, (_, attrs: string) => `<w:fonts${attrs}>${entries.join("")}</w:fonts>`);
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
