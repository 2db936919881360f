import { describe, expect, it } from "vitest";
import { join, relative } from "node:path";
import { loadDataset } from "../src/data/load.js";
import { compileTemplates, renderMarkdown } from "../src/template/compile.js";
import { UserError } from "../src/errors.js";
import { ROOT } from "./support/dataset.js";

const dataset = loadDataset(join(ROOT, "data"), 2020, ROOT);
const province = dataset.regions[0]!;

/** Renders one file of the bad-template fixture alone and returns its error. */
function errorOf(file: string): UserError {
  const set = compileTemplates(join(ROOT, "test/fixtures/templates/bad"), (f) => relative(ROOT, f));
  const one = { ...set, reports: new Map([["one", { regions: "province" as const, files: set.reports.get("bulletin")!.files.filter((f) => f.display.endsWith(file)) }]]) };
  try {
    renderMarkdown(one, "one", dataset, province);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error(`${file} rendered without error`);
}

describe("templates in strict mode", () => {
  it("an unknown name is an error naming the template and line, never an empty string", () => {
    const e = errorOf("unknown-name.md.hbs");
    expect(e.problems[0]).toMatchObject({ file: "test/fixtures/templates/bad/unknown-name.md.hbs", line: 5 });
    expect(e.message).toMatch(/"nosuchname" is not defined/);
  });
  it("an unknown indicator id is an error naming the template and line", () => {
    const e = errorOf("unknown-id.md.hbs");
    expect(e.problems[0]).toMatchObject({ file: "test/fixtures/templates/bad/unknown-id.md.hbs", line: 5 });
    expect(e.message).toMatch(/unknown indicator "employment.no_such_indicator"/);
  });
  it("a figure that is not published cannot be printed as text", () => {
    const e = errorOf("unpublished.md.hbs");
    expect(e.problems[0]).toMatchObject({ line: 4 });
    expect(e.message).toMatch(/not published for region 520300/);
  });
  it("a growth that is not published cannot be worded", () => {
    expect(errorOf("no-growth.md.hbs").message).toMatch(/has no published growth/);
  });
});

describe("the real templates", () => {
  const set = compileTemplates(join(ROOT, "templates"), (f) => f);
  const markdown = renderMarkdown(set, "bulletin", dataset, province);

  it("hold no figure of their own: every number in the text comes from a helper", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const dir = join(ROOT, "templates/bulletin");
    for (const name of readdirSync(dir)) {
      const source = readFileSync(join(dir, name), "utf8").replace(/\{\{[^}]*\}\}/g, "");
      // Left once helpers are removed: dates, years, names — never a decimal figure or a count with a unit.
      expect(source, name).not.toMatch(/\d+(\.\d+)?\s*(万人|亿元|万元|元|%|家|个|件|份|人次|名|户)/);
    }
  });

  it("render the wage table with the province's figures and the prefectures marked missing", () => {
    expect(markdown).toMatch(/\| 贵州省 \| 76547 \| 79788 \|/);
    expect(markdown).toMatch(/\| 遵义市 \| — \| — \|/);
    expect(markdown).toContain("备注：就业人员和工资统计范围不包括中央驻黔的政府单位");
  });
});
