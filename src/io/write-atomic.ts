/** A file written whole or not at all: into a temporary name beside it, then renamed over it (POSIX rename is atomic). */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export function writeAtomically(file: string, data: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
