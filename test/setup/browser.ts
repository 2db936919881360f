/**
 * Global setup of the browser tests (test/browser/): builds every report of 2020 with the CLI a user
 * runs (`npm run build`, the bundled CLI) into a temporary folder, for the pages and the year's index.
 * Without Chromium, builds nothing and says plainly that the browser tests were not run, and how to run them.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { CHROMIUM, HOW_TO_RUN, hasChromium } from "../support/chromium.js";
import { ROOT } from "../support/dataset.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** out/ of the build ("" when the browser tests do not run). */
    browserOut: string;
  }
}

const notRun = (): void => {
  process.stderr.write(`\n*** browser tests NOT run: no Chromium at ${CHROMIUM}. To run them: ${HOW_TO_RUN} (BULLETIN_CHROMIUM=<path> for another binary). ***\n\n`);
};

export default function setup(project: TestProject): () => void {
  if (!hasChromium()) {
    if (process.env.BULLETIN_REQUIRE_BROWSER) throw new Error(`no Chromium at ${CHROMIUM} (BULLETIN_REQUIRE_BROWSER is set, as in .ci/run): ${HOW_TO_RUN}`);
    notRun();
    project.provide("browserOut", "");
    return notRun; // again at the end of the run, where it is read
  }
  const out = mkdtempSync(join(tmpdir(), "bulletin-browser-out-"));
  execFileSync(process.execPath, ["scripts/build.mjs", "--fonts", "default", "--out", out, "--emit", "model", "--progress", "quiet"], { cwd: ROOT, env: { ...process.env, SOURCE_DATE_EPOCH: "1623196800" }, stdio: "pipe" });
  project.provide("browserOut", out);
  return () => rmSync(out, { recursive: true, force: true });
}
