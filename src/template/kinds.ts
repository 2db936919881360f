/**
 * Report kinds: every folder of templates/ holding a report.yaml is one kind, self-contained —
 *
 *   templates/<kind>/report.yaml           name, the regions it is made for, its text files in order, and
 *                                          (optional) its page profile, a file beside it (src/present/profile-file.ts)
 *   templates/<kind>/<yyyy>/document.yaml  that year's document metadata; the kind exists for the years that have one
 *   templates/<kind>/<yyyy>/*.md.hbs       that year's text; a file a year leaves out is taken from the
 *                                          nearest earlier year that has it
 *
 * Adding a kind (or a year of one) reads and compiles nothing of another kind, so it cannot change what
 * another kind builds. Documented in docs/data-and-templates.md ("Report kinds").
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { isoDate } from "../data/schema.js";
import { UserError } from "../errors.js";
import { loadYaml, readText } from "../data/yaml.js";
import type { DocNumber } from "../data/types.js";
import { listInput, inputNames, type Confinement } from "../io/read.js";
import { realInside } from "../io/project-path.js";
import { loadPageProfile } from "../present/profile-file.js";
import type { ProfileData } from "../present/profile.js";

const KIND_NAME = /^[a-z][a-z0-9-]*$/;
const TEMPLATE = /^([a-z][a-z0-9-]*\/)?[^/]+\.md\.hbs$/;

const reportSchema = z
  .object({
    /** What the kind is, for people (messages, docs). */
    name: z.string().min(1).optional(),
    /** province: one report for 520000; prefectures: one per prefecture; or a list of region codes. */
    regions: z.union([z.enum(["province", "prefectures"]), z.array(z.string().regex(/^\d{6}$/, 'a region code has six digits, e.g. "520300" (quote it)')).min(1)]),
    /** Text files in order: `file.md.hbs` (this kind's) or `<kind>/file.md.hbs` (another kind's, same year). */
    templates: z.array(z.string().regex(TEMPLATE, "a template is `name.md.hbs` or `<kind>/name.md.hbs`")).min(1),
    /** The page profile: a file in the kind's folder with the fields it changes of GB/T 9704 (src/present/profile-file.ts). */
    page: z.string().regex(/^[^/\\]+\.(?:ya?ml|json)$/, "the page profile is a .yaml or .json file in the kind's folder, e.g. page.yaml").optional(),
  })
  .strict();

/** `unknown`: the document has this field but it is not known yet — a gap (--draft) or an error. */
const UNKNOWN = z.literal("unknown");

const documentSchema = z
  .object({
    title: z.union([UNKNOWN, z.string().min(1)]).optional(),
    docNumber: z
      .union([
        UNKNOWN,
        z.object({ issuerCode: z.string().min(1), year: z.number().int(), serial: z.number().int().positive() }).strict(),
      ])
      .optional(),
    issuers: z.union([UNKNOWN, z.array(z.string().min(1)).min(1)]).optional(),
    date: z.union([UNKNOWN, isoDate]).optional(),
    keywords: z.array(z.string()).default([]),
  })
  .strict();

export type Unknown = "unknown";

/** A kind's metadata for one year. A field left out: the document has none; "unknown": to be filled. */
export interface KindDocument {
  readonly file: string;
  readonly title?: string | Unknown;
  readonly docNumber?: DocNumber | Unknown;
  readonly issuers?: readonly string[] | Unknown;
  /** 成文日期, ISO `YYYY-MM-DD`. */
  readonly date?: string | Unknown;
  readonly keywords: readonly string[];
  /** Line of each field in `file`, for the list of gaps. */
  readonly lines: Readonly<Record<string, number>>;
}

export type KindRegions = "province" | "prefectures" | readonly string[];

export interface KindSpec {
  readonly kind: string;
  readonly name?: string;
  readonly regions: KindRegions;
  readonly templates: readonly string[];
  /** The kind's page profile (report.yaml `page:`); absent: the default, GB/T 9704-2012. */
  readonly page?: ProfileData;
  /** Years with a document.yaml, ascending. */
  readonly years: readonly number[];
  readonly dir: string;
}

/**
 * The report kinds under `dir` (folders with a report.yaml), by name. Every file and folder is read from
 * inside the project (`where`, src/io/read.ts).
 */
export function discoverKinds(dir: string, display: (file: string) => string, where: Confinement): Map<string, KindSpec> {
  const kinds = new Map<string, KindSpec>();
  for (const entry of listInput(dir, display(dir), "template folder", where).sort((a, b) => a.name.localeCompare(b.name))) {
    const kindDir = join(dir, entry.name);
    if (!entry.isDirectory() || !existsSync(join(kindDir, "report.yaml"))) continue;
    if (!KIND_NAME.test(entry.name)) {
      throw new UserError({ file: display(kindDir), message: `"${entry.name}" is not a report kind name`, hint: "name the folder in lower-case ASCII, digits and -, e.g. notice-2021 (it becomes part of output file names)" });
    }
    const file = join(kindDir, "report.yaml");
    const spec = loadYaml(file, display(file), reportSchema, where);
    const years = inputNames(kindDir, display(kindDir), "template folder", where)
      // a year's folder linked to a place outside the project is named as such, not skipped
      .filter((d) => /^\d{4}$/.test(d) && existsSync(join(realInside(join(kindDir, d), display(join(kindDir, d)), "template folder", where), "document.yaml")))
      .map(Number)
      .sort((a, b) => a - b);
    const page = spec.page === undefined ? undefined : loadPageProfile(join(kindDir, spec.page), display(join(kindDir, spec.page)), where);
    kinds.set(entry.name, { kind: entry.name, ...(spec.name && { name: spec.name }), regions: spec.regions, templates: spec.templates, ...(page && { page }), years, dir: kindDir });
  }
  return kinds;
}

/** The kinds that exist for `year`, in name order. */
export function kindsForYear(kinds: ReadonlyMap<string, KindSpec>, year: number): KindSpec[] {
  return [...kinds.values()].filter((k) => k.years.includes(year));
}

/**
 * The file a kind's text entry stands for in `year`: templates/<kind>/<yyyy>/<file> of the nearest year
 * ≤ `year` that has it. `<other>/<file>` entries resolve the same way in the other kind's folder.
 */
export function resolveTemplate(kinds: ReadonlyMap<string, KindSpec>, owner: KindSpec, entry: string, year: number, display: (file: string) => string, where: Confinement): string {
  const slash = entry.indexOf("/");
  const kind = slash < 0 ? owner : kinds.get(entry.slice(0, slash));
  const name = slash < 0 ? entry : entry.slice(slash + 1);
  const reportFile = display(join(owner.dir, "report.yaml"));
  if (!kind) {
    throw new UserError({ file: reportFile, path: "templates", message: `"${entry}" names an unknown kind`, hint: `known kinds: ${[...kinds.keys()].join(", ")}` });
  }
  const candidates = inputNames(kind.dir, display(kind.dir), "template folder", where)
    .filter((d) => /^\d{4}$/.test(d) && Number(d) <= year)
    .sort()
    .reverse();
  for (const y of candidates) {
    const file = join(kind.dir, y, name);
    if (existsSync(file)) return file;
  }
  throw new UserError({
    file: reportFile,
    path: "templates",
    message: `no ${name} for ${year} in ${display(kind.dir)}/<year>/ (nor in an earlier year)`,
    hint: `create ${display(join(kind.dir, String(year), name))}, or remove it from the list`,
  });
}

/** templates/<kind>/<year>/document.yaml. */
export function loadKindDocument(kind: KindSpec, year: number, display: (file: string) => string, where: Confinement): KindDocument {
  const file = join(kind.dir, String(year), "document.yaml");
  if (!existsSync(file)) {
    throw new UserError({ file: display(file), message: `report kind "${kind.kind}" has no metadata for ${year}`, hint: `years of ${kind.kind}: ${kind.years.join(", ") || "none"}; create the file (npm run new-year -- ${year} does)` });
  }
  const doc = loadYaml(file, display(file), documentSchema, where);
  const lines: Record<string, number> = {};
  readText(file, display(file), "a YAML file", where)
    .split("\n")
    .forEach((text, i) => {
      const m = /^([A-Za-z]+)\s*:/.exec(text);
      if (m && lines[m[1]!] === undefined) lines[m[1]!] = i + 1;
    });
  return { file: display(file), ...doc, lines } as KindDocument;
}
