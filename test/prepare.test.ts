/**
 * `npm ci` runs the package's `prepare` script (scripts/prepare.mjs): in a copy of the project, it leaves the
 * bundle of src/ and the V8 code caches of the main thread and the PDF worker (what a first `npm run build`
 * would otherwise make), and no output and no artefact — the first real build still renders everything.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, copySubject } from "./support/dataset.js";

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
  }, 180_000);
});
