/**
 * The version of the code that makes the artefacts (scripts/code-version.mjs): part of every cache key, so a
 * change to src/, to the bundle's recipe or to the installed packages never serves bytes made by other code.
 * The bundle has it written in by scripts/build.mjs (esbuild `define`); under tsx it is computed from the files.
 */
import { fileURLToPath } from "node:url";
import { codeVersionOf } from "../../scripts/code-version.mjs";

declare const __BULLETIN_CODE_VERSION__: string | undefined;

let version: string | undefined;

export function codeVersion(): string {
  version ??= typeof __BULLETIN_CODE_VERSION__ === "string" ? __BULLETIN_CODE_VERSION__ : codeVersionOf(fileURLToPath(new URL("../..", import.meta.url)));
  return version;
}
