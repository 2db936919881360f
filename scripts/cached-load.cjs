// Runs a CommonJS bundle made by scripts/build.mjs through V8's code cache: the bytecode of every function
// the last run compiled, kept beside the bundle, so a fresh process (or render worker) skips parsing and
// compiling ~4 MB of JavaScript. Node 22 offers this as module.enableCompileCache(); Node 20 has only
// vm.Script's cachedData (https://nodejs.org/api/vm.html#scriptcreatecacheddata), used here as
// v8-compile-cache does for require().
//
// The cache is an optimisation only: V8 checks it against the source, its own version and flags, and
// rejects a stale one (script.cachedDataRejected), which is then written again. It is written once, when
// missing or rejected, after the run has compiled the functions it needed — under a temporary name and
// renamed into place, so concurrent builds never read half a file.
"use strict";
const { readFileSync, renameSync, writeFileSync, rmSync } = require("node:fs");
const { createRequire, wrap } = require("node:module");
const { dirname } = require("node:path");
const { Script } = require("node:vm");
const { threadId } = require("node:worker_threads");

/**
 * Runs `file` (an absolute path) as a CommonJS module; returns `save()`, which writes its code cache when
 * it has none that V8 accepted (call it once the process has done its typical work). Threads that run
 * different parts of one file (a PDF and a DOCX render worker) keep a cache each, named by `role`.
 */
function runCached(file, role = "main") {
  const cacheFile = `${file}.${role}.${process.version}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(wrap(readFileSync(file, "utf8")), { filename: file, cachedData });
  const module = { exports: {}, filename: file, id: file };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  let saved = cachedData !== undefined && !script.cachedDataRejected;
  return function save() {
    if (saved) return;
    saved = true;
    const tmp = `${cacheFile}.tmp-${process.pid}-${threadId}`;
    try {
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      rmSync(tmp, { force: true }); // a cache is never worth failing a build for
    }
  };
}

module.exports = { runCached };
