/**
 * What the tests are about, and copies of it, changed by a test, in a temporary directory.
 *
 * The suite tests the tool on a fixed subject: the 2020 bulletin and prefecture briefs as the repository holds
 * them (their outputs are the snapshots). A user adds report kinds and years (README "A new kind of report",
 * "A new year") and moves `defaultYear`: none of that may change what a test sees. So tests build with
 * `--year`/`--report` of SUBJECT, and copies of the project hold the subject only (copySubject).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The year and report kinds the tests are about; `SUBJECT_ARGS` selects them on a command line. */
export const SUBJECT = { year: 2020, kinds: ["bulletin", "prefecture"] } as const;
export const SUBJECT_ARGS = ["--year", String(SUBJECT.year), "--report", SUBJECT.kinds.join(",")];

/**
 * Copies the subject of ROOT into `root`: data/ (regions, config with `defaultYear` set to the subject's year,
 * the year's folder), templates/ (the charts, and of each subject kind its files and its year folders up to
 * the subject's year), fonts/. Another kind or year a user added is left out.
 */
export function copySubject(root: string, parts: readonly ("data" | "templates" | "fonts")[] = ["data", "templates", "fonts"]): void {
  const copy = (rel: string): void => cpSync(join(ROOT, rel), join(root, rel), { recursive: true });
  if (parts.includes("data")) {
    copy("data/regions.yaml");
    copy(`data/${SUBJECT.year}`);
    const config = readFileSync(join(ROOT, "data/config.yaml"), "utf8");
    writeFileSync(join(root, "data/config.yaml"), config.replace(/^defaultYear:.*$/m, `defaultYear: ${SUBJECT.year}`));
  }
  if (parts.includes("templates")) {
    copy("templates/charts");
    for (const kind of SUBJECT.kinds) {
      for (const entry of readdirSync(join(ROOT, "templates", kind), { withFileTypes: true })) {
        if (!entry.isDirectory() || Number(entry.name) <= SUBJECT.year) copy(`templates/${kind}/${entry.name}`);
      }
    }
  }
  if (parts.includes("fonts") && existsSync(join(ROOT, "fonts"))) copy("fonts");
}

/** A fresh copy of the subject's data/; returns its path. */
export function copyData(): string {
  const dir = mkdtempSync(join(tmpdir(), "bulletin-data-"));
  copySubject(dir, ["data"]);
  return join(dir, "data");
}

/** Replaces `from` by `to` in a file (exactly once, or the test is wrong). */
export function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit: ${String(from)} not found in ${file}`);
  writeFileSync(file, next);
}
