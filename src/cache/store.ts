/**
 * The artefact cache: content-addressed files in `.cache/artefacts/`, shared by `npm run build`, `npm run
 * preview` and the render workers, safe to delete at any time. Each expensive step asks for its result by a
 * key — a SHA-256 of the step's kind, the code version (version.ts) and every input the step reads — and
 * stores it when it had to make it. A key names its content, so an entry is never updated, only added:
 * concurrent builds can share the folder (each file is written under a temporary name and renamed into place).
 * What is cached and by which inputs: ARCHITECTURE.md "Artefact cache".
 *
 * `BULLETIN_CACHE=off` turns it off; `BULLETIN_CACHE=<dir>` puts it elsewhere. A cache that cannot be read
 * or written only costs time: the step is done again, the build never fails for it. An entry's modification
 * time is when it was last used (a hit touches it): prune.ts removes what has not been used for long, and
 * the oldest when the cache is over its size.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { UserError } from "../errors.js";
import { threadId } from "node:worker_threads";
import { codeVersion } from "./version.js";

export const ARTEFACT_KINDS = ["chart", "png", "subset", "document"] as const;
/** chart: a chart's SVG; png: its DOCX fallback; subset: a font subset embedded in a DOCX; document: a rendered file. */
export type ArtefactKind = (typeof ARTEFACT_KINDS)[number];

export type KeyPart = string | Uint8Array;

export interface CacheStats {
  readonly hits: Record<ArtefactKind, number>;
  readonly misses: Record<ArtefactKind, number>;
}

const counts = (): Record<ArtefactKind, number> => ({ chart: 0, png: 0, subset: 0, document: 0 });

export class ArtefactCache {
  readonly stats: CacheStats = { hits: counts(), misses: counts() };
  private written = 0;

  /** @param dir the cache's folder; undefined: no cache (every step is done, nothing is kept). */
  constructor(
    readonly dir: string | undefined,
    readonly version: string = codeVersion(),
  ) {}

  /** The key of an artefact of `kind` made from `parts` (each length-prefixed: no two lists share a key). */
  key(kind: ArtefactKind, parts: readonly KeyPart[]): string {
    const hash = createHash("sha256").update(`${kind}\0${this.version}\0`);
    for (const part of parts) hash.update(`${typeof part === "string" ? Buffer.byteLength(part) : part.byteLength}\0`).update(part);
    return hash.digest("hex");
  }

  get(kind: ArtefactKind, key: string): Buffer | undefined {
    let data: Buffer | undefined;
    if (this.dir) {
      const file = this.path(kind, key);
      try {
        data = readFileSync(file);
      } catch {
        data = undefined;
      }
      if (data) touch(file);
    }
    this.stats[data ? "hits" : "misses"][kind]++;
    return data;
  }

  put(kind: ArtefactKind, key: string, data: string | Uint8Array): void {
    if (this.dir) this.putFile(this.path(kind, key), data);
  }

  /** Writes a file in the cache's folder: under a temporary name, renamed into place. */
  putFile(file: string, data: string | Uint8Array): void {
    const tmp = `${file}.tmp-${process.pid}-${threadId}-${this.written++}`;
    try {
      mkdirSync(join(file, ".."), { recursive: true });
      writeFileSync(tmp, data);
      renameSync(tmp, file);
    } catch {
      rmSync(tmp, { force: true }); // a full disk or a read-only checkout: the build goes on without
    }
  }

  /** Whether an artefact is there, without counting it as a hit or a miss. */
  has(kind: ArtefactKind, key: string): boolean {
    if (!this.dir) return false;
    return existsSync(this.path(kind, key));
  }

  private path(kind: ArtefactKind, key: string): string {
    return join(this.dir!, kind, key.slice(0, 2), key);
  }
}

/** Entries this process has marked used: once is enough (pruning never takes one used since the process began). */
const touched = new Set<string>();

/** Marks an entry used now (prune.ts keeps what was used lately); a cache that cannot be written keeps its old times. */
function touch(file: string): void {
  if (touched.has(file)) return;
  touched.add(file);
  const now = new Date();
  try {
    utimesSync(file, now, now);
  } catch {
    // read-only: it is only pruned sooner
  }
}

/** The cache's folder for a repository: `BULLETIN_CACHE` (a folder, or `off`), else `<root>/.cache/artefacts`. */
export function cacheDir(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.BULLETIN_CACHE?.trim();
  if (setting === "off" || setting === "0" || setting === "false") return undefined;
  if (setting) {
    const dir = isAbsolute(setting) ? setting : resolve(root, setting);
    // Where the cache goes is the user's choice: a file there is their mistake, not a cache that "only costs time".
    let existing = dir; // the folder itself, or the nearest of its parents there is
    while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
    if (!statSync(existing).isDirectory()) throw new UserError({ message: `BULLETIN_CACHE=${setting}: ${existing} is not a folder`, hint: "set BULLETIN_CACHE to a folder (it is made when missing), or to off; unset, the cache is .cache/artefacts" });
    return dir;
  }
  return join(root, ".cache", "artefacts");
}

let current: ArtefactCache | undefined;
/** The project whose cache this thread uses (its `.cache/` also holds the tool's work folders: src/io/work-folder.ts). */
let project: string | undefined;
/** One cache per folder in a thread, so its stats add up over builds. */
const opened = new Map<string | undefined, ArtefactCache>();

/**
 * Makes the cache of `root` (as BULLETIN_CACHE says) the one this thread's steps use; a build calls it first
 * (pipeline.ts), a render worker when it starts. Returns it.
 */
export function useArtefactCache(root: string): ArtefactCache {
  project = root;
  const dir = cacheDir(root);
  let cache = opened.get(dir);
  if (!cache) opened.set(dir, (cache = new ArtefactCache(dir)));
  current = cache;
  return cache;
}

/** The project this thread works for (useArtefactCache's root; the current directory until a build says which). */
export function projectRoot(): string {
  return project ?? process.cwd();
}

/** The cache this thread's steps use (the current directory's, until a build says which). */
export function artefactCache(): ArtefactCache {
  return (current ??= new ArtefactCache(cacheDir(process.cwd())));
}

/** A step through the cache: the artefact stored under `parts`, else `make`'s result, stored. */
export async function cached(kind: ArtefactKind, parts: readonly KeyPart[], make: () => Promise<Buffer> | Buffer): Promise<Buffer> {
  const cache = artefactCache();
  const key = cache.key(kind, parts);
  const hit = cache.get(kind, key);
  if (hit) return hit;
  const made = await make();
  cache.put(kind, key, made);
  return made;
}
