/**
 * `npm ci` runs the package's `prepare` script (scripts/prepare.mjs): in a copy of the project, it leaves the
 * bundle of src/ and the V8 code caches of the main thread and the PDF worker (what a first `npm run build`
 * would otherwise make), and no output and no artefact — the first real build still renders everything.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { ROOT, copySubject } from "./support/dataset.js";

/** The raw text of every tagged template in `source` (JavaScript) that holds a \uXXXX escape of a character outside ASCII. */
function taggedEscapes(source: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node)) {
      const raw = node.template.getText();
      if (/\\u(?:00[89a-f][0-9a-f]|0[1-9a-f][0-9a-f]{2}|[1-9a-f][0-9a-f]{3})/i.test(raw)) found.push(raw.slice(0, 80));
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile("bundle.cjs", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS));
  return found;
}

describe("npm's prepare script", () => {
  it("makes the bundle and its code caches, and keeps no output or artefact", () => {
    const root = mkdtempSync(join(tmpdir(), "bulletin-prepare-"));
    for (const part of ["src", "scripts", "package.json", "package-lock.json"]) cpSync(join(ROOT, part), join(root, part), { recursive: true });
    copySubject(root);
    symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
    const run = spawnSync(process.execPath, ["scripts/prepare.mjs"], { cwd: root, encoding: "utf8", env: { ...process.env, SOURCE_DATE_EPOCH: "1623196800" } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/not made/);
    const bundles = readdirSync(join(root, ".cache", "dist"));
    expect(bundles).toHaveLength(1);
    const files = readdirSync(join(root, ".cache", "dist", bundles[0]!));
    expect(files).toEqual(expect.arrayContaining(["cli.cjs", "render-worker.cjs", `cli.cjs.main.${process.version}.v8cache`, `render-worker.cjs.pdf.${process.version}.v8cache`]));
    expect(existsSync(join(root, ".cache", "artefacts"))).toBe(false);
    expect(existsSync(join(root, "out"))).toBe(false);
    // Each bundle is ASCII (V8 then holds its source as Latin-1, half the memory: scripts/build.mjs asciiOnly), and
    // no tagged template's raw text holds an escape of a character outside ASCII — the one place where writing a
    // character as its escape, as asciiOnly does, would change what the code sees.
    expect(taggedEscapes("String.raw`a\\u4e2d`; `\\u4e2d`; f`\\u007e`;")).toEqual(["`a\\u4e2d`"]); // the check finds one
    for (const name of ["cli.cjs", "render-worker.cjs"]) {
      const bundle = readFileSync(join(root, ".cache", "dist", bundles[0]!, name));
      expect(bundle.findIndex((byte) => byte >= 0x80), name).toBe(-1);
      expect(taggedEscapes(bundle.toString("latin1")), name).toEqual([]);
    }
  }, 180_000);
});
