/**
 * A font face's content digest, for cache keys: a SHA-256 of the file's bytes. Hashing the default profile's
 * four faces (~50 MB) costs more than a warm build saves elsewhere, so digests are remembered in the cache's
 * folder (`font-digests.json`) by path, size, modification time and inode — as git remembers a file's
 * hash by its stat data — and computed again when any of these change (a font replaced in fonts/).
 */
import { createHash } from "node:crypto";
import { readFileSync, renameSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import type { FontFace } from "../fonts/profile.js";
import { artefactCache } from "./store.js";

interface Remembered {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly sha256: string;
}

const byFace = new WeakMap<FontFace, string>();
/** The digest part of keys made without a cache: never a SHA-256, so never a key of a stored entry. */
const UNCACHED = "no cache";
let memo: { dir: string | undefined; entries: Record<string, Remembered> } | undefined;

export function faceDigest(face: FontFace): string {
  const dir = artefactCache().dir;
  // Without a cache (BULLETIN_CACHE=off) no key is looked up or stored: hashing ~50 MB would only cost time.
  if (!dir) return UNCACHED;
  let digest = byFace.get(face);
  if (digest) return digest;
  if (!memo || memo.dir !== dir) memo = { dir, entries: readMemo(dir) };
  let stat: { size: number; mtimeMs: number; ino: number } | undefined;
  try {
    stat = statSync(face.file);
  } catch {
    stat = undefined;
  }
  const known = memo.entries[face.file];
  // Only when the file on disk is the one that was read: its size must match the bytes in memory.
  if (stat && known && stat.size === face.size && known.size === stat.size && known.mtimeMs === stat.mtimeMs && known.ino === stat.ino) {
    digest = known.sha256;
  } else {
    digest = createHash("sha256").update(face.data).digest("hex");
    if (stat && stat.size === face.size) {
      memo.entries[face.file] = { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino, sha256: digest };
      writeMemo(dir, memo.entries);
    }
  }
  byFace.set(face, digest);
  return digest;
}

/** The digests of several faces, as one key part. */
export function facesDigest(faces: readonly FontFace[]): string {
  return faces.map((f) => `${f.family}/${f.postscriptName}:${faceDigest(f)}`).join("\n");
}

const memoFile = (dir: string): string => join(dir, "font-digests.json");

function readMemo(dir: string): Record<string, Remembered> {
  try {
    return JSON.parse(readFileSync(memoFile(dir), "utf8")) as Record<string, Remembered>;
  } catch {
    return {};
  }
}

function writeMemo(dir: string, entries: Record<string, Remembered>): void {
  const tmp = `${memoFile(dir)}.tmp-${process.pid}-${threadId}`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, `${JSON.stringify(entries, null, 1)}\n`);
    renameSync(tmp, memoFile(dir));
  } catch {
    // only time is lost: the digest is computed again next time
  }
}
