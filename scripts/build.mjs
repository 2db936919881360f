// `npm run build`: runs the CLI from a bundle of src/ (.cache/dist/<hash>/), made with esbuild when src/, the
// installed packages or this script changed. What makes a cold build fast (measured with `npm run bench`):
//
// - plain JavaScript instead of TypeScript through a loader: ~1 s less start-up per thread than tsx;
// - one CommonJS file per thread (cli.cjs; render-worker.cjs for the render workers) with the packages
//   bundled in, run through V8's code cache (scripts/cached-load.cjs): no ESM loader walking hundreds of
//   small files, and the bytecode of the last run instead of parsing and compiling again;
// - V8 tuned for a short batch (scripts/v8-flags.mjs).
//
// The bundle's folder is named by a hash of its inputs, made under a temporary name and renamed into
// place, so concurrent builds never see a half-written bundle.
import "./v8-flags.mjs"; // first: before anything is compiled
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { codeVersionOf } from "./code-version.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const cache = join(root, ".cache", "dist");

/** Packages left to Node's require: native code, WebAssembly and data files found beside their own code, and
 * (in the render workers' bundle) fontkit, one copy shared by the font profile (src/fonts/) and pdfkit. The main
 * thread's bundle holds fontkit, so that its code cache covers it (~30 ms of compiling at start-up): the main
 * thread draws a PDF only with --jobs 1, and then pdfkit's copy is given the profile's parsed fonts all the same
 * (src/render/pdf/fontkit.ts; the same bytes, test/determinism.test.ts). */
const EXTERNAL = ["@resvg/resvg-js", "subset-font", "pdfkit", "pdfmake", "fontkit"];

/**
 * vega-canvas looks for the optional node-canvas package with a top-level await, which CommonJS cannot hold.
 * Charts never use a canvas (vega renders SVG and text is measured with fontkit: src/charts/metrics.ts), so
 * the bundle gets vega-canvas's answer when node-canvas is not installed: no canvas.
 */
const noCanvas = {
  name: "no-canvas",
  setup(b) {
    b.onResolve({ filter: /^vega-canvas$/ }, () => ({ path: "vega-canvas", namespace: "no-canvas" }));
    b.onLoad({ filter: /.*/, namespace: "no-canvas" }, () => ({
      contents: "export function canvas() { return null; }\nexport function image() { return null; }\nexport const domCanvas = canvas, nodeCanvas = canvas;",
      loader: "js",
    }));
  },
};

/**
 * Handlebars generates each template's JavaScript through source-map's SourceNode when that package can be
 * loaded (handlebars/dist/cjs/handlebars/compiler/code-gen.js), else through a plain string builder of its
 * own. Templates are compiled without a source map, so the result is the same; the string builder is
 * several times faster on the first report's critical path.
 */
const noSourceMapForHandlebars = {
  name: "no-source-map-for-handlebars",
  setup(b) {
    b.onResolve({ filter: /^source-map$/ }, (args) => (/[\\/]handlebars[\\/]/.test(args.importer) ? { path: "source-map", namespace: "no-source-map" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "no-source-map" }, () => ({ contents: "module.exports = {};", loader: "js" }));
  },
};

/**
 * fontkit requires Brotli's decoder at load (for WOFF2 fonts), ~10 ms of decoding its dictionary; the fonts here
 * are TrueType and OpenType. In the bundle, the decoder is required when fontkit first calls it.
 */
const lazyBrotli = {
  name: "lazy-brotli",
  setup(b) {
    b.onResolve({ filter: /^brotli\/decompress\.js$/ }, (args) => (/[\\/]fontkit[\\/]/.test(args.importer) ? { path: "brotli/decompress.js", namespace: "lazy-brotli" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "lazy-brotli" }, () => ({
      contents: 'let decompress;\nmodule.exports = function lazyDecompress(buffer, outSize) {\n  decompress ??= require("brotli/decompress.js");\n  return decompress(buffer, outSize);\n};\n',
      loader: "js",
      resolveDir: root,
    }));
  },
};

/**
 * The bundle in ASCII only. V8 keeps a script's source in memory for as long as its functions live (it compiles the
 * lazy ones from it), as Latin-1 when every character is, else as UTF-16 — twice the bytes: the Chinese characters
 * of a few regular expressions made the main bundle's source twice its size in each process's memory. esbuild
 * escapes strings and templates (its default ASCII charset) but writes a regular expression literal as it is; each
 * character outside ASCII is written here as its \uXXXX escape, which a regular expression reads as the character
 * (inside a class too, with or without the u flag — an astral character as its surrogate pair). With comments gone
 * (minifyWhitespace), what is left outside ASCII is such literals, and a tagged template's raw text (which an escape
 * would change): none in the bundles now — test/prepare.test.ts checks that the built bundles hold no template
 * literal with an escape this wrote.
 */
function asciiOnly(file) {
  const text = readFileSync(file, "utf8");
  let out = "";
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    out += `${text.slice(last, i)}\\u${code.toString(16).padStart(4, "0")}`;
    last = i + 1;
  }
  if (last > 0) writeFileSync(file, out + text.slice(last));
}

const stamp = createHash("sha256");
const inputs = readdirSync(join(root, "src"), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => join(e.parentPath ?? e.path, e.name));
inputs.push(fileURLToPath(import.meta.url), join(root, "scripts", "cached-load.cjs"), join(root, "scripts", "code-version.mjs"), join(root, "package-lock.json"));
for (const file of inputs.sort()) {
  const { size, mtimeMs } = statSync(file);
  stamp.update(`${file}\0${size}\0${mtimeMs}\n`);
}
const outdir = join(cache, stamp.digest("hex").slice(0, 16));

if (!existsSync(outdir)) {
  const { build } = await import("esbuild");
  const tmp = `${outdir}.tmp-${process.pid}`;
  const common = {
    absWorkingDir: root,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    // CommonJS has no import.meta: each file's own URL stands in (createRequire, the worker's path).
    // The code version in the artefact cache's keys (src/cache/version.ts), by content.
    define: { "import.meta.url": "__bundle_url", __BULLETIN_CODE_VERSION__: JSON.stringify(codeVersionOf(root)) },
    banner: { js: 'const __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
    outdir: tmp,
    outExtension: { ".js": ".cjs" },
    sourcemap: "linked",
    // Comments and indentation are a third of the bundle, and V8 keeps a script's whole source in each thread's
    // memory; the licences stay with the packages in node_modules/ (the bundle is this machine's build, never shipped).
    minifyWhitespace: true,
    legalComments: "none",
    logLevel: "warning",
  };
  // The main thread's bundle holds fontkit (its code cache covers it), WOFF2's Brotli decoder loaded when first
  // used; the render workers leave it to require, one copy with pdfkit's.
  await build({ ...common, entryPoints: { cli: "src/cli.ts" }, external: EXTERNAL.filter((p) => p !== "fontkit"), plugins: [noCanvas, noSourceMapForHandlebars, lazyBrotli] });
  await build({ ...common, entryPoints: { "render-worker": "src/pool/render-worker.ts" }, external: EXTERNAL, plugins: [noCanvas, noSourceMapForHandlebars] });
  for (const name of ["cli.cjs", "render-worker.cjs"]) asciiOnly(join(tmp, name));
  writeFileSync(join(tmp, "cached-load.cjs"), readFileSync(join(root, "scripts", "cached-load.cjs")));
  // Where src/cli.ts starts its render workers: pool/worker-entry.mjs beside the CLI (in src/ a tsx shim).
  mkdirSync(join(tmp, "pool"));
  writeFileSync(
    join(tmp, "pool", "worker-entry.mjs"),
    [
      'import { createRequire } from "node:module";',
      "const require = createRequire(import.meta.url);",
      'const { workerData } = require("node:worker_threads");',
      'const role = workerData.formats.join("+");',
      'process.once("exit", require("../cached-load.cjs").runCached(require.resolve("../render-worker.cjs"), role));',
      "",
    ].join("\n"),
  );
  try {
    renameSync(tmp, outdir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another build put the same bundle in place first
  }
  for (const old of readdirSync(cache)) {
    if (join(cache, old) !== outdir && !old.includes(".tmp-")) rmSync(join(cache, old), { recursive: true, force: true });
  }
}

const { runCached } = createRequire(import.meta.url)(join(outdir, "cached-load.cjs"));
process.once("exit", runCached(join(outdir, "cli.cjs")));
