/**
 * Issue 23, item 4: the reference bulletin's text as a Word draft with plain digits, imported as a new kind. The
 * figures the 2020 templates bind: how many the import binds to the same indicator, how many to another (must be
 * none), how many it leaves ambiguous or unbound; and the imported template, built with the dataset, gives the
 * reference text again.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadDataset } from "../src/data/load.js";
import { compileTemplates, renderMarkdown } from "../src/template/compile.js";
import { composeModel } from "../src/compose.js";
import { modelText } from "../src/model/text.js";
import { importDraft } from "../src/import/run.js";
import { draftDocx } from "./support/draft-docx.js";
import { referenceDraft, score, templateBindings } from "./support/import-measure.js";
import { missingParagraphs } from "./support/reference.js";
import { scratchProject } from "./support/project.js";

describe("importing the reference bulletin drafted in Word", async () => {
  const root = scratchProject();
  const draft = join(root, "drafts", "bulletin-draft.docx");
  mkdirSync(join(root, "drafts"));
  const blocks = referenceDraft();
  writeFileSync(draft, await draftDocx(blocks));
  const outcome = importDraft({ root, draft, kind: "reimport", year: 2020, as: "00-all.md.hbs" });
  const texts = new Map(blocks.map((b, i) => [i + 1, "text" in b ? b.text : ""]));
  const s = score(outcome.findings, texts, templateBindings());

  it("binds no number to another indicator than the templates do (measured: all 285 to the same)", () => {
    expect(s.wrongs).toEqual([]);
    expect({ figures: s.figures, bound: s.bound, wrong: s.wrong, ambiguous: s.ambiguous, unbound: s.unbound }).toEqual({ figures: 285, bound: 285, wrong: 0, ambiguous: 0, unbound: 0 });
  });

  it("lists the numbers that are no figure of the data as unbound, and passes over years, dates, editions and names", () => {
    const unbound = outcome.findings.filter((f) => f.status === "unbound").map((f) => f.phrase);
    // 12333: the hotline's number in “{{year}}年12333全国统一咨询日” (not quoted, so not taken for a name).
    expect(unbound).toEqual(["12333"]);
    expect(outcome.findings.some((f) => ["2020", "2019", "2021", "96567"].includes(f.digits))).toBe(false);
  });

  it("builds back into the reference text", async () => {
    const templates = compileTemplates(join(root, "templates"), (f) => f, root);
    const dataset = loadDataset(join(root, "data"), 2020, root);
    const region = dataset.regions[0]!;
    const markdown = renderMarkdown(templates, "reimport", dataset, region);
    const model = await composeModel(templates, dataset, "reimport", region, markdown, () => Promise.reject(new Error("no chart in a draft")));
    expect(missingParagraphs(modelText(model))).toEqual([]);
    expect(readFileSync(join(root, outcome.csv), "utf8").split("\n")[0]).toBe("paragraph,number,words,status,indicator");
  });
});
