/**
 * One read path: every input (YAML, template, chart spec, data file, workbook, font, what new-year copies) is
 * read through src/io/read.ts — inside the project, regular files only. This test fails when a module of
 * src/ or scripts/ outside the allowed ones imports a function of node:fs that reads, lists or inspects files,
 * so that a new raw read cannot slip in beside the one path.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/dataset.js";

/** The modules that may touch the file system directly, and why. */
const ALLOWED: Readonly<Record<string, string>> = {
  "src/io/": "the one read path itself",
  "src/output/": "the output folder, its staging folders and its lock: files the tool writes",
  "src/cache/": "the artefact cache (.cache/): files the tool writes; inputs are hashed through src/io",
  "src/trace.ts": "/proc/thread-self/stat: the process's own CPU time",
  "src/preview/watch.ts": "lists and stats folders to watch them; reads no file",
  "scripts/build.mjs": "the tool's own code (src/) into the bundle",
  "scripts/code-version.mjs": "the tool's own code (src/), hashed",
  "scripts/cached-load.cjs": "the bundle and its V8 code cache",
  "src/render/docx/harfbuzz.ts": "harfbuzz's WebAssembly, from its package",
  "scripts/screenshots.ts": "a developer's script: copies the project's folders to a scratch folder",
  "scripts/import-picture.ts": "a developer's script: reads a test fixture to draw the README's picture",
};

/** node:fs functions that read, list or inspect the file system (writing and existsSync are not reads of content). */
const READS = [
  "readFileSync", "readFile", "createReadStream", "openSync", "open", "opendirSync", "opendir", "readdirSync", "readdir",
  "statSync", "stat", "lstatSync", "lstat", "fstatSync", "readlinkSync", "readlink", "realpathSync", "realpath",
  "copyFileSync", "copyFile", "cpSync", "cp", "readSync", "read", "readv", "readvSync", "accessSync", "access", "watch", "watchFile",
];

/** The raw reads a module's text imports from node:fs (named, default, namespace or require). */
export function rawReads(text: string): string[] {
  const found: string[] = [];
  const fs = /\b(?:import\s+([\s\S]*?)\s+from\s*|require\s*\(\s*)["'](?:node:)?fs(?:\/promises)?["']/g;
  for (const m of text.matchAll(fs)) {
    const clause = m[1];
    if (clause === undefined) {
      found.push("require(fs)");
      continue;
    }
    if (/^\*\s+as\s+\w+$/.test(clause.trim()) || /^\w+$/.test(clause.trim())) {
      found.push(`${clause.trim()} (the whole module)`);
      continue;
    }
    const names = /\{([\s\S]*)\}/.exec(clause)?.[1] ?? "";
    for (const part of names.split(",")) {
      const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]!;
      if (READS.includes(name)) found.push(name);
    }
  }
  return found;
}

function modules(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mts|cts|mjs|cjs|js)$/.test(e.name) && !e.name.endsWith(".d.ts"))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split(sep).join("/"));
}

describe("one read path", () => {
  it("finds a raw read however it is imported", () => {
    expect(rawReads(`import { existsSync, readFileSync as rf, writeFileSync } from "node:fs";`)).toEqual(["readFileSync"]);
    expect(rawReads(`import {\n  mkdirSync,\n  readdirSync,\n} from "fs";`)).toEqual(["readdirSync"]);
    expect(rawReads(`import { open } from "node:fs/promises";`)).toEqual(["open"]);
    expect(rawReads(`import * as fs from "node:fs";`)).toEqual(["* as fs (the whole module)"]);
    expect(rawReads(`const { readFileSync } = require("node:fs");`)).toEqual(["require(fs)"]);
    expect(rawReads(`import { writeFileSync, existsSync, type Dirent } from "node:fs";`)).toEqual([]);
  });

  it("no module of src/ or scripts/ reads the file system except through src/io/ (and the modules named, each with its reason)", () => {
    const offenders = [...modules("src"), ...modules("scripts")]
      .filter((file) => !Object.keys(ALLOWED).some((a) => (a.endsWith("/") ? file.startsWith(a) : file === a)))
      .map((file) => ({ file, reads: rawReads(readFileSync(join(ROOT, file), "utf8")) }))
      .filter((m) => m.reads.length > 0)
      .map((m) => `${m.file}: ${m.reads.join(", ")} — read it through src/io/read.ts (readInput, listInput)`);
    expect(offenders).toEqual([]);
  });

  it("every allowed module still exists (an entry for a module gone would let a new one of its name in unseen)", () => {
    const all = [...modules("src"), ...modules("scripts")];
    for (const a of Object.keys(ALLOWED)) expect(all.some((f) => (a.endsWith("/") ? f.startsWith(a) : f === a)), a).toBe(true);
  });
});
