/**
 * Where things came from: rendered Markdown lines → template lines (src/template/source-map.ts), and
 * files read only from inside the project (src/io/project-path.ts).
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sourceMap } from "../src/template/source-map.js";
import { resolveInside } from "../src/io/project-path.js";
import { UserError } from "../src/errors.js";

describe("source map", () => {
  const template = ["## 标题", "", "全省{{fig \"a\"}}，同比{{change \"a\"}}。", "", "| 地区 | 值 |", "| :-- | --: |", "{{#each regions}}", "| {{name}} | {{cell \"a\" region=code}} |", "{{/each}}", "", ":::", "", ":::"].join("\n");
  const rendered = ["## 标题", "", "全省61.64万人，同比增长5.4%。", "", "| 地区 | 值 |", "| :-- | --: |", "| 贵阳市 | 1 |", "| 遵义市 | 2 |", "| 安顺市 | — |", "", ":::", "", ":::"].join("\n");

  it("maps each rendered line to its template line, rows of an {{#each}} to the row's line", () => {
    const at = sourceMap([{ file: "t.md.hbs", template, rendered }]);
    expect([1, 3, 5, 6, 7, 8, 9, 11, 13].map((l) => at(l)?.line)).toEqual([1, 3, 5, 6, 8, 8, 8, 11, 13]);
    expect(at(3)?.file).toBe("t.md.hbs");
  });

  it("matches a long line of many figures that almost fits another template line at once (no backtracking)", () => {
    // the brief's line of figures (templates/prefecture/2020/01-figures.md.hbs), each figure a :ref directive
    const fig = (text: string): string => `:ref[${text}]{id="social.pension_monthly_avg" region="520300"}`;
    const line = "{{@root.year}}年，{{@root.region.name}}{{label}}{{valueText}}{{#if provinceText}}，全省为{{provinceText}}{{/if}}{{#if source}}（{{source}}）{{/if}}。{{#if rank}}{{label}}居全省第{{rank}}位（{{@root.brief.prefectureCount}}个市（州）由高到低排列）。{{/if}}";
    const long = `2020年，遵义市${"企业离退休人员月人均基本养老金".repeat(4)}${fig("2316元")}，全省为${fig("2765元")}。${"企业离退休人员月人均基本养老金".repeat(4)}居全省第9位（9个市（州）由高到低排列）。`;
    const t0 = performance.now();
    const at = sourceMap([{ file: "f.md.hbs", template: ["## 主要指标", "", line, "", "{{#each x}}", "{{text}}", "{{/each}}"].join("\n"), rendered: ["## 主要指标", "", long, "", `其中${fig("2316元")}（${fig("1")}）${"。".repeat(40)}`].join("\n") }]);
    expect(performance.now() - t0).toBeLessThan(200);
    expect([1, 3, 5].map((l) => at(l)?.line)).toEqual([1, 3, 6]);
  });

  it("continues into the next template after the blank line that joins them", () => {
    const at = sourceMap([
      { file: "a.md.hbs", template: "甲\n\n乙", rendered: "甲\n\n乙" },
      { file: "b.md.hbs", template: "{{! comment }}\n丙{{x}}", rendered: "丙1" },
    ]);
    expect(at(3)).toEqual({ file: "a.md.hbs", line: 3 });
    expect(at(5)).toEqual({ file: "b.md.hbs", line: 2 });
  });
});

describe("files inside the project", () => {
  const root = mkdtempSync(join(tmpdir(), "bulletin-inside-"));
  mkdirSync(join(root, "templates/bulletin"), { recursive: true });
  writeFileSync(join(root, "templates/bulletin/a.md.hbs"), "甲");
  writeFileSync(join(root, "outside.md.hbs"), "乙");
  symlinkSync(join(root, "templates/bulletin/a.md.hbs"), join(root, "templates/inside-link.md.hbs"));
  symlinkSync("/etc/passwd", join(root, "templates/passwd.md.hbs"));
  const dir = join(root, "templates");

  it("follows a name or a link that stays inside", () => {
    expect(resolveInside(root, dir, "bulletin/a.md.hbs", "template")).toBe(join(root, "templates/bulletin/a.md.hbs"));
    expect(resolveInside(root, dir, "inside-link.md.hbs", "template")).toBe(join(root, "templates/bulletin/a.md.hbs"));
    expect(resolveInside(root, dir, "../outside.md.hbs", "template")).toBe(join(root, "outside.md.hbs")); // inside the project
  });

  it("refuses ../ out of the project, an absolute path and a link out of it", () => {
    expect(() => resolveInside(root, dir, "../../x.md.hbs", "template")).toThrow(/template "..\/..\/x.md.hbs" is outside the project/);
    expect(() => resolveInside(root, dir, "/etc/passwd", "template")).toThrow(/is an absolute path/);
    expect(() => resolveInside(root, dir, "passwd.md.hbs", "template")).toThrow(UserError);
    expect(() => resolveInside(root, dir, "passwd.md.hbs", "template")).toThrow(/a link to \/etc\/passwd, outside the project/);
  });
});
