/**
 * Consistency rules kept in data (data/<year>/rules.yaml): the 2020 rules pass on the published figures;
 * a perturbed copy of the data fails with a warning naming the rule, every figure and the difference;
 * --strict makes that exit 2; every result goes to validation.csv.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../src/data/load.js";
import { ruleProblems, validateDataset, validationCsv, validationSummary } from "../src/rules/report.js";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { UserError, formatProblem } from "../src/errors.js";
import { ROOT, copyData, edit, copySubject } from "./support/dataset.js";

const validate = (data: string) => validateDataset(join(data, ".."), data, loadDataset(data, 2020, join(data, "..")));

describe("the 2020 rules", () => {
  const v = validateDataset(ROOT, join(ROOT, "data"), loadDataset(join(ROOT, "data"), 2020, ROOT));

  it("all pass on the published figures", () => {
    expect(v.rules).toBeGreaterThanOrEqual(8);
    expect(v.results.filter((r) => r.status === "fail")).toEqual([]);
    const sums = Object.fromEntries(v.results.filter((r) => r.rule.rule.check === "sum").map((r) => [r.rule.rule.name, `${r.status}: ${r.detail}`]));
    expect(sums).toEqual({
      人力资源服务机构总数等于九类机构之和: "pass: 54 + 30 + 68 + 78 + 607 + 15 + 2 + 1 + 23 = 878; total 878",
      农村劳动力在外务工人数等于省外与省内之和: "pass: 575.6 + 314.4 = 890.0; total 890",
      技工教育资金等于三项资金之和: "pass: 2861.42 + 12919.42 + 7368.67 = 23149.51; total 23149.51",
      技工教育资金惠及学生等于三项惠及学生之和: "pass: 15060 + 69790 + 40338 = 125188; total 125188",
      服务用人单位等于四类单位之和: "pass: 2.19 + 8.53 + 0.13 + 2.32 = 13.17; total 13.17",
    });
    // ranges were really checked, figure by figure
    expect(v.results.filter((r) => r.rule.rule.name === "比率在0到100%之间" && r.status === "pass")).toHaveLength(9);
    expect(v.results.filter((r) => r.rule.rule.name === "人数、户数、机构数和件数不为负").length).toBeGreaterThan(100);
  });

  it("are written to validation.csv, one row per check, with a BOM for Excel", () => {
    const csv = validationCsv(v);
    expect(csv.startsWith("\uFEFFrule,check,region,status,detail,difference,tolerance,figures,rule_file,rule_line,note\r\n")).toBe(true);
    expect(csv.split("\r\n")).toContain(
      "服务用人单位等于四类单位之和,sum,520000,pass,2.19 + 8.53 + 0.13 + 2.32 = 13.17; total 13.17,0.00,0.025," +
        "hr_market.served_employers = 13.17 (data/2020/indicators/02-hr-market.csv: line 15); hr_market.served_employers_state = 2.19 (data/2020/indicators/02-hr-market.csv: line 16); " +
        "hr_market.served_employers_private = 8.53 (data/2020/indicators/02-hr-market.csv: line 17); hr_market.served_employers_foreign = 0.13 (data/2020/indicators/02-hr-market.csv: line 18); " +
        "hr_market.served_employers_other = 2.32 (data/2020/indicators/02-hr-market.csv: line 19),data/2020/rules.yaml,45,",
    );
    expect(csv.trimEnd().split("\r\n")).toHaveLength(v.results.length + 1);
    expect(validationSummary(v)).toMatch(/^8 consistency rule\(s\) in data\/2020\/rules\.yaml, \d+ check\(s\): \d+ passed, 0 failed, 1 skipped$/);
  });
});

describe("a rule that fails", () => {
  it("on a perturbed copy of the data: a warning naming the rule, each figure with its place, and the difference", () => {
    const data = copyData();
    edit(join(data, "2020/indicators/02-hr-market.csv"), "hr_market.agencies_private,520000,607,", "hr_market.agencies_private,520000,606,");
    edit(join(data, "2020/indicators/01-employment.csv"), "employment.graduates_employment_rate,520000,93.92,", "employment.graduates_employment_rate,520000,193.92,");
    const v = validate(data);
    const failed = v.results.filter((r) => r.status === "fail");
    expect(failed.map((r) => [r.rule.rule.name, r.difference, r.tolerance])).toEqual([
      ["人力资源服务机构总数等于九类机构之和", "-1", "0"],
      ["比率在0到100%之间", "93.92", "0"],
    ]);
    const [sum] = ruleProblems(v.results).map(formatProblem);
    expect(sum).toContain("data/2020/rules.yaml: line 6: 人力资源服务机构总数等于九类机构之和: rule fails for region 520000: 54 + 30 + 68 + 78 + 606 + 15 + 2 + 1 + 23 = 877; total 878; difference -1, beyond the tolerance 0");
    expect(sum).toContain("    hr_market.agencies = 878 (data/2020/indicators/02-hr-market.csv: line 2)");
    expect(sum).toContain("    hr_market.agencies_private = 606 (data/2020/indicators/02-hr-market.csv: line 7)");
    expect(validationCsv(v)).toContain(",fail,");
  });

  it("within the rounding of the published digits is not a failure; beyond it is", () => {
    const data = copyData();
    // 575.6 + 314.4 = 890.0 against a published 890: ±0.5 + 0.05 + 0.05 allowed
    edit(join(data, "2020/indicators/01-employment.csv"), "employment.rural_labor_outside_province,520000,575.6,", "employment.rural_labor_outside_province,520000,576.1,");
    expect(validate(data).results.find((r) => r.rule.rule.name === "农村劳动力在外务工人数等于省外与省内之和")).toMatchObject({ status: "pass", difference: "0.5", tolerance: "0.6" });
    edit(join(data, "2020/indicators/01-employment.csv"), "employment.rural_labor_outside_province,520000,576.1,", "employment.rural_labor_outside_province,520000,576.3,");
    expect(validate(data).results.find((r) => r.rule.rule.name === "农村劳动力在外务工人数等于省外与省内之和")).toMatchObject({ status: "fail", difference: "0.7" });
  });

  it("checks a value against last year's value and the published growth and delta", () => {
    const data = copyData();
    const csv = join(data, "2020/indicators/01-employment.csv");
    const text = readFileSync(csv, "utf8").replace("id,region,value,unit,growth,delta,format,label,source,note", "id,region,value,unit,growth,delta,format,label,source,note,previous");
    writeFileSync(csv, text.split("\n").map((l, i) => (i === 0 || l === "" ? l : `${l},`)).join("\n"));
    // 61.64 against 56.12 last year is 增长9.8%; published 9.8 passes, 12.0 fails
    edit(csv, "employment.urban_new_jobs,520000,61.64,万人,,,,城镇新增就业人数,bulletin,,", "employment.urban_new_jobs,520000,61.64,万人,9.8,5.52,,城镇新增就业人数,bulletin,,56.12");
    edit(csv, "employment.unemployed_reemployed,520000,14.37,万人,,,,失业人员再就业人数,bulletin,,", "employment.unemployed_reemployed,520000,14.37,万人,12.0,,,失业人员再就业人数,bulletin,,13.09");
    const results = validate(data).results.filter((r) => r.rule.rule.check === "change");
    expect(results.map((r) => [r.figures[0]!.id, r.figures[2]!.column, r.status])).toEqual([
      ["employment.urban_new_jobs", "growth", "pass"],
      ["employment.urban_new_jobs", "delta", "pass"],
      ["employment.unemployed_reemployed", "growth", "fail"],
    ]);
    expect(results[2]!.detail).toBe("14.37 / 13.09 − 1 = 9.78%; published growth 12.0%");
  });

  it("a rule naming an unknown indicator is an input error with its line", () => {
    const data = copyData();
    edit(join(data, "2020/rules.yaml"), "    total: hr_market.agencies\n", "    total: hr_market.agencys\n");
    expect(() => validate(data)).toThrow(UserError);
    expect(() => validate(data)).toThrow(/data\/2020\/rules\.yaml: line 8: rules\[0\]\.total: unknown indicator "hr_market\.agencys"/);
  });
});

describe("--strict", () => {
  /** A project folder with its own copy of data/ and templates/ (fonts copied, node_modules linked). */
  function project(): string {
    const root = mkdtempSync(join(tmpdir(), "bulletin-rules-"));
    copySubject(root, ["data", "templates"]);
    cpSync(join(ROOT, "fonts"), join(root, "fonts"), { recursive: true }); // a linked fonts/ would be outside the project
    symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
    edit(join(root, "data/2020/indicators/02-hr-market.csv"), "hr_market.served_employers_other,520000,2.32,", "hr_market.served_employers_other,520000,2.42,");
    return root;
  }

  it("turns a failed rule into an error before anything is rendered", async () => {
    const root = project();
    const quiet = { start() {}, done() {} };
    await expect(build(root, parseArgs(["--check", "--strict", "--fonts", "default"]) as BuildOptions, quiet)).rejects.toThrow(/服务用人单位等于四类单位之和: rule fails for region 520000: .* = 13\.27; total 13\.17; difference 0\.10, beyond the tolerance 0\.025/);
  });

  it("the CLI: a warning and exit 0 without --strict, exit 2 with it", () => {
    const root = project();
    const run = (...args: string[]) => {
      const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), "--check", "--region", "520000", ...args], { cwd: root, env: { ...process.env, CI: "true" } });
      return { status: r.status, stderr: String(r.stderr) };
    };
    const lenient = run("--progress", "quiet");
    expect(lenient.status).toBe(0);
    expect(lenient.stderr).toContain("warning: data/2020/rules.yaml: line 45: 服务用人单位等于四类单位之和: rule fails for region 520000");
    expect(lenient.stderr).toContain("    hr_market.served_employers_other = 2.42 (data/2020/indicators/02-hr-market.csv: line 19)");
    expect(lenient.stderr).toMatch(/8 consistency rule\(s\) in data\/2020\/rules\.yaml, \d+ check\(s\): \d+ passed, 1 failed, 1 skipped\n$/);
    const strict = run("--progress", "quiet", "--strict");
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(/^error: data\/2020\/rules\.yaml: line 45: 服务用人单位等于四类单位之和: rule fails/);
  }, 60_000);
});
