// The root package's `prepare` script, which `npm ci` and `npm install` run once the packages are in place:
// one build of the default reports into a temporary folder, so that the first `npm run build` of a fresh
// clone finds what scripts/build.mjs would otherwise make on its own first run (~1 s):
//
// - the bundle of src/ (.cache/dist/<hash>/), named by the stat data of its inputs — a later edit of src/
//   still makes a new one;
// - the V8 code caches beside it (scripts/cached-load.cjs), written by the threads of a real build at exit.
//
// - the font files' digests (`font-digests.json` in .cache/artefacts/, src/cache/font-digest.ts): the SHA-256 of
//   each face the cache keys name, remembered by the file's path, size, modification time and inode — ~50 MB
//   hashed, ~25 ms of a first build's critical path otherwise. Only that file is kept: the build's artefact cache
//   is a temporary folder, so no document, chart or PNG is kept and the first real build renders everything as it
//   would have.
//
// An install never fails for this: without a bundle, `npm run build` makes one itself; without the digests, it
// hashes the fonts.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NODE_FLAGS } from "./node-flags.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const temp = mkdtempSync(join(tmpdir(), "bulletin-prepare-"));
const out = join(temp, "out");
const cache = join(temp, "cache");
try {
  const run = spawnSync(process.execPath, [...NODE_FLAGS, join(root, "scripts", "build.mjs"), "--out", out, "--progress", "quiet"], {
    cwd: root,
    env: { ...process.env, BULLETIN_CACHE: cache },
    encoding: "utf8",
  });
  if (run.status !== 0) {
    const why = (run.stderr || run.error?.message || `exit ${run.status}`).trim().split("\n").slice(-3).join("\n");
    console.warn(`prepare: the first build's bundle was not made now (npm run build makes it): ${why}`);
  } else {
    // The project's own cache folder (BULLETIN_CACHE unset: src/cache/store.ts cacheDir); a file there already stays.
    const digests = join(cache, "font-digests.json");
    const kept = join(root, ".cache", "artefacts", "font-digests.json");
    if (existsSync(digests) && !existsSync(kept)) {
      mkdirSync(dirname(kept), { recursive: true });
      copyFileSync(digests, kept);
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
