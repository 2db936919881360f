/** Copies of the real data/ folder, changed by a test, in a temporary directory. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A fresh copy of data/; returns its path. */
export function copyData(): string {
  const dir = mkdtempSync(join(tmpdir(), "bulletin-data-"));
  cpSync(join(ROOT, "data"), join(dir, "data"), { recursive: true });
  return join(dir, "data");
}

/** Replaces `from` by `to` in a file (exactly once, or the test is wrong). */
export function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit: ${String(from)} not found in ${file}`);
  writeFileSync(file, next);
}
