/**
 * Writing outputs all or nothing, one build at a time, without touching what the tool did not write:
 *
 *   1. open: check the folder (never `/`, the project, data/, templates/…, nor a folder holding files a build
 *      did not write, unless --force), take its lock (lock.ts: a second build stops, naming this one),
 *      finish or clean what a killed build left beside it, and refuse up front what would fail half-way (a
 *      read-only folder): an exit 2 that says "the previous outputs are unchanged" is true;
 *   2. stage: `.<out>.staging-<pid>/` beside the output folder starts as a copy of the current outputs
 *      (hard links: outputs are never changed in place; each folder with its mode, so a 0700 out/ stays
 *      0700), and each new file is written into it, fsynced, as soon as its report is rendered;
 *   3. commit: manifest.json is made from the files of the new set — their names and bytes, never from the
 *      old manifest — written last into the staging folder, then the staging folder is swapped in for the
 *      output folder by two renames (old → `.<out>.old-<pid>`, staging → out) and the old one removed.
 *
 * With --force into a folder holding what a build did not write (a user's files, a link, a mount point), the
 * folder is never moved: `.<out>.inplace-<pid>/` holds only
 * this build's files and, once its manifest is written there, they are renamed into the folder one by one,
 * manifest.json last. A build killed during those renames is finished by the next (the set is complete
 * before the first). Nothing else in the folder is moved, removed or re-permissioned.
 *
 * A crash before step 3 leaves the old folder untouched (the next build deletes the staging folder); a crash
 * between the two renames leaves the output folder missing and both sets whole beside it, and the next
 * build puts the new set in place (its manifest was written before the swap). A full disk or an unwritable
 * place is a UserError (exit 2), and the staging folder is removed.
 */
import { createHash } from "node:crypto";
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeSync,
  type Stats,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { UserError } from "../errors.js";
import { FORMAT_TABLE } from "../formats.js";
import { realPathOf, confinedTo } from "../io/project-path.js";
import { readInput } from "../io/read.js";
import { running } from "../io/processes.js";
import { OutputLock } from "./lock.js";

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
const OUTPUT_NAME = new RegExp(
  `^(manifest\\.json|\\d{4}/(completeness\\.csv|validation\\.csv|gaps\\.csv|index\\.html|\\d{6}-[a-z0-9-]+\\.(${[...FORMAT_TABLE.map((f) => f.extension), "md", "model\\.json"].join("|")})|charts/[^/]+\\.svg))$`,
);
/** Temporary files of builds before staging existed (`<file>.<pid>.tmp`): removed when found. */
const OLD_TMP = /\.\d+\.tmp$/;

/** Test hook: `BULLETIN_CRASH_AT=<point>` kills the process at that point (test/output-faults.test.ts). */
function crashPoint(point: string): void {
  if (process.env.BULLETIN_CRASH_AT === point) process.kill(process.pid, "SIGKILL");
}

/** A failed file operation → a plain message: the disk is full, the place is not writable, … */
/**
 * Makes `dir` and the folders missing above it, one by one from the deepest existing one. Not
 * `mkdirSync(dir, { recursive: true })`: in Node 20 that never returns where a folder cannot be made in a
 * place that exists (`/proc/self/x`: it retries the parent for ever); here the first refusal is thrown.
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
  for (const d of missing) mkdirSync(d);
}

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
    ENOENT: "a folder on the way does not exist or cannot hold new files (such as /proc)",
    ENAMETOOLONG: "the path is too long for the file system",
    ELOOP: "a link on the way leads in a circle",
    EINVAL: "the file system does not take that name or operation",
  };
  // Any other error of the system (an errno code and a syscall) is also about the place the user chose.
  const syscall = (e as NodeJS.ErrnoException | undefined)?.syscall;
  if (!code || (!why[code] && (!/^E[A-Z]+$/.test(code) || syscall === undefined))) return e;
  return new UserError({
    file: place,
    message: `cannot write the outputs: ${why[code] ?? `the system refused ${syscall}`} (${code})`,
    hint: code === "ENOSPC" || code === "EDQUOT" ? "free some space and build again; the previous outputs are unchanged" : "choose another --out folder, or fix its permissions; the previous outputs are unchanged",
  });
}

export interface StageOptions {
  /** Accept an output folder holding files a build did not write (they are kept, and the folder is not moved). */
  readonly force?: boolean;
}

/** A document of the manifest, by its place in the output folder: `<year>/<region>-<report>.<extension>` of a format of the table. */
const DOCUMENT = new RegExp(`^(\\d{4})/(\\d{6})-([a-z][a-z0-9-]*)\\.(${FORMAT_TABLE.map((f) => f.extension).join("|")})$`);
const FORMAT_OF_EXTENSION = new Map<string, string>(FORMAT_TABLE.map((f) => [f.extension, f.name]));

/** An open set of new outputs: write files as they are ready, then commit (or abort). */
export class OutputStage {
  readonly base: string;
  readonly staging: string;
  /** What the build should tell the user although it succeeded (a leftover it could not remove). */
  readonly warnings: string[] = [];
  private readonly old: string;
  private readonly entries = new Map<string, ManifestEntry>();
  private readonly display: string;
  private open = true;

  private constructor(
    private readonly root: string,
    base: string,
    /** The folder is never moved: this build's files are renamed into it one by one. */
    private readonly inPlace: boolean,
    private readonly lock: OutputLock,
  ) {
    this.base = base;
    this.display = relative(root, base) || ".";
    this.staging = join(dirname(base), `.${basename(base)}.${inPlace ? "inplace" : "staging"}-${process.pid}`);
    this.old = join(dirname(base), `.${basename(base)}.old-${process.pid}`);
  }

  /** Checks the output folder, takes its lock, cleans leftovers of killed builds and starts the staging folder. */
  static open(root: string, outDir: string, options: StageOptions = {}): OutputStage {
    const base = outputFolder(root, outDir);
    const shown = relative(root, base) || base;
    let lock: OutputLock;
    try {
      makeFolders(dirname(base));
      lock = OutputLock.take(base, shown);
    } catch (e) {
      throw writeProblem(e, shown);
    }
    let stage: OutputStage | undefined;
    try {
      const warnings = recoverLeftovers(base);
      const { inPlace } = checkContents(base, outDir, options);
      stage = new OutputStage(root, base, inPlace, lock);
      stage.warnings.push(...warnings);
      mkdirSync(stage.staging);
      if (!inPlace && existsSync(base)) carryOver(base, stage.staging);
    } catch (e) {
      if (stage) stage.abort();
      else lock.release();
      throw writeProblem(e, shown);
    }
    return stage;
  }

  /** Writes one report's files into the staging folder (fsynced); returns their manifest entries. */
  write(files: readonly OutputFile[]): ManifestEntry[] {
    const out: ManifestEntry[] = [];
    for (const file of files) {
      const target = resolve(this.staging, file.name);
      const rel = relative(this.staging, target);
      if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new Error(`refusing to write outside ${this.base}: ${file.name}`);
      const data = typeof file.data === "string" ? Buffer.from(file.data) : file.data;
      try {
        mkdirSync(dirname(target), { recursive: true });
        removeFile(target); // a hard link to the previous output: replace it, never write through it
        writeDurably(target, data);
      } catch (e) {
        throw writeProblem(e, this.display);
      }
      crashPoint("staged-file");
      if (file.entry) {
        const path = relative(this.root, join(this.base, rel)).split(sep).join("/");
        const entry: ManifestEntry = { ...file.entry, path, bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") };
        this.entries.set(rel.split(sep).join("/"), entry);
        out.push(entry);
      }
    }
    return out;
  }

  /** What manifest.json will list if the set is committed now (for pages made from it, e.g. the year's index). */
  outputs(): ManifestEntry[] {
    return manifestOutputs(this.root, this.base, this.setFiles(), this.entries);
  }

  /** manifest.json (last, true of every file in the set), then the swap. Returns the manifest's path. */
  commit(): string {
    const manifest = join(this.base, "manifest.json");
    if (this.inPlace) return this.commitInPlace(manifest);
    let hadOld = false;
    try {
      const text = manifestText(this.outputs());
      removeFile(join(this.staging, "manifest.json"));
      writeDurably(join(this.staging, "manifest.json"), text);
      syncTree(this.staging);
      crashPoint("manifest-staged");
      hadOld = existsSync(this.base);
      if (hadOld) renameSync(this.base, this.old);
    } catch (e) {
      throw writeProblem(e, this.display); // nothing has moved: the staging folder goes (abort)
    }
    crashPoint("between-renames");
    try {
      renameSync(this.staging, this.base);
    } catch (e) {
      if (!hadOld) throw writeProblem(e, this.display);
      try {
        renameSync(this.old, this.base); // the old set goes back
      } catch {
        this.open = false; // keep both sets: the next build puts the new one in place
        throw new UserError({ file: this.display, message: `cannot put the outputs in place (${(e as NodeJS.ErrnoException).code ?? e}); the previous outputs are in ${basename(this.old)}, the new ones in ${basename(this.staging)}`, hint: "build again: it finishes the swap" });
      }
      throw writeProblem(e, this.display);
    }
    syncDir(dirname(this.base));
    this.open = false;
    this.lock.release();
    crashPoint("swapped");
    if (hadOld) this.warnings.push(...removeLeftover(this.old));
    return manifest;
  }

  /** Removes the staging folder; the output folder is as it was. */
  abort(): void {
    if (this.open) this.warnings.push(...removeLeftover(this.staging));
    this.open = false;
    this.lock.release();
  }

  /** The documents of the set as committed now: relative name → the file holding its bytes. */
  private setFiles(): Map<string, string> {
    const files = new Map<string, string>();
    if (this.inPlace) for (const rel of documentFiles(this.base)) files.set(rel, join(this.base, rel));
    for (const rel of documentFiles(this.staging)) files.set(rel, join(this.staging, rel));
    return files;
  }

  private commitInPlace(manifest: string): string {
    const moves = walk(this.staging).filter((r) => r.kind === "file").map((r) => r.rel);
    try {
      // Whatever would stop a rename half-way is found first, while the outputs are unchanged.
      for (const rel of moves) checkInPlaceTarget(this.base, rel, this.display);
      const text = manifestText(this.outputs());
      removeFile(join(this.staging, "manifest.json"));
      writeDurably(join(this.staging, "manifest.json"), text);
      syncTree(this.staging);
    } catch (e) {
      throw writeProblem(e, this.display);
    }
    crashPoint("manifest-staged");
    this.open = false; // from here the set is complete: a failure leaves it for the next build to finish
    try {
      moveInto(this.staging, this.base);
    } catch (e) {
      throw new UserError({ file: this.display, message: `the outputs were being replaced when ${(e as NodeJS.ErrnoException).code ?? e} stopped it: some files are new, some old`, hint: `fix the cause and build again: it first finishes putting ${basename(this.staging)} in place` });
    }
    this.lock.release();
    crashPoint("swapped");
    return manifest;
  }
}

/** The output folder (`--out`), resolved, after refusing the places a build must never replace. */
function outputFolder(root: string, outDir: string): string {
  const base = realPathOf(resolve(root, outDir));
  const project = realPathOf(root);
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
  return base;
}

/** The output folder, resolved, after refusing the places a build must never replace and what it holds (see open). */
export function checkOutDir(root: string, outDir: string, options: StageOptions = {}): string {
  const base = outputFolder(root, outDir);
  try {
    recoverLeftovers(base);
  } catch (e) {
    throw writeProblem(e, relative(root, base) || base);
  }
  checkContents(base, outDir, options);
  return base;
}

/**
 * What the output folder holds decides how it is replaced: swapped as a whole when it holds only what builds
 * write, else (with --force) written into in place. Refused: a file; foreign files without --force; a folder
 * the build could not finish changing (read-only), found now rather than half-way.
 */
function checkContents(base: string, outDir: string, { force = false }: StageOptions): { inPlace: boolean } {
  const refuse = (message: string, hint: string): never => {
    throw new UserError({ message: `--out ${outDir}: ${message}`, hint });
  };
  const parent = dirname(base);
  if (!writable(parent)) refuse(`${parent} is not writable: the new outputs are staged beside the output folder`, "choose another --out folder, or fix its permissions; the previous outputs are unchanged");
  if (!existsSync(base)) return { inPlace: false };
  const st = lstatSync(base);
  if (!st.isDirectory()) refuse("is a file, not a folder", "remove it or choose another --out folder");
  // A mount point cannot be renamed (EBUSY), nor files renamed onto it from beside it (EXDEV).
  if (st.dev !== lstatSync(parent).dev) {
    refuse("is a mount point: a build stages its outputs beside the output folder and cannot move them onto another file system", `build into a folder inside it, e.g. --out ${join(outDir, "bulletin")}`);
  }
  const entries = walk(base);
  const foreign = entries.filter((e) => e.kind === "foreign").map((e) => e.rel.split(sep).join("/"));
  if (foreign.length > 0 && !force) {
    refuse(
      `holds files a build did not write: ${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ` and ${foreign.length - 3} more` : ""}`,
      "choose an empty or new folder, or add --force to build there anyway (those files are kept)",
    );
  }
  const inPlace = foreign.length > 0;
  // The swap removes the old set's folders; in place, the build writes into them: either way they must be writable.
  const folders = [".", ...entries.filter((e) => e.kind === "folder").map((e) => e.rel)];
  const locked = folders.filter((f) => !writable(join(base, f)));
  if (locked.length > 0) {
    refuse(
      `${locked.map((f) => (f === "." ? outDir : join(outDir, f))).slice(0, 3).join(", ")} ${locked.length > 1 ? "are" : "is"} read-only for this user: nothing was written`,
      "make it writable (chmod u+w), or choose another --out folder; the previous outputs are unchanged",
    );
  }
  return { inPlace };
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

interface Entry {
  /** Relative to the walked folder. */
  readonly rel: string;
  /** file: one a build writes; folder: a folder holding them; foreign: anything else (not looked into). */
  readonly kind: "file" | "folder" | "foreign";
}

/**
 * What an output folder holds: the files a build writes (regular files by their names), the folders
 * holding them, and everything else as foreign — a link, a FIFO, a file of another name, and a folder on
 * another file system (a mount point), which is never looked into.
 */
function walk(dir: string, prefix = "", dev = lstatSync(dir).dev): Entry[] {
  const out: Entry[] = [];
  for (const name of readdirSync(join(dir, prefix))) {
    const rel = prefix ? join(prefix, name) : name;
    const st = lstatSync(join(dir, rel));
    const shown = rel.split(sep).join("/");
    if (st.isDirectory() && st.dev === dev) {
      out.push({ rel, kind: "folder" }, ...walk(dir, rel, dev));
    } else if (st.isFile() && (OUTPUT_NAME.test(shown) || OLD_TMP.test(shown))) {
      out.push({ rel, kind: "file" });
    } else out.push({ rel, kind: "foreign" });
  }
  return out;
}

/** The documents (manifest entries) in a folder, relative with /. */
function documentFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return walk(dir)
    .filter((e) => e.kind === "file")
    .map((e) => e.rel.split(sep).join("/"))
    .filter((rel) => DOCUMENT.test(rel));
}

/**
 * What builds killed before us left beside the output folder: a staging folder not yet swapped in is
 * deleted; if the output folder is missing because a build died between its two renames, its staging
 * folder (complete: the manifest is written before the swap) is put in place; an in-place set whose
 * manifest was written is finished. Folders of a build still running (its process alive) are left alone.
 * Returns what could not be removed (the build goes on: its outputs are not at stake).
 */
export function recoverLeftovers(base: string): string[] {
  const parent = dirname(base);
  if (!existsSync(parent)) return [];
  const prefix = `.${basename(base)}.`;
  const leftovers = readdirSync(parent)
    .map((name) => ({ name, m: /^(staging|old|inplace)-(\d+)$/.exec(name.slice(prefix.length)) }))
    .filter(({ name, m }) => name.startsWith(prefix) && m && !alive(Number(m[2])))
    .map(({ name, m }) => ({ path: join(parent, name), kind: m![1] as "staging" | "old" | "inplace" }));
  for (const l of leftovers.filter((l) => l.kind === "inplace" && existsSync(join(l.path, "manifest.json")))) {
    mkdirSync(base, { recursive: true });
    moveInto(l.path, base);
  }
  if (!existsSync(base)) {
    // A staging folder holds manifest.json only once every file is in it (OutputStage.commit).
    const complete = leftovers.find((l) => l.kind === "staging" && existsSync(join(l.path, "manifest.json")));
    const previous = leftovers.find((l) => l.kind === "old");
    const restore = complete ?? previous;
    if (restore) renameSync(restore.path, base);
  }
  return leftovers.filter((l) => existsSync(l.path)).flatMap((l) => removeLeftover(l.path));
}

/** Another build still running: this process's own folders are leftovers of nothing (pid reused). */
const alive = (pid: number): boolean => pid !== process.pid && running(pid);

/**
 * Removes a staging or old folder of the tool's, never crossing into another file system (a mount point a
 * user had in an output folder an earlier version moved): what cannot be removed is left, and said.
 */
function removeLeftover(dir: string): string[] {
  const problems: string[] = [];
  const remove = (path: string, dev: number): boolean => {
    let st: Stats;
    try {
      st = lstatSync(path);
    } catch {
      return true;
    }
    try {
      if (st.isDirectory()) {
        if (st.dev !== dev) {
          problems.push(`${path} is a mount point: left in place (unmount it, then delete ${dir})`);
          return false;
        }
        const all = readdirSync(path).map((n) => remove(join(path, n), dev)).every(Boolean);
        if (all) rmdirSync(path);
        return all;
      }
      unlinkSync(path);
      return true;
    } catch (e) {
      problems.push(`could not remove ${path} (${(e as NodeJS.ErrnoException).code ?? e}): delete ${dir} by hand`);
      return false;
    }
  };
  if (existsSync(dir)) remove(dir, lstatSync(dir).dev);
  return problems.slice(0, 1);
}

/** A file of the staging folder removed if there (a hard link to an old output, an earlier attempt). */
function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}

/** The current outputs into the staging folder, as hard links (copies where links are refused); folders keep their modes. */
function carryOver(base: string, staging: string): void {
  chmodSync(staging, lstatSync(base).mode & 0o7777);
  for (const { rel, kind } of walk(base)) {
    const from = join(base, rel);
    const to = join(staging, rel);
    if (kind === "folder") {
      mkdirSync(to);
      chmodSync(to, lstatSync(from).mode & 0o7777);
      continue;
    }
    if (kind !== "file" || OLD_TMP.test(rel) || rel === "manifest.json") continue; // foreign: never in a swapped set (open)
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
  }
}

/** In place: a file can be renamed to `rel` in the output folder only where no foreign thing is in the way. */
function checkInPlaceTarget(base: string, rel: string, shown: string): void {
  const dev = lstatSync(base).dev;
  let at = base;
  for (const part of rel.split(sep)) {
    at = join(at, part);
    if (!existsSync(at) && lstatIf(at) === undefined) return; // made by the build from here on
    const st = lstatSync(at);
    const last = at === join(base, rel);
    const wrong = last ? !st.isFile() : !st.isDirectory() || st.dev !== dev;
    if (wrong) {
      throw new UserError({ file: join(shown, rel), message: `${relative(base, at) || "."} is in the way (${st.isSymbolicLink() ? "a link" : st.isDirectory() ? (st.dev !== dev ? "a mount point" : "a folder") : "not a regular file"}): nothing was written`, hint: "move it out of the output folder, or choose another --out folder; the previous outputs are unchanged" });
    }
    if (!last && !writable(at)) throw new UserError({ file: join(shown, rel), message: `${relative(base, at)} is read-only for this user: nothing was written`, hint: "make it writable (chmod u+w), or choose another --out folder; the previous outputs are unchanged" });
  }
}

function lstatIf(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** An in-place set's files renamed into the output folder, manifest.json last; then its folder removed. */
function moveInto(staging: string, base: string): void {
  const files = walk(staging).filter((e) => e.kind === "file" && e.rel !== "manifest.json");
  for (const { rel } of files) {
    mkdirSync(dirname(join(base, rel)), { recursive: true });
    renameSync(join(staging, rel), join(base, rel));
  }
  for (const dir of new Set(files.map((f) => dirname(join(base, f.rel))))) syncDir(dir);
  if (existsSync(join(staging, "manifest.json"))) renameSync(join(staging, "manifest.json"), join(base, "manifest.json"));
  syncDir(base);
  removeLeftover(staging);
}

/**
 * The manifest's entries, made from the set's files: each document by its name (year, region, report,
 * format), its size and the SHA-256 of its bytes; this build's documents with the title of their model.
 * An earlier build's document keeps the title the old manifest gave it only when that entry describes
 * these very bytes (size and SHA-256) — a title is a label for the year's index page, never a fact about a
 * file, and nothing else is taken from the old manifest: its paths, sizes and hashes are not trusted.
 */
function manifestOutputs(root: string, base: string, files: ReadonlyMap<string, string>, fresh: ReadonlyMap<string, ManifestEntry>): ManifestEntry[] {
  const titles = oldTitles(base);
  const entries = [...files].map(([rel, file]): ManifestEntry => {
    const made = fresh.get(rel);
    if (made) return made;
    const [, year, region, report, extension] = DOCUMENT.exec(rel)!;
    const format = FORMAT_OF_EXTENSION.get(extension!);
    const data = readInput(file, rel, "output", confinedTo(dirname(file)));
    const sha256 = createHash("sha256").update(data).digest("hex");
    const title = titles.get(`${rel}\0${data.length}\0${sha256}`);
    return { report: report!, region: region!, year: Number(year), format: format!, ...(title !== undefined && { title }), path: relative(root, join(base, rel)).split(sep).join("/"), bytes: data.length, sha256 };
  });
  return entries.sort((a, b) => a.year - b.year || a.region.localeCompare(b.region) || a.report.localeCompare(b.report) || a.format.localeCompare(b.format));
}

/** The old manifest's titles by `<file relative to the output folder>\0<bytes>\0<sha256>`; none if it cannot be read. */
function oldTitles(base: string): Map<string, string> {
  const titles = new Map<string, string>();
  const file = join(base, "manifest.json");
  if (!existsSync(file)) return titles;
  let outputs: unknown;
  try {
    outputs = (JSON.parse(readInput(file, "manifest.json", "manifest", confinedTo(base)).toString("utf8")) as { outputs?: unknown }).outputs;
  } catch {
    return titles;
  }
  if (!Array.isArray(outputs)) return titles;
  for (const e of outputs as Partial<ManifestEntry>[]) {
    if (typeof e?.title !== "string" || typeof e.path !== "string") continue;
    titles.set(`${e.path.split("/").slice(-2).join("/")}\0${e.bytes}\0${e.sha256}`, e.title);
  }
  return titles;
}

function manifestText(outputs: readonly ManifestEntry[]): string {
  return `${JSON.stringify({ outputs }, null, 2)}\n`;
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
