/**
 * npm run new-year on a scratch copy of the project (never data/ itself): every figure emptied with last
 * year's value kept beside it for reference, metadata to fill, the text copied — and the year builds at
 * once in draft, with no figure carried over from the year before.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { scaffoldYear, planYear } from "../src/year/scaffold.js";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { loadDataset } from "../src/data/load.js";
import type { DocModel } from "../src/model/types.js";
import { modelText } from "../src/model/text.js";
import { ROOT } from "./support/dataset.js";
import { scratchProject, writeFiles } from "./support/project.js";

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
    // Without SOURCE_DATE_EPOCH, as a clerk builds: the date shown comes from the kind's 成文日期 alone.
    const epoch = process.env.SOURCE_DATE_EPOCH;
    delete process.env.SOURCE_DATE_EPOCH;
    const result = await build(root, options, quiet).finally(() => epoch !== undefined && (process.env.SOURCE_DATE_EPOCH = epoch));
    expect(result.entries.map((e) => e.path)).toEqual(["2021/520300-prefecture.pdf"].map((p) => expect.stringContaining(p)));
    const model = JSON.parse(readFileSync(join(root, "out/2021/520300-prefecture.model.json"), "utf8")) as DocModel;
    const text = modelText(model);
    // The brief's basis line cites the 2021 bulletin, whose title and 发文字号 are still unknown.
    expect(text).toContain("据《【待补充：标题】》（【待补充：发文字号】）编制");
    // Its 成文日期 is unknown: the 编制日期 is a gap at the kind's document.yaml, never 2022年1月1日.
    expect(text).toContain("编制日期：【待补充：成文日期】");
    expect(text).not.toContain("2022年1月1日");
    expect(readFileSync(join(root, "out/2021/gaps.csv"), "utf8")).toMatch(/templates\/prefecture\/2021\/document\.yaml,\d+,document\.date,成文日期/);
    // No 2020 figure reaches the 2021 draft (previous is reference only).
    for (const figure of ["61.64", "14.37", "2316", "2765"]) expect(text).not.toContain(figure);
    expect(readFileSync(join(root, "out/2021/gaps.csv"), "utf8")).toContain("templates/bulletin/2021/01-employment.md.hbs,3,employment.urban_new_jobs,城镇新增就业人数");
  }, 120_000);

  it("starts from the year before, says so, and plans without writing; another year only when named, without 上年数", async () => {
    const root = scratchProject();
    expect(await planYear(root, 2021)).toMatchObject({ from: 2020, reason: "2020, the year before" });
    // 2022's year before (2021) is missing: never silently from 2020.
    await expect(planYear(root, 2022)).rejects.toThrow(
      "data/2021: 2021, the year before 2022, has no data: 2020 is the latest earlier year, and its figures are not 2022's 上年数\n    fix: scaffold 2021 first (npm run new-year -- 2021), or start from 2020 on purpose: npm run new-year -- 2022 --from 2020 (上年数 then left empty)",
    );
    const plan = await planYear(root, 2022, { from: 2020 });
    expect(plan.reason).toBe("2020, as --from asks (not the year before: 上年数 left empty)");
    expect(plan.files.map((f) => f.path)).toContain("templates/bulletin/2022/document.yaml");
    expect(existsSync(join(root, "data/2022"))).toBe(false);
    const csv = parse(String(plan.files.find((f) => f.path === "data/2022/indicators/01-employment.csv")!.data), { columns: true }) as Record<string, string>[];
    expect(csv.every((r) => r.previous === "")).toBe(true);
    await expect(planYear(root, 2019)).rejects.toThrow(/no year before 2019/);
  });

  it("never scaffolds a year from itself or a later year (that would empty every figure)", async () => {
    const root = scratchProject();
    await expect(planYear(root, 2020, { from: 2020 })).rejects.toThrow(/cannot scaffold 2020 from 2020: a year starts from an earlier one\n {4}fix: .*scaffolding 2020 from itself would empty every figure of 2020/);
    await expect(scaffoldYear(root, 2020, { from: 2021, force: true })).rejects.toThrow(/cannot scaffold 2020 from 2021/);
    expect(readFileSync(join(root, "data/2020/indicators/01-employment.csv"), "utf8")).toBe(readFileSync(join(ROOT, "data/2020/indicators/01-employment.csv"), "utf8"));
  });

  it("--force backs up every file it replaces, says which, and keeps a kind that has the year already", async () => {
    const root = scratchProject();
    await scaffoldYear(root, 2021);
    // The clerk fills in a figure; another kind is made for 2021 by hand.
    const csv = join(root, "data/2021/indicators/01-employment.csv");
    const filled = readFileSync(csv, "utf8").replace(/^(employment\.urban_new_jobs,520000,)/m, "$162.10");
    writeFileSync(csv, filled);
    writeFiles(root, {
      "templates/notice/report.yaml": "name: 通知\nregions: province\ntemplates: [00-notice.md.hbs]\n",
      "templates/notice/2020/document.yaml": "title: 通知\n",
      "templates/notice/2020/00-notice.md.hbs": "通知。\n",
      "templates/notice/2021/document.yaml": "title: 2021年的通知\n",
    });
    const again = await scaffoldYear(root, 2021, { force: true });
    expect(again.replaced).toContain("data/2021/indicators/01-employment.csv");
    expect(again.backup).toMatch(/^backups\/new-year-2021-\d{4}-\d\d-\d\dT/);
    expect(readFileSync(join(root, again.backup!, "data/2021/indicators/01-employment.csv"), "utf8")).toBe(filled);
    expect(again.kept).toEqual(["templates/notice/2021"]);
    expect(readFileSync(join(root, "templates/notice/2021/document.yaml"), "utf8")).toBe("title: 2021年的通知\n");
  }, 120_000);

  it("the command line takes --csv, --workbook and --from=, and a folder in a file's place is a located error", () => {
    const root = scratchProject();
    const run = (...args: string[]) => spawnSync(process.execPath, ["--import", pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href, join(ROOT, "scripts/new-year.ts"), ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    const both = run("2021", "--csv", "--workbook");
    expect([both.status, both.stderr.trim().split("\n")[0]]).toEqual([2, "error: --csv and --workbook exclude each other"]);
    mkdirSync(join(root, "data/2021/rules.yaml"), { recursive: true }); // a folder where a file goes
    const blocked = run("2021", "--csv", "--force");
    expect(blocked.status).toBe(2);
    expect(blocked.stderr).toContain("error: data/2021/rules.yaml: cannot write: a folder stands where a file is to be written (EISDIR)");
    expect(blocked.stderr).not.toContain("    at ");
    rmSync(join(root, "data/2021"), { recursive: true });
    const ok = run("2021", "--from=2020", "--csv");
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain("scaffolded 2021 from 2020, the year before:");
    expect(existsSync(join(root, "data/2021/indicators/01-employment.csv"))).toBe(true);
  }, 120_000);

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
