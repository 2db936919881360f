/**
 * `npm run review` over the fixtures of test/fixtures/review/<case>/ (one generic loop): each case is a reviewer's
 * round on the built bulletin DOCX — `round.json`, made as Word writes it (`"maker": "word"`, test/support/
 * word-edits.ts) or in LibreOffice with change recording on (`"maker": "libreoffice"`, lo-edit.py through
 * Python-UNO; skipped with a note when soffice or python3-uno is missing) — run against a scratch copy of the
 * project's templates and data (the repository's are never edited). A case has the expected template diff
 * (`expected.diff`) and review list (`expected.csv`), or, with `template-change.json` (a template edited after the
 * build), the expected refusal (`expected-error.txt`, every line in the message) and nothing written. A case with
 * `build-change.json` (same form) has its DOCX built from the scratch copy so changed (a table written row by row).
 * Every edit of the round must come back: prose applied to its template line, figures listed with their data
 * cell, comments listed; the counts are printed.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../src/errors.js";
import { readDocx } from "../src/word/index.js";
import { confinedTo } from "../src/io/project-path.js";
import { unifiedDiff } from "../src/review/diff.js";
import { reviewCsv, reviewCsvPath } from "../src/review/output.js";
import { review } from "../src/review/review.js";
import { main } from "../src/review/cli.js";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { builtFile } from "./support/built.js";
import { ROOT } from "./support/dataset.js";
import { applyWordRound, type Round } from "./support/word-edits.js";
import { resaveWithLibreOffice } from "./support/libreoffice.js";

const FIXTURES = join(ROOT, "test/fixtures/review");
const CASES = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** Whether soffice and Python-UNO (/usr/bin/python3 with Debian's python3-uno) can run a LibreOffice round. */
function libreOffice(): string | undefined {
  if (spawnSync("soffice", ["--version"], { encoding: "utf8" }).status !== 0) return "soffice (libreoffice-writer-nogui) is not installed";
  if (spawnSync("/usr/bin/python3", ["-c", "import uno"], { encoding: "utf8" }).status !== 0) return "python3-uno is not installed for /usr/bin/python3";
  return undefined;
}

function scratchProject(): string {
  const root = mkdtempSync(join(tmpdir(), "review-project-"));
  for (const dir of ["templates", "data"]) cpSync(join(ROOT, dir), join(root, dir), { recursive: true });
  return root;
}

interface Case extends Round {
  readonly maker: "word" | "libreoffice";
}

/** Replaces each change's `find` in the scratch project's file (once; the fixture is wrong if it is not there). */
function changeTemplates(root: string, changeFile: string): void {
  for (const c of JSON.parse(readFileSync(changeFile, "utf8")) as { file: string; find: string; replace: string }[]) {
    const path = join(root, c.file);
    const text = readFileSync(path, "utf8");
    expect(text, `${c.file} has “${c.find}”`).toContain(c.find);
    writeFileSync(path, text.replace(c.find, c.replace));
  }
}

/** The bulletin's DOCX built from the scratch project (only for a case that changes the templates before the build). */
async function buildDocx(root: string): Promise<Buffer> {
  const out = mkdtempSync(join(tmpdir(), "review-build-"));
  const options = parseArgs(["--year", "2020", "--report", "bulletin", "--region", "520000", "--format", "docx", "--out", out, "--fonts", "default", "--progress", "quiet"], root) as BuildOptions;
  await build(root, options, { start() {}, done() {} });
  return readFileSync(join(out, "2020/520000-bulletin.docx"));
}

async function editedDocx(name: string, round: Case, dir: string, base: Buffer): Promise<string> {
  const file = join(dir, "审阅稿.docx"); // a CJK name, as a clerk saves it
  if (round.maker === "word") writeFileSync(file, await applyWordRound(base, round));
  else {
    // A document holding a comment makes LibreOffice 7.4 abort (NoSuchElementException, in headless soffice driven
    // through UNO: a comment inserted, or one already there when change recording is set — measured), so the round's
    // comments are a colleague's, written as Word writes them on the copy LibreOffice saved, and LibreOffice saves the
    // whole again (its own comments.xml and tracked changes: what a review gets from it).
    const comments = round.edits.filter((e) => e.op === "comment");
    const built = join(dir, "built.docx");
    writeFileSync(built, base);
    const edits = join(dir, "round.json");
    writeFileSync(edits, JSON.stringify({ ...round, edits: round.edits.filter((e) => e.op !== "comment") }));
    const edited = comments.length > 0 ? join(dir, "edited.docx") : file;
    const run = spawnSync("/usr/bin/python3", [join(FIXTURES, "lo-edit.py"), built, edited, edits, join(dir, "lo-profile")], { encoding: "utf8", timeout: 300_000 });
    if (run.status !== 0) throw new Error(`${name}: LibreOffice round failed: ${run.stderr}`);
    if (comments.length > 0) {
      const commented = join(dir, "commented", basename(file));
      mkdirSync(dirname(commented), { recursive: true });
      writeFileSync(commented, await applyWordRound(readFileSync(edited), { ...round, edits: comments }));
      copyFileSync(resaveWithLibreOffice(commented, join(dir, "resaved")), file);
    }
  }
  return file;
}

/** LibreOffice stamps its changes with the time they were made: not part of the snapshot. */
const stableCsv = (csv: string) => csv.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, "<date>");

describe.each(CASES)("review fixture %s", (name) => {
  const dir = join(FIXTURES, name);
  const round = JSON.parse(readFileSync(join(dir, "round.json"), "utf8")) as Case;
  const missing = round.maker === "libreoffice" ? libreOffice() : undefined;
  if (missing) console.warn(`review fixture ${name} skipped: ${missing}`);

  it.skipIf(missing !== undefined)("comes back whole: prose in its template line, figures with their data cell, comments listed", async () => {
    const root = scratchProject();
    const work = mkdtempSync(join(tmpdir(), "review-docx-"));
    const buildChange = join(dir, "build-change.json");
    if (existsSync(buildChange)) changeTemplates(root, buildChange);
    const docx = await editedDocx(name, round, work, existsSync(buildChange) ? await buildDocx(root) : builtFile("520000-bulletin.docx"));
    const changeFile = join(dir, "template-change.json");
    if (existsSync(changeFile)) {
      changeTemplates(root, changeFile);
      const before = readdirSync(join(root, "templates/bulletin/2020")).map((f) => readFileSync(join(root, "templates/bulletin/2020", f), "utf8"));
      let error: unknown;
      try {
        main([docx], root);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      for (const line of readFileSync(join(dir, "expected-error.txt"), "utf8").trim().split("\n")) expect((error as Error).message).toContain(line);
      // Nothing written: the templates as they were, no list.
      expect(readdirSync(join(root, "templates/bulletin/2020")).map((f) => readFileSync(join(root, "templates/bulletin/2020", f), "utf8"))).toEqual(before);
      expect(existsSync(reviewCsvPath(docx))).toBe(false);
      return;
    }

    const result = review(root, readDocx(docx, confinedTo(root, docx)));
    expect(result.conflicts).toEqual([]);
    const diff = [...result.patches].map(([file, p]) => unifiedDiff(file, p.before, p.after)).join("");
    await expect(diff).toMatchFileSnapshot(join(dir, "expected.diff"));
    await expect(stableCsv(reviewCsv(result.items))).toMatchFileSnapshot(join(dir, "expected.csv"));

    // No figure typed into a template: the patched files have no more numbers outside {{…}} than before (moved
    // text and new table rows carry their helpers).
    const literalNumbers = (t: string) => t.replace(/\{\{[\s\S]*?\}\}/g, "").match(/\d+(\.\d+)?/g)?.length ?? 0;
    for (const [file, p] of result.patches) expect(literalNumbers(p.after), file).toBeLessThanOrEqual(literalNumbers(p.before));

    // Every edit of the round is in the list: nothing lost.
    let applied = 0;
    let listed = 0;
    const lost: string[] = [];
    const patched = [...result.patches.values()].map((p) => p.after).join("\n");
    for (const e of round.edits) {
      const by = (f: (i: (typeof result.items)[number]) => boolean) => result.items.find(f);
      const found =
        e.op === "comment"
          ? by((i) => i.kind === "comment" && i.what === e.text && i.before === e.find)
          : e.op === "delete_paragraph"
            ? by((i) => i.kind === "paragraph deleted" && i.before.includes(e.find))
            : e.op === "new_paragraph_after"
              ? by((i) => i.kind === "paragraph added" && i.after === e.text)
              : e.op === "delete_row" || e.op === "delete_row_untracked"
                ? by((i) => i.kind === "row deleted" && i.before.split(" | ").includes(e.find))
                : e.op === "move_paragraph"
                  ? by((i) => i.kind === "paragraph moved" && i.before.includes(e.find))
                : e.op === "move_text"
                  ? by((i) => i.kind === "prose" && i.what.startsWith("moved") && i.before.startsWith(e.find))
                : e.op === "new_row_after"
                  ? by((i) => i.kind === "row added" && i.after === e.cells!.join(" | "))
              : /\d/.test(e.text ?? e.with ?? "") && !/^\d/.test(e.find)
                ? by((i) => (i.kind === "data change requested" || (i.kind === "prose" && i.status === "applied")) && /\d/.test(i.after) && (e.text ?? e.with)!.includes(i.after))
              : /^\d/.test(e.find)
                ? by((i) => i.kind === "data change requested" && i.before === e.find && i.after === e.with)
                : e.op === "delete"
                  ? by((i) => i.status === "applied" && i.after === "" && e.find.includes(i.before))
                  : (by((i) => i.kind === "helper wording" && e.find.includes(i.before) && e.with!.includes(i.after)) ??
                    (patched.includes(e.op === "insert_after" ? `${e.find}${e.text}` : e.with!) ? by((i) => i.status === "applied" && (e.with ?? e.text)!.includes(i.after)) : undefined));
      if (!found) lost.push(`${e.op} ${e.find}`);
      else if (found.status === "applied") applied++;
      else listed++;
      if (found && /^\d/.test(e.find)) {
        // A figure: never patched, listed with the data file and line that holds it.
        expect(found.data, e.find).toMatch(/^data\/2020\/indicators\/.+:\d+$/);
        expect(patched).not.toContain(e.with);
      }
    }
    console.info(`review fixture ${name}: ${round.edits.length} edits — ${applied} applied, ${listed} listed, ${lost.length} lost`);
    expect(lost).toEqual([]);

    // Applied for real: the templates are the diff's, the list is beside the DOCX.
    main([docx], root);
    for (const [file, p] of result.patches) expect(readFileSync(join(root, file), "utf8")).toBe(p.after);
    expect(stableCsv(readFileSync(reviewCsvPath(docx), "utf8"))).toBe(stableCsv(reviewCsv(result.items)));
  }, 300_000);
});
