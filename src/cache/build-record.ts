/**
 * Whether a build will find every document in the artefact cache, known before it starts: the CLI then does
 * not start render workers it would not use (they cost a core's worth of start-up and ~150 MiB). A record,
 * named by a hash of everything a build reads (the code version, the options that choose and shape the
 * outputs, SOURCE_DATE_EPOCH, the files of data/ and templates/, and fonts/ by size and date), lists the
 * document keys that build asked for. Only a prediction: each document is still looked up by its own key,
 * and a miss starts the workers then (render-pool.ts `lazy`).
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { BuildOptions } from "../options/flags.js";
import { UserError } from "../errors.js";
import { confinedTo } from "../io/project-path.js";
import { readInput } from "../io/read.js";
import { artefactCache } from "./store.js";

function inputsKey(root: string, options: BuildOptions): string {
  const where = confinedTo(root);
  // Through the one read path (src/io/read.ts): a file that cannot be read is hashed as such (the build names it).
  const content = (file: string): Buffer | string => {
    try {
      return readInput(join(root, file), file, "file", where);
    } catch (e) {
      if (e instanceof UserError) return `\0unreadable: ${e.message}`;
      throw e;
    }
  };
  const hash = createHash("sha256").update(`${artefactCache().version}\0`);
  const { year, region, formats, fonts, shard } = options;
  hash.update(JSON.stringify({ year, region, formats, fonts, shard, epoch: process.env.SOURCE_DATE_EPOCH ?? "" }));
  for (const dir of ["data", "templates", "fonts"]) {
    let files: string[];
    try {
      files = readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)).split(sep).join("/"))
        .sort();
    } catch {
      files = [];
    }
    for (const file of files) {
      // fonts/ may hold large font files: by size and date; the rest by content.
      if (dir === "fonts") {
        const s = statSync(join(root, file));
        hash.update(`${file}\0${s.size}\0${s.mtimeMs}\0${s.ino}\n`);
      } else hash.update(`${file}\0`).update(content(file)).update("\n");
    }
  }
  return hash.digest("hex");
}

const recordFile = (dir: string, key: string): string => join(dir, "builds", key);

/** True when the last build with these inputs asked for documents that are all in the cache. */
export function expectAllCached(root: string, options: BuildOptions): boolean {
  const cache = artefactCache();
  if (!cache.dir) return false;
  try {
    const keys = readFileSync(recordFile(cache.dir, inputsKey(root, options)), "utf8").split("\n").filter(Boolean);
    return keys.length > 0 && keys.every((k) => cache.has("document", k));
  } catch {
    return false;
  }
}

export function recordBuild(root: string, options: BuildOptions, documentKeys: readonly string[]): void {
  const cache = artefactCache();
  if (!cache.dir || documentKeys.length === 0) return;
  const key = inputsKey(root, options);
  // Stored as an artefact of its own (under builds/): written atomically like the others.
  cache.putFile(recordFile(cache.dir, key), `${documentKeys.join("\n")}\n`);
}
