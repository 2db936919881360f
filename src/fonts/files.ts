/**
 * Which font files a profile uses, and where they may be read from — without parsing them (profile.ts does):
 * the CLI reads the files before it starts the render workers (readFontFiles), with nothing else loaded.
 *
 * A font is read from inside the project (its own font packages under node_modules/ included), or from the
 * one folder fonts/official.yaml names with `folder:` — nowhere else: a font is embedded in every PDF and
 * DOCX, so a `../` name or a link would put any file of the machine into them (src/io/read.ts).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { UserError } from "../errors.js";
import { loadYaml } from "../data/yaml.js";
import { confinedTo, realInside } from "../io/project-path.js";
import { sizeInput, type Confinement } from "../io/read.js";
import { shareFontFiles, sharedFontFileOf, type SharedFontFile } from "./shared.js";

export const FONT_ROLES = ["title", "body", "heading1", "heading2", "chart"] as const;
export type FontRole = (typeof FONT_ROLES)[number];

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
 * A profile's font files as memory that render workers share (src/fonts/shared.ts), before the workers start:
 * each file checked and sized, read by the first thread that needs it, held once.
 */
export function readFontFiles(name: string, fontsDir: string, display: (f: string) => string = (f) => f): Map<string, SharedFontFile> {
  const chosen = chooseFiles(name, fontsDir, display);
  const files = new Set(FONT_ROLES.flatMap((r) => [chosen.files[r].regular, chosen.files[r].bold]));
  const sized = new Map([...files].map((file) => [file, sharedFontFileOf(sizeInput(file, display(file), "font file", chosen.where))]));
  shareFontFiles(sized);
  return sized;
}

/** Which files a profile uses (see loadFontProfile in profile.ts), and where they may be read from. */
export function chooseFiles(name: string, fontsDir: string, display: (f: string) => string): { name: string; files: Files; where: Confinement } {
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
  return chosen;
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

