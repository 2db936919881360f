/**
 * The gallery of bad inputs: test/fixtures/bad-inputs/<case>/ holds the broken file(s), laid over a copy of
 * the project (data/, templates/, fonts/), and expected.txt — lines the error message must contain, in
 * order. args.txt, when present, gives the command-line flags (default: --check of the provincial bulletin).
 * args.txt starting with `new-year <yyyy>` runs `npm run new-year` (src/year/scaffold.ts) instead of a build.
 * fifos.txt, when present, lists files (one a line) made named pipes (FIFOs) in the copy: git cannot hold one.
 * Every case must fail as a UserError (exit 2: a located message, never a stack trace).
 * Add a case: a folder with the file(s) and expected.txt; nothing to change here
 * (SHOW_MESSAGES=1 npx vitest run test/bad-inputs.test.ts prints every case's message).
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../src/build/pipeline.js";
import { scaffoldYear } from "../src/year/scaffold.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { UserError } from "../src/errors.js";
import { ROOT, copySubject } from "./support/dataset.js";

const GALLERY = join(ROOT, "test/fixtures/bad-inputs");
const quiet = { start() {}, done() {} };

function project(overlay: string): string {
  const root = mkdtempSync(join(tmpdir(), "bulletin-bad-"));
  copySubject(root);
  const lay = (rel: string): void => {
    for (const e of readdirSync(join(overlay, rel), { withFileTypes: true })) {
      const at = join(rel, e.name);
      if (at === "expected.txt" || at === "args.txt" || at === "fifos.txt") continue;
      if (e.isDirectory() && !(existsSync(join(root, at)) && !statSync(join(root, at)).isDirectory())) {
        mkdirSync(join(root, at), { recursive: true });
        lay(at);
      } else {
        rmSync(join(root, at), { recursive: true, force: true });
        cpSync(join(overlay, at), join(root, at), { recursive: true, verbatimSymlinks: true });
      }
    }
  };
  lay("");
  const fifos = join(overlay, "fifos.txt");
  for (const file of existsSync(fifos) ? readFileSync(fifos, "utf8").split("\n").filter((l) => l.trim() !== "") : []) {
    rmSync(join(root, file.trim()), { force: true });
    mkdirSync(join(root, file.trim(), ".."), { recursive: true });
    execFileSync("mkfifo", [join(root, file.trim())]);
  }
  return root;
}

/** The message the CLI prints for a failed build (src/cli.ts), or why it would not exit 2. */
async function failure(root: string, args: readonly string[]): Promise<string> {
  try {
    if (args[0] === "new-year") {
      await scaffoldYear(root, Number(args[1]), { workbook: args.includes("--workbook") });
      return "(new-year succeeded)";
    }
    const options = parseArgs(args, root);
    if (options === "help") return "(help)";
    await build(root, options as BuildOptions, quiet);
  } catch (e) {
    if (e instanceof UserError) return `error: ${e.problems.length > 1 ? `${e.problems.length} problems\n` : ""}${e.message}`;
    return `NOT A USER ERROR (exit 1): ${(e as Error).stack}`;
  }
  return "(the build succeeded)";
}

describe("bad inputs", () => {
  const cases = readdirSync(GALLERY).sort();
  it("has cases", () => expect(cases.length).toBeGreaterThan(10));
  for (const name of cases) {
    it(name, async () => {
      const dir = join(GALLERY, name);
      const args = existsSync(join(dir, "args.txt")) ? readFileSync(join(dir, "args.txt"), "utf8").trim().split(/\s+/) : ["--check", "--region", "520000"];
      const message = await failure(project(dir), args.includes("--fonts") || args[0] === "new-year" ? args : [...args, "--fonts", "default"]);
      if (process.env.SHOW_MESSAGES) console.log(`--- ${name}\n${message}`); // to write a new case's expected.txt
      const expected = readFileSync(join(dir, "expected.txt"), "utf8").split("\n").filter((l) => l.trim() !== "");
      let at = 0;
      for (const line of expected) {
        const found = message.indexOf(line.trim(), at);
        expect(found, `expected “${line.trim()}” (in order) in:\n${message}`).toBeGreaterThanOrEqual(0);
        at = found + line.trim().length;
      }
      expect(message).not.toContain("    at "); // no stack trace
    }, 60_000);
  }
});
