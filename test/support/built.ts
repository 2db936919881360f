/** The outputs built once by test/setup/build.ts. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import type { DocModel } from "../../src/model/types.js";

export function builtFile(name: string): Buffer {
  return readFileSync(join(inject("built"), name));
}

export function builtModel(region: string, report: string): DocModel {
  return JSON.parse(builtFile(`${region}-${report}.model.json`).toString("utf8")) as DocModel;
}
