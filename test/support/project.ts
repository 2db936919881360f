/** A scratch copy of the project's test subject (data/ and templates/ copied; support/dataset.ts copySubject; fonts/ copied: a linked one would be outside the project) in a temporary folder. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ROOT, copySubject } from "./dataset.js";

export function scratchProject(): string {
  const root = mkdtempSync(join(tmpdir(), "bulletin-scratch-"));
  copySubject(root, ["data", "templates"]);
  cpSync(join(ROOT, "fonts"), join(root, "fonts"), { recursive: true }); // a linked fonts/ would be outside the project
  return root;
}

/** Writes files (path relative to `root` → text), making their folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}
