/**
 * Global setup: builds the province's bulletin and one prefecture report (遵义市, 520300) once, in
 * process, into a temporary folder, with the model, Markdown and charts emitted. Test files read the
 * outputs from there (inject("built")) instead of each rendering them again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { build } from "../../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../../src/options/flags.js";
import { ROOT, SUBJECT, SUBJECT_ARGS } from "../support/dataset.js";

declare module "vitest" {
  export interface ProvidedContext {
    built: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const out = mkdtempSync(join(tmpdir(), "bulletin-test-out-"));
  process.env.SOURCE_DATE_EPOCH = "1623196800"; // 2021-06-09T00:00:00Z
  const quiet = { start() {}, done() {} };
  for (const region of ["520000", "520300"]) {
    const options = parseArgs([...SUBJECT_ARGS, "--region", region, "--out", out, "--emit", "model,markdown,charts", "--fonts", "default"]) as BuildOptions;
    await build(ROOT, options, quiet);
  }
  project.provide("built", join(out, String(SUBJECT.year)));
  return () => rmSync(out, { recursive: true, force: true });
}
