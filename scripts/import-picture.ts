/**
 * The picture and the summary in README "Drafting in Word": the example draft (test/fixtures/import/readme-example)
 * as a DOCX, opened in LibreOffice (headless, with the project's Noto fonts) and its first page drawn by pdftoppm
 * into docs/img/import-draft-libreoffice.png; then imported on a copy of the project, the summary printed.
 *   node --import tsx scripts/import-picture.ts
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importDraft, importSummary } from "../src/import/run.js";
import { notoFontconfig } from "../test/support/chromium.js";
import { draftDocx, type DraftBlock } from "../test/support/draft-docx.js";

const dir = mkdtempSync(join(tmpdir(), "import-picture-"));
try {
  const { blocks } = JSON.parse(readFileSync("test/fixtures/import/readme-example/draft.json", "utf8")) as { blocks: DraftBlock[] };
  mkdirSync(join(dir, "drafts"));
  const draft = join(dir, "drafts", "employment.docx");
  writeFileSync(draft, await draftDocx(blocks));
  const env = { ...process.env, FONTCONFIG_FILE: notoFontconfig(dir) };
  execFileSync("soffice", [`-env:UserInstallation=file://${join(dir, "lo")}`, "--headless", "--convert-to", "pdf", "--outdir", dir, draft], { env, stdio: "ignore" });
  execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-x", "40", "-y", "50", "-W", "600", "-H", "300", "-singlefile", join(dir, "employment.pdf"), join("docs", "img", "import-draft-libreoffice")]);
  console.log("docs/img/import-draft-libreoffice.png");
  for (const d of ["data", "templates"]) cpSync(d, join(dir, d), { recursive: true });
  console.log(`\n$ npm run import -- drafts/employment.docx --report bulletin --year 2020 --as 12-employment-draft.md.hbs`);
  console.log(importSummary(importDraft({ root: dir, draft, kind: "bulletin", year: 2020, as: "12-employment-draft.md.hbs" })).replaceAll(dir + "/", ""));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
