// The root package's `prepare` script, which `npm ci` and `npm install` run once the packages are in place:
// one build of the default reports into a temporary folder, so that the first `npm run build` of a fresh
// clone finds what scripts/build.mjs would otherwise make on its own first run (~1 s):
//
// - the bundle of src/ (.cache/dist/<hash>/), named by the stat data of its inputs — a later edit of src/
//   still makes a new one;
// - the V8 code caches beside it (scripts/cached-load.cjs), written by the threads of a real build at exit.
//
// The artefact cache is off for it (BULLETIN_CACHE=off): no document, chart or PNG is kept, so the first
// real build renders everything as it would have. An install never fails for this: without a bundle,
// `npm run build` makes one itself.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NODE_FLAGS } from "./node-flags.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "bulletin-prepare-"));
try {
  const run = spawnSync(process.execPath, [...NODE_FLAGS, join(root, "scripts", "build.mjs"), "--out", out, "--progress", "quiet"], {
    cwd: root,
    env: { ...process.env, BULLETIN_CACHE: "off" },
    encoding: "utf8",
  });
  if (run.status !== 0) {
    const why = (run.stderr || run.error?.message || `exit ${run.status}`).trim().split("\n").slice(-3).join("\n");
    console.warn(`prepare: the first build's bundle was not made now (npm run build makes it): ${why}`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
