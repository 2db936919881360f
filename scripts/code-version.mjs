// The version of the code that makes the build's artefacts, for the keys of the artefact cache
// (src/cache/): a SHA-256 of every file under src/, of the bundle's recipe (scripts/build.mjs) and of the
// installed packages (package-lock.json) — their contents, not their dates, so a fresh clone of the same
// commit computes the same version. scripts/build.mjs writes it into the bundle; under tsx (tests,
// scripts) src/cache/version.ts computes it from the files.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** @param {string} root the repository @returns {string} 16 hex digits */
export function codeVersionOf(root) {
  const files = readdirSync(join(root, "src"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name));
  files.push(join(root, "scripts", "build.mjs"), join(root, "package-lock.json"));
  const hash = createHash("sha256");
  for (const file of files.map((f) => relative(root, f).split(sep).join("/")).sort()) {
    const data = readFileSync(join(root, file));
    hash.update(`${file}\0${data.length}\0`).update(data);
  }
  return hash.digest("hex").slice(0, 16);
}
