/**
 * Writing outputs all or nothing. A build never writes into the output folder itself:
 *
 *   1. open: check the folder (never `/`, the project, data/, templates/…, nor a folder holding files a build
 *      did not write, unless --force), and clean what a killed build left beside it;
 *   2. stage: `.<out>.staging-<pid>/` beside the output folder starts as a copy of the current outputs
 *      (hard links: outputs are never changed in place), and each new file is written into it, fsynced, as
 *      soon as its report is rendered (nothing is held in memory);
 *   3. commit: manifest.json is written last into the staging folder (true of every file there), then the
 *      staging folder is swapped in for the output folder by two renames (old → `.<out>.old-<pid>`,
 *      staging → out) and the old one removed.
 *
 * A crash before step 3 leaves the old folder untouched (the next build deletes the staging folder); a crash
 * between the two renames leaves the output folder missing and both sets whole beside it, and the next
 * build puts the new set in place (its manifest was written before the swap). A full disk or an unwritable
 * place is a UserError (exit 2), and the staging folder is removed.
 */
import { createHash } from "node:crypto";
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { UserError } from "../errors.js";

export interface OutputFile {
  /** Path relative to the output folder. */
  readonly name: string;
  readonly data: Buffer | string;
  /** Present for the documents listed in the manifest. */
  readonly entry?: { readonly report: string; readonly region: string; readonly year: number; readonly format: string; readonly title?: string };
}

export interface ManifestEntry {
  readonly report: string;
  readonly region: string;
  readonly year: number;
  readonly format: string;
  /** The document's title (out/<year>/index.html lists the reports by it). */
  readonly title?: string;
  /** Relative to the repo root, with forward slashes. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** Folders of the project an output folder may never be (nor lie inside). */
const PROJECT_FOLDERS = ["data", "templates", "fonts", "src", "test", "scripts", "docs", "node_modules", ".git", ".cache"];

/**
 * What a build writes, relative to the output folder: anything else found there is someone's file.
 * (src/plan/jobs.ts outputName, pipeline.ts renderJob, the manifest.)
 */
const OUTPUT_NAME = /^(manifest\.json|\d{4}\/(completeness\.csv|validation\.csv|gaps\.csv|index\.html|\d{6}-[a-z0-9-]+\.(pdf|docx|html|md|model\.json)|charts\/[^/]+\.svg))$/;
/** Temporary files of builds before staging existed (`<file>.<pid>.tmp`): removed when found. */
const OLD_TMP = /\.\d+\.tmp$/;

/** Test hook: `BULLETIN_CRASH_AT=<point>` kills the process at that point (test/output-faults.test.ts). */
function crashPoint(point: string): void {
  if (process.env.BULLETIN_CRASH_AT === point) process.kill(process.pid, "SIGKILL");
}

/** A failed file operation → a plain message: the disk is full, the place is not writable, … */
export function writeProblem(e: unknown, place: string): UserError | unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const why: Record<string, string> = {
    ENOSPC: "the disk is full",
    EDQUOT: "the disk quota is used up",
    EACCES: "no permission to write there",
    EPERM: "no permission to write there",
    EROFS: "the file system is read-only",
    ENOTDIR: "a part of the path is a file, not a folder",
    EEXIST: "a file of that name is in the way",
    EISDIR: "a folder of that name is in the way",
    EBUSY: "the folder is in use (a mount point?)",
    EXDEV: "the staging folder and the output folder are on different file systems",
  };
  if (!code || !why[code]) return e;
  return new UserError({
    file: place,
    message: `cannot write the outputs: ${why[code]} (${code})`,
    hint: code === "ENOSPC" || code === "EDQUOT" ? "free some space and build again; the previous outputs are unchanged" : "choose another --out folder, or fix its permissions; the previous outputs are unchanged",
  });
}

export interface StageOptions {
  /** Accept an output folder holding files a build did not write (they are kept). */
  readonly force?: boolean;
}

/** An open set of new outputs: write files as they are ready, then commit (or abort). */
export class OutputStage {
  readonly base: string;
  readonly staging: string;
  private readonly old: string;
  private readonly entries = new Map<string, ManifestEntry>();
  private readonly display: string;
  private open = true;

  private constructor(
    private readonly root: string,
    base: string,
  ) {
    this.base = base;
    this.display = relative(root, base) || ".";
    this.staging = join(dirname(base), `.${basename(base)}.staging-${process.pid}`);
    this.old = join(dirname(base), `.${basename(base)}.old-${process.pid}`);
  }

  /** Checks the output folder, cleans leftovers of killed builds and starts the staging folder. */
  static open(root: string, outDir: string, options: StageOptions = {}): OutputStage {
    const base = checkOutDir(root, outDir, options);
    const stage = new OutputStage(root, base);
    try {
      mkdirSync(dirname(base), { recursive: true });
      mkdirSync(stage.staging);
      if (existsSync(base)) carryOver(base, stage.staging);
    } catch (e) {
      stage.abort();
      throw writeProblem(e, stage.display);
    }
    return stage;
  }

  /** Writes one report's files into the staging folder (fsynced); returns their manifest entries. */
  write(files: readonly OutputFile[]): ManifestEntry[] {
    const out: ManifestEntry[] = [];
    for (const file of files) {
      const target = resolve(this.staging, file.name);
      const rel = relative(this.staging, target);
      if (rel.startsWith("..") || isAbsolute(rel)) throw new Error(`refusing to write outside ${this.base}: ${file.name}`);
      const data = typeof file.data === "string" ? Buffer.from(file.data) : file.data;
      try {
        mkdirSync(dirname(target), { recursive: true });
        rmSync(target, { force: true }); // a hard link to the previous output: replace it, never write through it
        writeDurably(target, data);
      } catch (e) {
        throw writeProblem(e, this.display);
      }
      crashPoint("staged-file");
      if (file.entry) {
        const path = relative(this.root, join(this.base, rel)).split(sep).join("/");
        const entry: ManifestEntry = { ...file.entry, path, bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") };
        this.entries.set(path, entry);
        out.push(entry);
      }
    }
    return out;
  }

  /** What manifest.json will list if the set is committed now (for pages made from it, e.g. the year's index). */
  outputs(): ManifestEntry[] {
    return manifestOutputs(this.root, this.base, this.staging, this.entries);
  }

  /** manifest.json (last, true of every file in the set), then the swap. Returns the manifest's path. */
  commit(): string {
    const manifest = join(this.base, "manifest.json");
    try {
      const text = manifestText(this.root, this.base, this.staging, this.entries);
      rmSync(join(this.staging, "manifest.json"), { force: true });
      writeDurably(join(this.staging, "manifest.json"), text);
      syncTree(this.staging);
      crashPoint("manifest-staged");
      const hadOld = existsSync(this.base);
      if (hadOld) renameSync(this.base, this.old);
      crashPoint("between-renames");
      renameSync(this.staging, this.base);
      syncDir(dirname(this.base));
      this.open = false;
      crashPoint("swapped");
      if (hadOld) rmSync(this.old, { recursive: true, force: true });
    } catch (e) {
      // the second rename failed: the old set goes back
      if (this.open && !existsSync(this.base) && existsSync(this.old)) renameSync(this.old, this.base);
      throw writeProblem(e, this.display);
    }
    return manifest;
  }

  /** Removes the staging folder; the output folder is as it was. */
  abort(): void {
    if (this.open) rmSync(this.staging, { recursive: true, force: true });
    this.open = false;
  }
}

/** The output folder, resolved, after refusing the places a build must never replace. */
export function checkOutDir(root: string, outDir: string, { force = false }: StageOptions = {}): string {
  const real = (p: string): string => {
    // The longest existing part of the path, resolved through symlinks, plus the rest.
    let head = p;
    const tail: string[] = [];
    while (!existsSync(head) && dirname(head) !== head) {
      tail.unshift(basename(head));
      head = dirname(head);
    }
    return join(realpathSync(head), ...tail);
  };
  const base = real(resolve(root, outDir));
  const project = real(root);
  const refuse = (message: string, hint = "use a folder of its own, e.g. --out out"): never => {
    throw new UserError({ message: `--out ${outDir}: ${message}`, hint });
  };
  const inside = (a: string, b: string): boolean => a === b || a.startsWith(b.endsWith(sep) ? b : b + sep);
  if (dirname(base) === base) refuse("is the root of the file system; a build replaces its output folder as a whole");
  if (inside(project, base)) refuse(base === project ? "is the project folder itself" : "holds the project folder");
  for (const f of PROJECT_FOLDERS) {
    if (inside(base, join(project, f))) refuse(base === join(project, f) ? `is the project's ${f}/ folder` : `is inside the project's ${f}/ folder`);
  }
  const parent = dirname(base);
  if (existsSync(parent) && !lstatSync(parent).isDirectory()) refuse(`${parent} is a file, not a folder`, "remove it or choose another --out folder");
  try {
    recoverLeftovers(base);
  } catch (e) {
    throw writeProblem(e, relative(root, base) || base);
  }
  if (existsSync(base)) {
    const st = lstatSync(base);
    if (!st.isDirectory()) refuse("is a file, not a folder", "remove it or choose another --out folder");
    if (!force) {
      const foreign = foreignFiles(base);
      if (foreign.length > 0) {
        refuse(
          `holds files a build did not write: ${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ` and ${foreign.length - 3} more` : ""}`,
          "choose an empty or new folder, or add --force to build there anyway (those files are kept)",
        );
      }
    }
  }
  return base;
}

/** Files (relative, with /) in an output folder that no build writes. */
function foreignFiles(base: string): string[] {
  return walk(base)
    .map((f) => f.split(sep).join("/"))
    .filter((f) => !OUTPUT_NAME.test(f) && !OLD_TMP.test(f))
    .sort();
}

/** Every file under dir, relative to it (symlinks listed, not followed). */
function walk(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? join(prefix, e.name) : e.name;
    if (e.isDirectory()) out.push(...walk(dir, rel));
    else out.push(rel);
  }
  return out;
}

/**
 * What builds killed before us left beside the output folder: a staging folder not yet swapped in is
 * deleted; if the output folder is missing because a build died between its two renames, its staging
 * folder (complete: the manifest is written before the swap) is put in place. Folders of a build still
 * running (its process alive) are left alone.
 */
export function recoverLeftovers(base: string): void {
  const parent = dirname(base);
  if (!existsSync(parent)) return;
  const prefix = `.${basename(base)}.`;
  const leftovers = readdirSync(parent)
    .map((name) => ({ name, m: /^(staging|old)-(\d+)$/.exec(name.slice(prefix.length)) }))
    .filter(({ name, m }) => name.startsWith(prefix) && m && !alive(Number(m[2])))
    .map(({ name, m }) => ({ path: join(parent, name), kind: m![1] as "staging" | "old" }));
  if (!existsSync(base)) {
    // A staging folder holds manifest.json only once every file is in it (OutputStage.commit).
    const complete = leftovers.find((l) => l.kind === "staging" && existsSync(join(l.path, "manifest.json")));
    const previous = leftovers.find((l) => l.kind === "old");
    const restore = complete ?? previous;
    if (restore) renameSync(restore.path, base);
  }
  for (const l of leftovers) if (existsSync(l.path)) rmSync(l.path, { recursive: true, force: true });
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The current outputs into the staging folder, as hard links (copies where links are refused). */
function carryOver(base: string, staging: string): void {
  for (const rel of walk(base)) {
    if (OLD_TMP.test(rel) || rel === "manifest.json") continue;
    const from = join(base, rel);
    const to = join(staging, rel);
    mkdirSync(dirname(to), { recursive: true });
    if (lstatSync(from).isSymbolicLink()) {
      symlinkSync(readlinkSync(from), to); // a user's link (kept with --force), not followed
      continue;
    }
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
  }
}

/**
 * The manifest of the staged set: the previous manifest's entries whose file is still there and not
 * replaced, then this build's. A damaged previous manifest is rebuilt from this build.
 */
function manifestText(root: string, base: string, staging: string, fresh: ReadonlyMap<string, ManifestEntry>): string {
  return `${JSON.stringify({ outputs: manifestOutputs(root, base, staging, fresh) }, null, 2)}\n`;
}

/** The manifest's entries: this build's, and earlier builds' whose files are still in the set. */
function manifestOutputs(root: string, base: string, staging: string, fresh: ReadonlyMap<string, ManifestEntry>): ManifestEntry[] {
  let previous: ManifestEntry[] = [];
  const file = join(base, "manifest.json");
  if (existsSync(file)) {
    try {
      previous = (JSON.parse(readFileSync(file, "utf8")) as { outputs?: ManifestEntry[] }).outputs ?? [];
    } catch {
      previous = [];
    }
  }
  const staged = (path: string): string => join(staging, relative(base, resolve(root, path)));
  const byPath = new Map(previous.filter((e) => typeof e?.path === "string" && !fresh.has(e.path) && existsSync(staged(e.path))).map((e) => [e.path, e]));
  for (const [path, e] of fresh) byPath.set(path, e);
  return [...byPath.values()].sort((a, b) => a.year - b.year || a.region.localeCompare(b.region) || a.report.localeCompare(b.report) || a.format.localeCompare(b.format));
}

function writeDurably(file: string, data: Buffer | string): void {
  const fd = openSync(file, "wx");
  try {
    const buf = typeof data === "string" ? Buffer.from(data) : data;
    let at = 0;
    while (at < buf.length) at += writeSync(fd, buf, at, buf.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some file systems cannot fsync a folder; the files themselves are synced
  }
}

function syncTree(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) syncTree(join(dir, e.name));
  syncDir(dir);
}
