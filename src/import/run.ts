/**
 * `npm run import`: a section drafted in Word → templates/<kind>/<year>/<file>.md.hbs, with the list of its numbers
 * in `<draft>.import.csv` beside the draft. Everything is checked before anything is written; each file is written
 * under a temporary name and renamed into place (no half-written template); an existing template is replaced only
 * with `force`, and then kept as `<file>.bak` first.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { confinedTo } from "../io/project-path.js";
import { readInput, type Confinement } from "../io/read.js";
import { basename, dirname, join, relative } from "node:path";
import { parse, stringify } from "yaml";
import { PROVINCE } from "../data/types.js";
import { UserError } from "../errors.js";
import { loadDataset } from "../data/load.js";
import { csvField } from "../template/gaps.js";
import { writeAtomically } from "../io/write-atomic.js";
import { readDocx } from "../word/index.js";
import type { Status } from "./bind.js";
import { formIndex } from "./forms.js";
import { draftToTemplate, type DraftMeta, type PlacedFinding } from "./template.js";

export interface ImportOptions {
  /** The project (data/ and templates/ under it). */
  readonly root: string;
  readonly draft: string;
  readonly kind: string;
  readonly year: number;
  /** The template's file name (`employment.md.hbs`); default: the draft's name when it is one. */
  readonly as?: string;
  readonly force?: boolean;
}

export interface ImportOutcome {
  /** Files written, relative to the root where inside it. */
  readonly template: string;
  readonly csv: string;
  readonly backup?: string;
  /** Kind files made for a new kind or year (report.yaml, document.yaml). */
  readonly made: readonly string[];
  /** Set when the kind's report.yaml does not list the template: what to add. */
  readonly unlisted?: string;
  readonly counts: Readonly<Record<Status, number>>;
  readonly findings: readonly PlacedFinding[];
}

const KIND = /^[a-z0-9][a-z0-9-]*$/;
const FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.md\.hbs$/;

function templateName(draft: string, as: string | undefined): string {
  if (as !== undefined) {
    if (!FILE.test(as)) throw new UserError({ message: `--as ${as}: not a template file name`, hint: "give a plain name ending in .md.hbs, e.g. --as 12-new-section.md.hbs (letters, digits, . _ -)" });
    return as;
  }
  const fromDraft = `${basename(draft).replace(/\.docx$/i, "")}.md.hbs`;
  if (!FILE.test(fromDraft)) throw new UserError({ file: draft, message: "its name cannot be a template's name (templates are named in letters, digits, . _ -)", hint: "give the template's name: --as 12-new-section.md.hbs" });
  return fromDraft;
}

/** `<draft>.import.csv`: the draft's name with .docx replaced. */
export function csvPath(draft: string): string {
  return join(dirname(draft), `${basename(draft).replace(/\.docx$/i, "")}.import.csv`);
}

/** The CSV: one row a number of the draft. */
export function findingsCsv(findings: readonly PlacedFinding[]): string {
  const rows = findings.map((f) => [String(f.paragraph), f.digits, f.phrase, f.status, f.status === "bound" ? f.call! : f.status === "ambiguous" ? f.candidates.join(" | ") : "unbound"].map(csvField).join(","));
  return `paragraph,number,words,status,indicator\n${rows.map((r) => `${r}\n`).join("")}`;
}

/** A kind made for one region (report.yaml `regions: ["520300"]`) has that region's figures as its own; else the province's. */
function homeRegion(reportYaml: string, display: string, where: Confinement): string {
  if (!existsSync(reportYaml)) return PROVINCE;
  const regions = (parse(readInput(reportYaml, display, "report kind file", where).toString("utf8")) as { regions?: unknown } | null)?.regions;
  return Array.isArray(regions) && regions.length === 1 ? String(regions[0]) : PROVINCE;
}

function backupName(file: string): string {
  let name = `${file}.bak`;
  for (let i = 2; existsSync(name); i++) name = `${file}.bak${i}`;
  return name;
}

function documentYaml(meta: DraftMeta, draft: string): string {
  const fields: Record<string, unknown> = {
    ...(meta.title && { title: meta.title }),
    ...(meta.docNumber && { docNumber: meta.docNumber }),
    ...(meta.issuers && { issuers: meta.issuers }),
    ...(meta.date && { date: meta.date }),
  };
  return `# Made by npm run import from ${basename(draft)}. A field left out: the document has none; \`unknown\`: still to fill (docs/data-and-templates.md).\n${Object.keys(fields).length ? stringify(fields) : "{}\n"}`;
}

/** The title of a kind's document.yaml for the year, when the file exists and gives one. */
function documentTitle(file: string, display: string, where: Confinement): string | undefined {
  if (!existsSync(file)) return undefined;
  const title = (parse(readInput(file, display, "document file", where).toString("utf8")) as { title?: unknown } | null)?.title;
  return typeof title === "string" ? title : undefined;
}

export function importDraft(options: ImportOptions): ImportOutcome {
  const { root, draft, kind, year } = options;
  const display = (file: string) => relative(root, file) || file;
  if (!KIND.test(kind)) throw new UserError({ message: `--report ${kind}: not a report kind's name`, hint: "a kind is a folder of templates/: lower-case letters, digits and -, e.g. --report bulletin" });
  const name = templateName(draft, options.as);
  const dataset = loadDataset(join(root, "data"), year, root);
  // The project, and the one draft the user named on the command line (README "Drafting in Word").
  const project = confinedTo(root);
  const doc = readDocx(draft, confinedTo(root, draft), display(draft));
  const reportYaml = join(root, "templates", kind, "report.yaml");
  const kindDir = join(root, "templates", kind);
  const documentFile = join(kindDir, String(year), "document.yaml");
  const imported = draftToTemplate(doc, formIndex(dataset, homeRegion(reportYaml, display(reportYaml), project)), dataset, documentTitle(documentFile, display(documentFile), project));

  const target = join(kindDir, String(year), name);
  const exists = existsSync(target);
  if (exists && !options.force) {
    throw new UserError({ file: display(target), message: "exists already; the import does not overwrite a template", hint: `choose another name with --as, or add --force to replace it (the old file is kept as ${basename(target)}.bak)` });
  }
  const made: { file: string; data: string }[] = [];
  let unlisted: string | undefined;
  if (!existsSync(reportYaml)) {
    made.push({ file: reportYaml, data: `# Made by npm run import from ${basename(draft)} (README "Drafting in Word"): name it, add the other sections in order.\nname: ${kind}\nregions: province\ntemplates:\n  - ${name}\n` });
  } else if (!new RegExp(`^\\s*-\\s*["']?${name.replace(/\./g, "\\.")}["']?\\s*$`, "m").test(readInput(reportYaml, display(reportYaml), "report kind file", project).toString("utf8"))) {
    unlisted = `add "  - ${name}" to the templates list of ${display(reportYaml)}, where the section goes`;
  }
  if (!existsSync(documentFile)) made.push({ file: documentFile, data: documentYaml(imported.meta, draft) });

  const csv = csvPath(draft);
  writeAtomically(csv, findingsCsv(imported.findings));
  let backup: string | undefined;
  if (exists) {
    backup = backupName(target);
    writeFileSync(backup, readInput(target, display(target), "template", project));
  }
  for (const m of made) writeAtomically(m.file, m.data);
  writeAtomically(target, imported.template);
  const counts = { bound: 0, ambiguous: 0, unbound: 0 };
  for (const f of imported.findings) counts[f.status]++;
  return { template: display(target), csv: display(csv), ...(backup && { backup: display(backup) }), made: made.map((m) => display(m.file)), ...(unlisted && { unlisted }), counts, findings: imported.findings };
}

/** The summary printed after an import. */
export function importSummary(o: ImportOutcome): string {
  const lines = [
    `wrote ${o.template}${o.backup ? ` (the old one kept as ${o.backup})` : ""}`,
    ...o.made.map((m) => `made ${m}`),
    `numbers: ${o.counts.bound} bound to the data, ${o.counts.ambiguous} ambiguous, ${o.counts.unbound} unbound — the list is in ${o.csv}`,
  ];
  for (const f of o.findings.filter((x) => x.status !== "bound")) {
    lines.push(`  paragraph ${f.paragraph}: ${f.phrase} — ${f.status === "ambiguous" ? `ambiguous, one of ${f.candidates.join(", ")}` : "unbound: no figure of the data has these digits and words (add it to data/, or check the text)"}`);
  }
  if (o.counts.ambiguous + o.counts.unbound > 0) lines.push("each is left as typed, marked {{!-- import: … --}} in the template: write the helper for it (README \"Helpers\") or correct the text");
  if (o.unlisted) lines.push(`next: ${o.unlisted}`);
  return lines.join("\n");
}
