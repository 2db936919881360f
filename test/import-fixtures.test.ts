/**
 * The import's fixture gallery (test/fixtures/import/<case>/, its README): each case's draft imported against
 * data/2020 gives the expected template and the expected list of numbers.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { importDraft } from "../src/import/run.js";
import { loadDataset } from "../src/data/load.js";
import { compileTemplates, renderMarkdown } from "../src/template/compile.js";
import { composeModel } from "../src/compose.js";
import { modelText } from "../src/model/text.js";
import { parseDocx, viewText } from "../src/word/index.js";
import { missingParagraphs } from "./support/reference.js";
import { ROOT } from "./support/dataset.js";
import { draftDocx, type DraftBlock } from "./support/draft-docx.js";
import { docxPackage } from "./support/ooxml.js";
import { scratchProject } from "./support/project.js";

const GALLERY = join(ROOT, "test/fixtures/import");
const cases = readdirSync(GALLERY, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

describe("import fixtures", () => {
  const root = scratchProject();
  mkdirSync(join(root, "drafts"));

  it("has cases", () => expect(cases.length).toBeGreaterThanOrEqual(6));

  it.each(cases)("%s", async (name) => {
    const dir = join(GALLERY, name);
    const draft = join(root, "drafts", `${name}.docx`);
    const json = join(dir, "draft.json");
    const bytes = existsSync(json) ? await draftDocx((JSON.parse(readFileSync(json, "utf8")) as { blocks: DraftBlock[] }).blocks) : docxPackage({ body: readFileSync(join(dir, "document.xml"), "utf8") });
    writeFileSync(draft, bytes);
    const outcome = importDraft({ root, draft, kind: `case-${name}`, year: 2020, as: "00-draft.md.hbs" });
    const template = readFileSync(join(root, outcome.template), "utf8");
    const csv = readFileSync(join(root, outcome.csv), "utf8");
    if (process.env.UPDATE_IMPORT_FIXTURES) {
      writeFileSync(join(dir, "expected.md.hbs"), template);
      writeFileSync(join(dir, "expected.import.csv"), csv);
    }
    expect(template).toBe(readFileSync(join(dir, "expected.md.hbs"), "utf8"));
    expect(csv).toBe(readFileSync(join(dir, "expected.import.csv"), "utf8"));

    // The template builds, and gives the draft's text (changes accepted) again.
    const templates = compileTemplates(join(root, "templates"), (f) => f, root);
    const dataset = loadDataset(join(root, "data"), 2020, root);
    const province = dataset.regions[0]!;
    const markdown = renderMarkdown(templates, `case-${name}`, dataset, province);
    const model = await composeModel(templates, dataset, `case-${name}`, province, markdown, () => Promise.reject(new Error("no chart in a draft")));
    // A caption's number is the build's (tables are numbered in order), not the draft's; a bound figure is written
    // as the data writes it, without the draft's thousands separators (1,273.08 → 1273.08).
    const draftText = viewText(parseDocx(draft, bytes), "accept")
      .filter((p) => p.trim() !== "")
      .map((p) => p.replace(/^表\s*\d+\s*/, "").replace(/(\d)[,，](?=\d{3}(?![\d,，]))/g, "$1"));
    expect(missingParagraphs(modelText(model), draftText)).toEqual([]);
  });
});
