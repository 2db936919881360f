// `npm test` (and `npm run test:browser`): vitest, with a temporary folder of its own as TMPDIR, removed when
// the run ends — the tests' scratch copies of the project, outputs and browser profiles go there, so a run
// leaves nothing behind in the system's temporary folder. Arguments are vitest's (`npm test -- -u`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "bulletin-tests-"));
const run = spawnSync(process.execPath, [join(root, "node_modules", "vitest", "vitest.mjs"), "run", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TMPDIR: dir },
});
rmSync(dir, { recursive: true, force: true });
process.exitCode = run.status ?? 1;
