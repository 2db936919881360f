/**
 * The main thread's heap is sized by flags on the Node command line only (scripts/node-flags.mjs): the npm
 * commands that run the bundle must give them, and a process started with or without them must accept the
 * other's V8 code cache (scripts/cached-load.cjs), or the two would rewrite it in turn.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { NODE_FLAGS } from "../scripts/node-flags.mjs";
import { ROOT } from "./support/dataset.js";

const scratch = mkdtempSync(join(tmpdir(), "bulletin-node-flags-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A process with `flags` on its command line, then the bundle's run-time flags: compiles a script with the cache in `file` (writing it when absent); whether V8 rejected it. */
function compileWithCache(flags: readonly string[], file: string): string {
  const program = `
    await import(${JSON.stringify(pathToFileURL(join(ROOT, "scripts", "v8-flags.mjs")).href)});
    const { existsSync, readFileSync, writeFileSync } = await import("node:fs");
    const { Script } = await import("node:vm");
    const file = ${JSON.stringify(file)};
    const script = new Script("function f(a) { return a + 1; } f(1);", { cachedData: existsSync(file) ? readFileSync(file) : undefined });
    script.runInThisContext();
    if (!existsSync(file)) writeFileSync(file, script.createCachedData());
    console.log(script.cachedDataRejected === undefined ? "made" : script.cachedDataRejected ? "rejected" : "accepted");`;
  const run = spawnSync(process.execPath, [...flags, "--input-type=module", "-e", program], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim();
}

describe("the Node flags of the processes that run the bundle", () => {
  it("are on the command line of every npm script that runs scripts/build.mjs", () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const bundled = Object.entries(scripts).filter(([, command]) => command.includes("scripts/build.mjs"));
    expect(bundled.map(([name]) => name).sort()).toEqual(["build", "check"]);
    for (const [name, command] of bundled) expect(command, `npm run ${name}`).toMatch(new RegExp(`^node ${NODE_FLAGS.join(" ")} scripts/build\\.mjs\\b`));
  });

  it("give a code cache that a process started without them accepts, and the other way round", () => {
    const withFlags = join(scratch, "with.v8cache");
    expect(compileWithCache(NODE_FLAGS, withFlags)).toBe("made");
    expect(compileWithCache([], withFlags)).toBe("accepted");
    const without = join(scratch, "without.v8cache");
    expect(compileWithCache([], without)).toBe("made");
    expect(compileWithCache(NODE_FLAGS, without)).toBe("accepted");
    // and the check can fail: other flag values make V8 reject the cache
    expect(compileWithCache(["--no-opt"], without)).toBe("rejected");
  });
});
