/**
 * Folders for files the tool writes only to read them back in the same process — the chart faces' subsets that
 * resvg-js takes by path (src/render/docx/chart-fonts.ts) — inside the project, as everything the tool reads is:
 * `<root>/.cache/tmp/<name>-<pid>-XXXXXX`, removed when the process exits. A killed process leaves its folder;
 * the next one that makes a folder of the same name removes those of processes no longer running. Where the
 * project cannot be written (a read-only checkout), the system's temporary folder holds them instead: the files
 * are the tool's own either way.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { running } from "./processes.js";

const made: string[] = [];

/** A new folder for this process's work files named `name`, under `<root>/.cache/tmp`. */
export function workFolder(root: string, name: string): string {
  const parent = join(root, ".cache", "tmp");
  let folder: string;
  try {
    mkdirSync(parent, { recursive: true });
    removeLeftovers(parent, name);
    folder = mkdtempSync(join(parent, `${name}-${process.pid}-`));
  } catch {
    folder = mkdtempSync(join(tmpdir(), `bulletin-${name}-${process.pid}-`));
  }
  if (made.length === 0) process.once("exit", () => made.forEach((f) => rmSync(f, { recursive: true, force: true })));
  made.push(folder);
  return folder;
}

/** The folders `name` of processes no longer running. */
function removeLeftovers(parent: string, name: string): void {
  for (const entry of readdirSync(parent)) {
    const m = new RegExp(`^${name}-(\\d+)-`).exec(entry);
    if (m && !running(Number(m[1]))) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}
