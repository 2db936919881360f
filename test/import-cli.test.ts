/**
 * `npm run import`'s contract: where it writes, what it refuses (an existing template without --force, a bad
 * name, a file that is not a DOCX) with a located message and exit 2, and that it writes nothing then.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../src/errors.js";
import { importDraft, importSummary } from "../src/import/run.js";
import { ROOT } from "./support/dataset.js";
import { draftDocx } from "./support/draft-docx.js";
import { scratchProject } from "./support/project.js";

describe("npm run import", async () => {
  const root = scratchProject();
  mkdirSync(join(root, "drafts"));
  const draft = join(root, "drafts", "new-section.docx");
  writeFileSync(draft, await draftDocx([{ text: "一、新的一节", style: "heading1" }, { text: "2020年，全省城镇新增就业61.64万人，另有3个单位参与。" }]));

  it("makes a new kind's report.yaml and document.yaml, the template named after the draft, and the list beside the draft", () => {
    const o = importDraft({ root, draft, kind: "notice", year: 2020 });
    expect(o.template).toBe("templates/notice/2020/new-section.md.hbs");
    expect(o.csv).toBe("drafts/new-section.import.csv");
    expect(o.made).toEqual(["templates/notice/report.yaml", "templates/notice/2020/document.yaml"]);
    expect(readFileSync(join(root, o.template), "utf8")).toBe('## 新的一节\n\n{{year}}年，全省城镇新增就业{{fig "employment.urban_new_jobs"}}，另有3个{{!-- import: ambiguous, one of fig "talent.skill_bases_national_new" | fig "migrant.national_advanced_units" | fig "migrant.new_provincial_demo_parks" --}}单位参与。\n');
    expect(readFileSync(join(root, "templates/notice/report.yaml"), "utf8")).toMatch(/templates:\n {2}- new-section\.md\.hbs\n/);
    expect(o.counts).toEqual({ bound: 1, ambiguous: 1, unbound: 0 });
    expect(importSummary(o)).toMatch(/numbers: 1 bound to the data, 1 ambiguous, 0 unbound — the list is in drafts\/new-section\.import\.csv\n {2}paragraph 2: 3个 — ambiguous, one of fig "talent\.skill_bases_national_new"/);
  });

  it("writes a title as # {{doc.title}}, and says so where the kind's document.yaml has another", async () => {
    const titled = join(root, "drafts", "titled.docx");
    const title = (text: string) => draftDocx([{ text, align: "center" }, { text: "2020年，全省城镇新增就业61.64万人。" }]);
    writeFileSync(titled, await title("贵州省2020年人力资源和社会保障事业发展统计公报"));
    // The bulletin's document.yaml has this title: the template prints it.
    const same = importDraft({ root, draft: titled, kind: "bulletin", year: 2020, as: "98-titled.md.hbs" });
    expect(readFileSync(join(root, same.template), "utf8")).toMatch(/^# \{\{doc\.title\}\}\n\n\{\{year\}\}年/);
    writeFileSync(titled, await title("贵州省人社事业统计公报（送审稿）"));
    const other = importDraft({ root, draft: titled, kind: "bulletin", year: 2020, as: "99-titled.md.hbs" });
    expect(readFileSync(join(root, other.template), "utf8")).toMatch(/^# \{\{doc\.title\}\}\{\{!-- import: the draft's title “贵州省人社事业统计公报（送审稿）” is not this year's document\.yaml title/);
  });

  it("refuses to overwrite a template, and with --force keeps the old one as .bak", () => {
    const target = join(root, "templates/notice/2020/new-section.md.hbs");
    writeFileSync(target, "edited by hand\n");
    expect(() => importDraft({ root, draft, kind: "notice", year: 2020 })).toThrow(/templates\/notice\/2020\/new-section\.md\.hbs: exists already[\s\S]*--force/);
    expect(readFileSync(target, "utf8")).toBe("edited by hand\n");
    const o = importDraft({ root, draft, kind: "notice", year: 2020, force: true });
    expect(o.backup).toBe("templates/notice/2020/new-section.md.hbs.bak");
    expect(readFileSync(join(root, o.backup!), "utf8")).toBe("edited by hand\n");
    expect(readFileSync(target, "utf8")).toMatch(/^## 新的一节/);
    expect(readdirSync(join(root, "templates/notice/2020")).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("says what to add when the kind's report.yaml does not list the template", () => {
    const o = importDraft({ root, draft, kind: "bulletin", year: 2020, as: "12-new.md.hbs" });
    expect(o.made).toEqual([]);
    expect(o.unlisted).toBe('add "  - 12-new.md.hbs" to the templates list of templates/bulletin/report.yaml, where the section goes');
  });

  it("takes the figures of a kind made for one region as its own, without the region named before them", async () => {
    mkdirSync(join(root, "templates/zunyi"));
    writeFileSync(join(root, "templates/zunyi/report.yaml"), 'name: 遵义市通报\nregions: ["520300"]\ntemplates: [00-pension.md.hbs]\n');
    const own = join(root, "drafts", "zunyi.docx");
    writeFileSync(own, await draftDocx([{ text: "全市企业离退休人员月人均基本养老金2316元，全省为2765元，贵阳市2492元。" }]));
    const o = importDraft({ root, draft: own, kind: "zunyi", year: 2020, as: "00-pension.md.hbs" });
    expect(readFileSync(join(root, o.template), "utf8")).toBe('全市企业离退休人员月人均基本养老金{{fig "social.pension_monthly_avg" region="520300"}}，全省为{{fig "social.pension_monthly_avg"}}，贵阳市{{fig "social.pension_monthly_avg" region="520100"}}。\n');
  });

  it("refuses a bad template name and a bad kind name before reading anything", () => {
    expect(() => importDraft({ root, draft, kind: "notice", year: 2020, as: "../x.md.hbs" })).toThrow(UserError);
    expect(() => importDraft({ root, draft, kind: "Notice!", year: 2020 })).toThrow(/not a report kind's name/);
  });

  it("exits 2 with the file named and no stack when the draft is not a DOCX, writing nothing", () => {
    const bad = join(root, "drafts", "bad.docx");
    writeFileSync(bad, "not a zip");
    const run = spawnSync(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "scripts/import.ts"), bad, "--report", "other", "--year", "2020"], { cwd: root, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: .*bad\.docx: is not a DOCX \(not a zip archive/);
    expect(run.stderr).not.toMatch(/ at /);
    expect(existsSync(join(root, "templates/other"))).toBe(false);
    expect(existsSync(join(root, "drafts", "bad.import.csv"))).toBe(false);
  });
});
