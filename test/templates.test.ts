import { describe, expect, it } from "vitest";
import { join, relative } from "node:path";
import { loadDataset } from "../src/data/load.js";
import { compileTemplates, renderMarkdown, type TemplateSet } from "../src/template/compile.js";
import type { Gap } from "../src/template/gaps.js";
import { UserError } from "../src/errors.js";
import { ROOT } from "./support/dataset.js";

const dataset = loadDataset(join(ROOT, "data"), 2020, ROOT);
const province = dataset.regions[0]!;

/** Renders one file of the bad-template fixture (kind "one") alone and returns its error. */
function errorOf(file: string): UserError {
  const set = compileTemplates(join(ROOT, "test/fixtures/templates/bad"), (f) => relative(ROOT, f));
  const report = set.report("one", 2020);
  const alone: TemplateSet = { ...set, report: () => ({ ...report, files: report.files.filter((f) => f.display.endsWith(file)) }) };
  try {
    renderMarkdown(alone, "one", dataset, province);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error(`${file} rendered without error`);
}

const BAD = "test/fixtures/templates/bad/one/2020";

describe("templates in strict mode", () => {
  it("an unknown name is an error naming the template and line, never an empty string", () => {
    const e = errorOf("unknown-name.md.hbs");
    expect(e.problems[0]).toMatchObject({ file: `${BAD}/unknown-name.md.hbs`, line: 5 });
    expect(e.message).toMatch(/"nosuchname" is not defined/);
  });
  it("an unknown indicator id is an error naming the template and line", () => {
    const e = errorOf("unknown-id.md.hbs");
    expect(e.problems[0]).toMatchObject({ file: `${BAD}/unknown-id.md.hbs`, line: 5 });
    expect(e.message).toMatch(/unknown indicator "employment.no_such_indicator"/);
  });
  it("a figure that is not published cannot be printed as text: a gap, with its template and line", () => {
    const e = errorOf("unpublished.md.hbs");
    expect(e.problems[0]).toMatchObject({ file: `${BAD}/unpublished.md.hbs`, line: 4 });
    expect(e.message).toMatch(/wages.avg_wage_employed \(城镇单位就业人员年平均工资\) is not published yet/);
  });
  it("a growth that is not published cannot be worded", () => {
    expect(errorOf("no-growth.md.hbs").message).toMatch(/employment.urban_new_jobs \(城镇新增就业人数增速\) is not published yet/);
  });
  it("a draft collects every gap instead, and marks each in the Markdown", () => {
    const set = compileTemplates(join(ROOT, "test/fixtures/templates/bad"), (f) => relative(ROOT, f));
    const report = set.report("one", 2020);
    const alone: TemplateSet = { ...set, report: () => ({ ...report, files: report.files.filter((f) => /unpublished|no-growth/.test(f.display)) }) };
    const gaps: Gap[] = [];
    const markdown = renderMarkdown(alone, "one", dataset, province, { gaps });
    expect(markdown).toContain(':gap[城镇单位就业人员年平均工资]{id="wages.avg_wage_employed"}');
    expect(gaps).toEqual([
      { file: `${BAD}/unpublished.md.hbs`, line: 4, id: "wages.avg_wage_employed", label: "城镇单位就业人员年平均工资" },
      { file: `${BAD}/no-growth.md.hbs`, line: 3, id: "employment.urban_new_jobs", label: "城镇新增就业人数增速" },
    ]);
  });
});

describe("the real templates", () => {
  const set = compileTemplates(join(ROOT, "templates"), (f) => f);
  const markdown = renderMarkdown(set, "bulletin", dataset, province);

  it("hold no figure of their own: every number in the text comes from a helper", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    // Every kind, every year.
    const files = readdirSync(join(ROOT, "templates"), { recursive: true, encoding: "utf8" }).filter((n) => n.endsWith(".md.hbs"));
    expect(files.length).toBeGreaterThanOrEqual(16);
    for (const name of files) {
      const source = readFileSync(join(ROOT, "templates", name), "utf8").replace(/\{\{[^}]*\}\}/g, "");
      // Left once helpers are removed: dates, years, names — never a decimal figure or a count with a unit.
      expect(source, name).not.toMatch(/\d+(\.\d+)?\s*(万人|亿元|万元|元|%|家|个|件|份|人次|名|户)/);
    }
  });

  it("write every change as a figure naming its indicator and region, a list's each item too", () => {
    expect(markdown).toContain(':ref[增长36.5%]{id="employment.central_subsidy" region="520000"}');
    expect(markdown).toContain(':ref[增加115元]{id="social.pension_monthly_avg" region="520000"}');
    expect(markdown).toContain('分别为:ref[7.1%]{id="wages.avg_wage_nonprivate_employed" region="520000"}和:ref[7.2%]{id="wages.avg_wage_nonprivate_on_post" region="520000"}');
  });

  it("render the wage table with the province's figures and the prefectures marked missing, each cell naming its row in data/", () => {
    expect(markdown).toContain('| 贵州省 | :ref[76547]{id="wages.avg_wage_employed" region="520000"} | :ref[79788]{id="wages.avg_wage_on_post" region="520000"} |');
    expect(markdown).toContain('| 遵义市 | :ref[—]{id="wages.avg_wage_employed" region="520300"} | :ref[—]{id="wages.avg_wage_on_post" region="520300"} |');
    expect(markdown).toContain("备注：就业人员和工资统计范围不包括中央驻黔的政府单位");
  });
});
