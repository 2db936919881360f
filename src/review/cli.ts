/**
 * `npm run review -- <edited.docx> [--dry-run]`: a reviewed DOCX of `npm run build` → the templates (review.ts).
 *
 * Prints a summary, writes the full list to `<edited>.review.csv` beside the DOCX and the edited templates (each
 * written whole, by rename); `--dry-run` writes nothing and prints the unified diff it would apply. A conflict (a
 * template changed since the build where the reviewer edited) stops it before anything is written.
 * Reads only the project's files and the DOCX named on the command line.
 */
import { relative, resolve } from "node:path";
import { UserError } from "../errors.js";
import { writeAtomically } from "../io/write-atomic.js";
import { confinedTo, resolveInside } from "../io/project-path.js";
import { readDocx } from "../word/index.js";
import { unifiedDiff } from "./diff.js";
import { reviewCsv, reviewCsvPath, reviewSummary } from "./output.js";
import { refuseConflicts, review } from "./review.js";

export const USAGE = `Usage: npm run review -- <edited.docx> [--dry-run]
  <edited.docx>  a DOCX made by npm run build, edited in Word, WPS or LibreOffice (tracked or not, with comments)
  --dry-run      write nothing; print the changes the templates would get (unified diff)
Writes the edits to prose into the templates, and every edit and comment to <edited>.review.csv beside the DOCX.`;

export function main(argv: readonly string[], root = process.cwd()): number {
  if (argv.includes("-h") || argv.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const dryRun = argv.includes("--dry-run");
  const rest = argv.filter((a) => a !== "--dry-run");
  const [docx, ...extra] = rest;
  if (docx === undefined || extra.length > 0 || docx.startsWith("-")) throw new UserError({ message: `expected one .docx${rest.length ? `, got ${rest.join(" ")}` : ""}`, hint: USAGE });
  const file = resolve(docx);
  // The project, and the one DOCX the user named on the command line (README "Reviewing in Word").
  const result = review(root, readDocx(file, confinedTo(root, file), relative(root, file) || file));
  refuseConflicts(result);
  if (dryRun) {
    for (const [name, p] of result.patches) process.stdout.write(unifiedDiff(name, p.before, p.after));
  } else {
    for (const [name, p] of result.patches) writeAtomically(resolveInside(root, root, name, "template"), p.after);
    writeAtomically(reviewCsvPath(file), reviewCsv(result.items));
  }
  console.error(reviewSummary(result, dryRun ? undefined : reviewCsvPath(file)));
  return 0;
}
