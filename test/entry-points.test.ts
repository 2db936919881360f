/**
 * Every entry point goes through the one error path (src/main-handler.ts `runMain`): a user's mistake is a
 * located message on stderr and exit 2, never a stack trace. Each entry point is run as a user runs it,
 * with bad inputs of each kind it reads — a flag, an environment variable, a port — and every `npm run`
 * command that runs a program of ours must end in runMain (a new one, `npm run review` or `npm run import`,
 * too: the test reads package.json).
 */
import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./support/dataset.js";

/** npm scripts that are developer tools, not commands a user runs on the project's data. */
// prepare: npm's install hook (scripts/prepare.mjs), not a command of ours; it never fails an install, so it sets no exit code.
const DEVELOPER_TOOLS = new Set(["test", "test:browser", "typecheck", "bench", "bench:typst", "bench:lines", "bench:pages", "prepare"]);

function run(args: readonly string[], env: Record<string, string> = {}): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, CI: "true", ...env }, timeout: 120_000 });
  return { status: r.status, stderr: r.stderr };
}

const tsx = (file: string, ...args: string[]): string[] => ["--import", "tsx", join(ROOT, file), ...args];
const scratch = mkdtempSync(join(tmpdir(), "bulletin-entry-"));
const aFile = join(scratch, "a-file");
writeFileSync(aFile, "not a folder");

let busy: Server;
let busyPort = 0;
beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

describe("every entry point: a user's mistake → exit 2, a located message, no stack", () => {
  const cases: { name: string; args: () => string[]; env?: Record<string, string>; says: string }[] = [
    { name: "build: a bad flag value", args: () => tsx("src/cli.ts", "--shard", "5/3"), says: '--shard "5/3" is not i/n' },
    { name: "build: SOURCE_DATE_EPOCH out of range", args: () => tsx("src/cli.ts", "--check", "--region", "520000", "--fonts", "default"), env: { SOURCE_DATE_EPOCH: "99999999999999999" }, says: 'SOURCE_DATE_EPOCH "99999999999999999" is later than 2099-12-31' },
    { name: "build: SOURCE_DATE_EPOCH not whole seconds", args: () => tsx("src/cli.ts", "--check", "--region", "520000", "--fonts", "default"), env: { SOURCE_DATE_EPOCH: "1.5" }, says: 'SOURCE_DATE_EPOCH "1.5" is not a whole number of seconds' },
    { name: "build: BULLETIN_CACHE a file", args: () => tsx("src/cli.ts", "--check", "--region", "520000", "--fonts", "default"), env: { BULLETIN_CACHE: aFile }, says: `BULLETIN_CACHE=${aFile}: ${aFile} is not a folder` },
    { name: "build: BULLETIN_CACHE under a file", args: () => tsx("src/cli.ts", "--check", "--region", "520000", "--fonts", "default"), env: { BULLETIN_CACHE: join(aFile, "cache") }, says: `${aFile} is not a folder` },
    { name: "build: an over-long --out", args: () => tsx("src/cli.ts", "--out", join(scratch, "a".repeat(300))), says: "is 300 bytes long; a folder name may have at most" },
    { name: "build through its bundle (npm run build)", args: () => [join(ROOT, "scripts/build.mjs"), "--shard", "0/2"], says: '--shard "0/2" is not i/n' },
    { name: "preview: a port out of range", args: () => tsx("src/preview/cli.ts", "--port", "99999"), says: '--port "99999" is not a port number (0 to 65535)' },
    { name: "preview: a port that is not a number", args: () => tsx("src/preview/cli.ts", "--port", "http"), says: '--port "http" is not a port number' },
    { name: "preview: a port in use", args: () => tsx("src/preview/cli.ts", "--port", String(busyPort), "--region", "520000", "--format", "html", "--fonts", "default"), says: ": the port is in use" },
    { name: "new-year: no year", args: () => tsx("scripts/new-year.ts", "twenty"), says: 'unexpected argument "twenty"' },
    { name: "workbook: an unknown flag", args: () => tsx("scripts/workbook.ts", "--bogus"), says: 'unexpected argument "--bogus"' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { status, stderr } = run(c.args(), c.env);
      expect(stderr).toContain(`error: `);
      expect(stderr).toContain(c.says);
      expect(stderr).not.toMatch(/^\s+at /m); // no stack trace
      expect(status, stderr).toBe(2);
    }, 180_000);
  }
});

describe("the one error path (src/main-handler.ts)", () => {
  it("is the only code that sets an exit code, and every npm command of ours ends in it", () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const entries = Object.entries(scripts)
      .filter(([name]) => !DEVELOPER_TOOLS.has(name))
      .map(([name, command]) => {
        // `tsx <file>` runs the file; `node scripts/build.mjs` runs the bundle of src/cli.ts
        const file = /\btsx\s+(\S+)/.exec(command)?.[1] ?? (/scripts\/build\.mjs/.test(command) ? "src/cli.ts" : undefined);
        return { name, file };
      });
    expect(entries.map((e) => e.name).sort()).toEqual(expect.arrayContaining(["build", "check", "new-year", "preview", "workbook"]));
    for (const { name, file } of entries) {
      expect(file, `npm run ${name}: which program does it run?`).toBeDefined();
      expect(readFileSync(join(ROOT, file!), "utf8"), `npm run ${name} (${file}) must end in runMain(…) (src/main-handler.ts)`).toMatch(/\nrunMain\(/);
    }
    // Nothing else decides an exit code (scripts/test.mjs passes vitest's on).
    const grep = spawnSync("git", ["grep", "-l", "-E", "process\\.exit(Code|\\()", "--", "src", "scripts"], { cwd: ROOT, encoding: "utf8" });
    expect(grep.stdout.trim().split("\n").sort()).toEqual(["scripts/test.mjs", "src/main-handler.ts"]);
  });
});
