/**
 * npm run new-year on a scratch copy of the project (never data/ itself): every figure emptied with last
 * year's value kept beside it for reference, metadata to fill, the text copied — and the year builds at
 * once in draft, with no figure carried over from the year before.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { scaffoldYear, planYear } from "../src/year/scaffold.js";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { loadDataset } from "../src/data/load.js";
import type { DocModel } from "../src/model/types.js";
import { modelText } from "../src/model/text.js";
import { ROOT } from "./support/dataset.js";
import { scratchProject } from "./support/project.js";

const quiet = { start() {}, done() {} };

describe("npm run new-year", () => {
  it("scaffolds 2021 from 2020, which then builds in draft at once", async () => {
    const root = scratchProject(); // the 2020 subject only (support/dataset.ts), whatever years the project has
    const projectHas2021 = existsSync(join(ROOT, "data/2021")); // a user may have made it: it must stay as it is
    const plan = await scaffoldYear(root, 2021);
    expect(plan.from).toBe(2020);

    const old = parse(readFileSync(join(ROOT, "data/2020/indicators/01-employment.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    const rows = parse(readFileSync(join(root, "data/2021/indicators/01-employment.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.id, r.region])).toEqual(old.map((r) => [r.id, r.region]));
    for (const [i, row] of rows.entries()) {
      expect([row.value, row.growth, row.delta, row.note]).toEqual(["", "", "", ""]);
      expect(row.previous).toBe(old[i]!.value);
      expect([row.unit, row.label, row.source, row.format]).toEqual([old[i]!.unit, old[i]!.label, old[i]!.source, old[i]!.format]);
    }
    expect(readFileSync(join(root, "templates/bulletin/2021/document.yaml"), "utf8")).toMatch(/^title: unknown\ndocNumber: unknown\nissuers: unknown\ndate: unknown\n/m);
    expect(readFileSync(join(root, "templates/prefecture/2021/document.yaml"), "utf8")).not.toContain("docNumber");
    expect(readFileSync(join(root, "templates/bulletin/2021/06-wages.md.hbs"), "utf8")).toBe(readFileSync(join(ROOT, "templates/bulletin/2020/06-wages.md.hbs"), "utf8"));
    const dataset = loadDataset(join(root, "data"), 2021, root);
    expect([...dataset.indicators.values()].every((ind) => [...ind.observations.values()].every((o) => o.value === null))).toBe(true);

    // A second run refuses, writing nothing; the 2020 folders of the scratch copy are untouched.
    await expect(scaffoldYear(root, 2021)).rejects.toThrow(/2021 exists already/);
    expect(readFileSync(join(root, "data/2020/indicators/01-employment.csv"), "utf8")).toBe(readFileSync(join(ROOT, "data/2020/indicators/01-employment.csv"), "utf8"));
    expect(existsSync(join(ROOT, "data/2021"))).toBe(projectHas2021);

    const options = parseArgs(["--year", "2021", "--draft", "--region", "520300", "--format", "pdf", "--fonts", "default", "--emit", "model", "--jobs", "1"], root) as BuildOptions;
    const result = await build(root, options, quiet);
    expect(result.entries.map((e) => e.path)).toEqual(["2021/520300-prefecture.pdf"].map((p) => expect.stringContaining(p)));
    const model = JSON.parse(readFileSync(join(root, "out/2021/520300-prefecture.model.json"), "utf8")) as DocModel;
    const text = modelText(model);
    // The brief's basis line cites the 2021 bulletin, whose title and 发文字号 are still unknown.
    expect(text).toContain("据《【待补充：标题】》（【待补充：发文字号】）编制");
    // No 2020 figure reaches the 2021 draft (previous is reference only).
    for (const figure of ["61.64", "14.37", "2316", "2765"]) expect(text).not.toContain(figure);
    expect(readFileSync(join(root, "out/2021/gaps.csv"), "utf8")).toContain("templates/bulletin/2021/01-employment.md.hbs,3,employment.urban_new_jobs,城镇新增就业人数");
  }, 120_000);

  it("starts from the latest year before the new one, and plans without writing", async () => {
    const root = scratchProject();
    const plan = await planYear(root, 2023);
    expect(plan.from).toBe(2020);
    expect(plan.files.map((f) => f.path)).toContain("templates/bulletin/2023/document.yaml");
    expect(existsSync(join(root, "data/2023"))).toBe(false);
    await expect(planYear(root, 2019)).rejects.toThrow(/no year before 2019/);
  });

  it("with --workbook writes the indicators as one fill-in workbook that the build reads back, and keeps the rules", async () => {
    const root = scratchProject();
    const plan = await scaffoldYear(root, 2021, { workbook: true });
    const paths = plan.files.map((f) => f.path);
    expect(paths).toContain("data/2021/indicators/2021.xlsx");
    expect(paths).toContain("data/2021/rules.yaml");
    expect(paths.filter((p) => p.startsWith("data/2021/indicators/") && p.endsWith(".csv"))).toEqual([]);
    const last = loadDataset(join(ROOT, "data"), 2020, ROOT);
    const dataset = loadDataset(join(root, "data"), 2021, root);
    expect([...dataset.indicators.keys()].sort()).toEqual([...last.indicators.keys()].sort());
    const pension = dataset.indicators.get("social.pension_monthly_avg")!.observations.get("520300")!;
    expect(pension.value).toBeNull();
    expect(pension.previous?.text).toBe(last.indicators.get("social.pension_monthly_avg")!.observations.get("520300")!.value!.text);
  }, 120_000);
});
