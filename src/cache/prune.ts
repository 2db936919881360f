/**
 * Keeping the artefact cache (store.ts) bounded. An entry's modification time is when a build last used it:
 * a miss writes it, a hit touches it (ArtefactCache.get). After a build — at most once an hour, the time of
 * the last pruning kept as the modification time of `<dir>/pruned` — entries not used for
 * `BULLETIN_CACHE_MAX_AGE` days (default 30) are removed, then, oldest first, as many as needed to bring the
 * cache under `BULLETIN_CACHE_MAX_SIZE` (default 1G). Entries used since the build started are never
 * removed: the size may stay above the cap by what the build itself used. A killed build's temporary files
 * go when they are an hour old. Removing an entry only costs time: a build that wants it makes it again.
 */
import { readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ARTEFACT_KINDS, artefactCache } from "./store.js";

export interface PruneLimits {
  /** Entries not used for longer than this go (Infinity: never for their age). */
  readonly maxAgeMs: number;
  /** The cache is brought under this many bytes of entries, oldest first (Infinity: no cap). */
  readonly maxBytes: number;
}

export interface PruneResult {
  readonly removed: number;
  readonly freedBytes: number;
  readonly kept: number;
  readonly keptBytes: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_LIMITS: PruneLimits = { maxAgeMs: 30 * DAY_MS, maxBytes: 1024 ** 3 };
/** How often a build prunes: a walk over the entries (~30 ms for 6 000 of them) is not worth paying every build. */
export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
/** Entries modified this little before the build started count as used by it (file systems that keep whole seconds). */
const CLOCK_SLACK_MS = 2000;

const ENTRY = /^[0-9a-f]{64}$/;
/** store.ts putFile's temporary names (`<file>.tmp-<pid>-<thread>-<n>`) and font-digest.ts's (`….tmp-<pid>-<thread>`). */
const TEMPORARY = /\.tmp-\d+-\d+(-\d+)?$/;

interface Found {
  readonly path: string;
  readonly bytes: number;
  readonly mtimeMs: number;
}

/** Every entry of the cache in `dir` (its kinds' folders and the build records), and its temporary files. */
function walk(dir: string): { entries: Found[]; temporary: Found[] } {
  const entries: Found[] = [];
  const temporary: Found[] = [];
  const look = (folder: string): void => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(folder, name);
      const into = ENTRY.test(name) ? entries : TEMPORARY.test(name) ? temporary : undefined;
      if (!into) continue;
      try {
        const s = statSync(path);
        if (s.isFile()) into.push({ path, bytes: s.size, mtimeMs: s.mtimeMs });
      } catch {
        // removed meanwhile (another build's pruning)
      }
    }
  };
  look(dir); // font-digests.json's temporary files
  look(join(dir, "builds"));
  for (const kind of ARTEFACT_KINDS) {
    let shards: string[] = [];
    try {
      shards = readdirSync(join(dir, kind)).filter((n) => /^[0-9a-f]{2}$/.test(n));
    } catch {
      // no entry of this kind yet
    }
    for (const shard of shards) look(join(dir, kind, shard));
  }
  return { entries, temporary };
}

/**
 * Removes from the cache in `dir` what `limits` say, never an entry modified since `keepSince` (ms since
 * the epoch: when the build that prunes started).
 */
export function pruneCache(dir: string, limits: PruneLimits, keepSince: number, now = Date.now()): PruneResult {
  const { entries, temporary } = walk(dir);
  let removed = 0;
  let freedBytes = 0;
  const remove = (e: Found): void => {
    try {
      rmSync(e.path, { force: true });
      removed++;
      freedBytes += e.bytes;
    } catch {
      // read-only or gone: nothing to do
    }
  };
  // A writer's leftovers (an interrupted rename), an hour old; one that cannot be removed fails no build.
  for (const t of temporary) {
    try {
      if (now - t.mtimeMs > 60 * 60 * 1000) rmSync(t.path, { force: true });
    } catch {
      // read-only: left
    }
  }
  const used = (e: Found): boolean => e.mtimeMs >= keepSince - CLOCK_SLACK_MS;
  // Oldest first: the order in which they go when the cache is over its size.
  const candidates = entries.filter((e) => !used(e)).sort((a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path));
  let total = entries.reduce((s, e) => s + e.bytes, 0);
  for (const e of candidates) {
    if (now - e.mtimeMs <= limits.maxAgeMs && total <= limits.maxBytes) break;
    remove(e);
    total -= e.bytes;
  }
  return { removed, freedBytes, kept: entries.length - removed, keptBytes: total };
}

/** BULLETIN_CACHE_MAX_AGE (days) and BULLETIN_CACHE_MAX_SIZE (bytes, or with K, M, G: KiB, MiB, GiB); `off` for no limit. */
export function cacheLimits(env: NodeJS.ProcessEnv = process.env): { limits: PruneLimits; warnings: string[] } {
  const warnings: string[] = [];
  const age = env.BULLETIN_CACHE_MAX_AGE?.trim();
  const size = env.BULLETIN_CACHE_MAX_SIZE?.trim();
  let maxAgeMs = DEFAULT_LIMITS.maxAgeMs;
  let maxBytes = DEFAULT_LIMITS.maxBytes;
  if (age) {
    const m = /^(\d+(?:\.\d+)?)\s*d?$/i.exec(age);
    if (age.toLowerCase() === "off") maxAgeMs = Infinity;
    else if (m) maxAgeMs = Number(m[1]) * DAY_MS;
    else warnings.push(`BULLETIN_CACHE_MAX_AGE=${age} is not a number of days (e.g. 30, or off); the default, 30, is used`);
  }
  if (size) {
    const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(size);
    if (size.toLowerCase() === "off") maxBytes = Infinity;
    else if (m) maxBytes = Math.floor(Number(m[1]) * 1024 ** " kmg".indexOf((m[2] || " ").toLowerCase()));
    else warnings.push(`BULLETIN_CACHE_MAX_SIZE=${size} is not a size (e.g. 500M, 2G, or off); the default, 1G, is used`);
  }
  return { limits: { maxAgeMs, maxBytes }, warnings };
}

/**
 * After a build that started at `startedAt`: prunes the current cache (artefactCache()) when it was last
 * pruned more than PRUNE_INTERVAL_MS ago. Returns what it did, if anything, and warnings about the settings.
 */
export function pruneAfterBuild(startedAt: number, env: NodeJS.ProcessEnv = process.env, now = Date.now()): { result?: PruneResult; warnings: string[] } {
  const { limits, warnings } = cacheLimits(env);
  const dir = artefactCache().dir;
  if (!dir) return { warnings };
  const stamp = join(dir, "pruned");
  try {
    if (now - statSync(stamp).mtimeMs < PRUNE_INTERVAL_MS) return { warnings };
  } catch {
    // never pruned (or no cache yet)
  }
  const result = pruneCache(dir, limits, startedAt, now);
  try {
    writeFileSync(stamp, "");
    utimesSync(stamp, now / 1000, now / 1000);
  } catch {
    // a read-only cache: pruned again next time
  }
  return { result, warnings };
}
