/**
 * Fonts by role. A document asks for a role (title, body, heading 1, heading 2, chart); a profile says
 * which font file serves it. "default" uses free fonts installed from npm; "official" uses the fonts a
 * user drops into fonts/ (listed in fonts/official.yaml; see fonts/README.md). GB/T 9704 roles:
 * title 小标宋, body 仿宋, heading 1 黑体, heading 2 楷体.
 *
 * A font is read from inside the project (its own font packages under node_modules/ included), or from the
 * one folder fonts/official.yaml names with `folder:` — nowhere else: a font is embedded in every PDF and
 * DOCX, so a `../` name or a link would put any file of the machine into them (src/io/read.ts).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import * as fontkit from "fontkit";
import { z } from "zod";
import { UserError } from "../errors.js";
import { loadYaml } from "../data/yaml.js";
import { confinedTo, realInside } from "../io/project-path.js";
import { readInput, type Confinement } from "../io/read.js";

export const FONT_ROLES = ["title", "body", "heading1", "heading2", "chart"] as const;
export type FontRole = (typeof FONT_ROLES)[number];

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

const require = createRequire(import.meta.url);
const npmFont = (pkg: string, file: string): string => join(require.resolve(`${pkg}/package.json`), "..", file);
const SERIF = "@expo-google-fonts/noto-serif-sc";
const SANS = "@expo-google-fonts/noto-sans-sc";

/** The default profile: Noto Serif SC / Noto Sans SC (OFL-1.1) stand in for the official faces. */
const DEFAULT_FILES: Record<FontRole, { regular: string; bold: string }> = {
  title: { regular: npmFont(SERIF, "700Bold/NotoSerifSC_700Bold.ttf"), bold: npmFont(SERIF, "700Bold/NotoSerifSC_700Bold.ttf") },
  body: { regular: npmFont(SERIF, "400Regular/NotoSerifSC_400Regular.ttf"), bold: npmFont(SERIF, "700Bold/NotoSerifSC_700Bold.ttf") },
  heading1: { regular: npmFont(SANS, "400Regular/NotoSansSC_400Regular.ttf"), bold: npmFont(SANS, "700Bold/NotoSansSC_700Bold.ttf") },
  heading2: { regular: npmFont(SERIF, "700Bold/NotoSerifSC_700Bold.ttf"), bold: npmFont(SERIF, "700Bold/NotoSerifSC_700Bold.ttf") },
  chart: { regular: npmFont(SANS, "400Regular/NotoSansSC_400Regular.ttf"), bold: npmFont(SANS, "700Bold/NotoSansSC_700Bold.ttf") },
};

/** The folders of the font packages the default profile uses: inside the project's node_modules/. */
const PACKAGE_DIRS = [SERIF, SANS].map((pkg) => dirname(require.resolve(`${pkg}/package.json`)));

const roleSchema = z.object({ regular: z.string().min(1), bold: z.string().min(1).optional() }).strict();
const officialSchema = z
  .object({
    /** The font folder outside the project the user chose to read the files from (else fonts/ itself). */
    folder: z.string().min(1).optional(),
    ...(Object.fromEntries(FONT_ROLES.map((r) => [r, roleSchema])) as Record<FontRole, typeof roleSchema>),
  })
  .strict();

export const PROFILES = ["auto", "default", "official"] as const;

type Files = Record<FontRole, { regular: string; bold: string }>;

/**
 * Loads a profile's font files (each file read and parsed once).
 * "auto" (the default) uses the official fonts when the files fonts/official.yaml names are all in fonts/,
 * the free fonts when none is, and stops with the list of missing files when only some are — a user who
 * copied some official fonts meant to use them.
 */
export function loadFontProfile(name: string, fontsDir: string, display: (f: string) => string = (f) => f): FontProfile {
  // fonts/ is in the project's root folder; the project's font packages (node_modules/) count as inside it.
  const project = confinedTo(dirname(resolve(fontsDir)), ...PACKAGE_DIRS);
  const defaults = { name: "default", files: DEFAULT_FILES, where: project };
  let chosen: { name: string; files: Files; where: Confinement };
  if (name === "default") chosen = defaults;
  else if (name === "official") chosen = { name, ...officialFiles(fontsDir, display, true, project)! };
  else if (name === "auto") {
    const official = officialFiles(fontsDir, display, false, project);
    chosen = official ? { name: "official", ...official } : defaults;
  } else {
    throw new UserError({ message: `unknown font profile "${name}"`, hint: `use one of: ${PROFILES.join(", ")}` });
  }
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

/**
 * The official profile's files from fonts/official.yaml. `required`: every file must exist (else an error
 * naming each missing one). Not required: undefined when none of them is there.
 */
function officialFiles(fontsDir: string, display: (f: string) => string, required: boolean, project: Confinement): { files: Files; where: Confinement } | undefined {
  const config = join(fontsDir, "official.yaml");
  if (!existsSync(config)) {
    if (!required) return undefined;
    throw new UserError({ file: display(config), message: "the official font profile needs this file", hint: "see fonts/README.md: list a font file for each role" });
  }
  const spec = loadYaml(config, display(config), officialSchema, project);
  // `folder:` names the one place outside the project fonts may come from; the files must lie inside it.
  const folder = spec.folder === undefined ? fontsDir : resolve(fontsDir, spec.folder);
  const where = spec.folder === undefined ? project : { inside: [...project.inside, ...confinedTo(folder).inside] };
  const files = Object.fromEntries(
    FONT_ROLES.map((r) => [r, { regular: join(folder, spec[r].regular), bold: join(folder, spec[r].bold ?? spec[r].regular) }]),
  ) as Files;
  const all = FONT_ROLES.flatMap((r) => [files[r].regular, files[r].bold].map((f) => ({ role: r, f })));
  // A name leading out of the project (or of `folder:`) is refused before anything else is said about it.
  for (const r of FONT_ROLES) {
    for (const name of [spec[r].regular, spec[r].bold ?? spec[r].regular]) realInside(join(folder, name), display(join(folder, name)), "font file", where, { file: display(config) });
  }
  const missing = all.filter(({ f }) => !existsSync(f));
  if (!required && missing.length === all.length) return undefined;
  if (missing.length > 0) {
    throw new UserError(
      [...new Map(missing.map((m) => [m.f, m])).values()].map((m) => ({
        file: display(m.f),
        message: `font file for role ${m.role} not found`,
        hint: `copy the font into ${display(fontsDir)}/ or change ${display(config)}${required ? "" : " (or build with --fonts default)"}`,
      })),
    );
  }
  return { files, where };
}

function openFace(file: string, display: (f: string) => string, where: Confinement): FontFace {
  const unusable = (why: string): UserError =>
    new UserError({ file: display(file), message: why, hint: "use a TrueType (.ttf) or OpenType (.otf) file of one font; copy it again if it may be damaged" });
  const data = readInput(file, display(file), "font file", where);
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
