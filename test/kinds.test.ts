/**
 * Report kinds as folders (templates/<kind>/): a kind limited to one year, two kinds of one year with their
 * own metadata, per-year text with fallback to the nearest earlier year, regions selected in templates.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadDataset } from "../src/data/load.js";
import { compileTemplates, renderMarkdown } from "../src/template/compile.js";
import { composeModel } from "../src/compose.js";
import { planJobs, selectKinds } from "../src/plan/jobs.js";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { scratchProject, writeFiles } from "./support/project.js";

const quiet = { start() {}, done() {} };
const noCharts = async (spec: string) => ({ chart: spec, caption: spec, svg: "<svg/>", width: 1, height: 1 });

/** A notice for 2020: a 发文字号 and a date of its own, a per-prefecture table written as one row. */
const NOTICE = {
  "templates/notice/report.yaml": "name: 通知\nregions: province\ntemplates: [00-notice.md.hbs]\n",
  "templates/notice/2020/document.yaml": [
    "title: 关于2020年企业退休人员养老金情况的通报",
    "docNumber: { issuerCode: 黔人社函, year: 2021, serial: 5 }",
    "issuers: [贵州省人力资源和社会保障厅]",
    'date: "2021-07-01"',
    "",
  ].join("\n"),
  "templates/notice/2020/00-notice.md.hbs": [
    "::docnumber",
    "",
    "# {{doc.title}}",
    "",
    "全省企业退休人员月人均基本养老金{{fig \"social.pension_monthly_avg\"}}（见《{{docs.bulletin.title}}》{{docs.bulletin.number}}）。",
    "",
    ':::table{caption="分市（州）月人均基本养老金" unit="元"}',
    "| 地区 | 金额 |",
    "| :-- | --: |",
    "{{#each (regionsOf \"all\")}}",
    "| {{#if (isProvince this)}}全省{{else}}{{attr this \"table\"}}{{/if}}{{#if (eq this ../region)}}（本级）{{/if}} | {{cell \"social.pension_monthly_avg\" region=code}} |",
    "{{/each}}",
    ":::",
    "",
    "::signature",
    "",
  ].join("\n"),
};

describe("report kinds", () => {
  it("a kind limited to one year is built for that year only, and never read for another", async () => {
    const root = scratchProject();
    writeFiles(root, {
      "templates/notice-2021/report.yaml": "regions: province\ntemplates: [00-a.md.hbs]\n",
      "templates/notice-2021/2021/document.yaml": "title: unknown\n",
      // Broken on purpose: were it read for 2020, the 2020 build would fail.
      "templates/notice-2021/2021/00-a.md.hbs": "{{#if}}\n",
    });
    const templates = compileTemplates(join(root, "templates"), (f) => f);
    expect(templates.kinds.get("notice-2021")!.years).toEqual([2021]);
    expect(templates.kindsFor(2020).map((k) => k.kind)).toEqual(["bulletin", "prefecture"]);
    expect(templates.kindsFor(2021).map((k) => k.kind)).toEqual(["notice-2021"]);
    expect(() => selectKinds(templates, 2020, ["notice-2021"])).toThrow(/report "notice-2021" does not exist for 2020 \(its years: 2021\)/);
    expect(() => selectKinds(templates, 2020, ["nosuch"])).toThrow(/unknown report "nosuch"[\s\S]*bulletin, prefecture/);
    const result = await build(root, parseArgs(["--check", "--fonts", "default", "--region", "520000"], root) as BuildOptions, quiet);
    expect(result.jobs.map((j) => j.report)).toEqual(["bulletin"]);
  }, 60_000);

  it("two kinds of one year each carry their own metadata; --report narrows the build", async () => {
    const root = scratchProject();
    writeFiles(root, NOTICE);
    const dataset = loadDataset(join(root, "data"), 2020, root);
    const templates = compileTemplates(join(root, "templates"), (f) => f);
    const province = dataset.regions[0]!;
    const model = async (kind: string) => composeModel(templates, dataset, kind, province, renderMarkdown(templates, kind, dataset, province), noCharts);
    const [bulletin, notice] = [await model("bulletin"), await model("notice")];
    expect(bulletin.blocks[0]).toEqual({ type: "docNumber", text: "黔人社通〔2021〕72号" });
    expect(notice.blocks[0]).toEqual({ type: "docNumber", text: "黔人社函〔2021〕5号" });
    expect(notice.meta).toMatchObject({ report: "notice", title: "关于2020年企业退休人员养老金情况的通报", author: "贵州省人力资源和社会保障厅" });
    expect(notice.blocks.at(-1)).toEqual({ type: "signature", issuers: ["贵州省人力资源和社会保障厅"], date: "2021年7月1日" });
    expect(bulletin.blocks.at(-1)).toMatchObject({ type: "signature", date: "2021年6月9日" });
    // Another kind's metadata, read through docs.<kind>.
    const provincePension = String(dataset.indicators.get("social.pension_monthly_avg")!.observations.get("520000")!.value!.text);
    const said = notice.blocks[2]!;
    expect(said.type === "paragraph" && said.runs.map((r) => r.text).join("")).toBe(`全省企业退休人员月人均基本养老金${provincePension}元（见《贵州省2020年人力资源和社会保障事业发展统计公报》黔人社通〔2021〕72号）。`);
    // The figure knows where it comes from (provenance): indicator and region.
    expect(said.type === "paragraph" && said.runs.find((r) => r.ref)).toEqual({ text: `${provincePension}元`, ref: "social.pension_monthly_avg", region: "520000" });
    // One template row for every region: the province first, then the prefectures in code order, in the tables' form.
    const table = notice.blocks.find((b) => b.type === "table")!;
    expect(table.type === "table" && table.rows.map((r) => r[0])).toEqual(["全省（本级）", "贵阳市", "六盘水市", "遵义市", "安顺市", "毕节市", "铜仁市", "黔西南州", "黔东南州", "黔南州"]);
    const pension = dataset.indicators.get("social.pension_monthly_avg")!;
    expect(table.type === "table" && table.rows[3]![1]).toBe(pension.observations.get("520300")!.value!.text);

    const jobs = (names: string[]) => planJobs(templates, dataset.regions, dataset.regions, undefined, selectKinds(templates, 2020, names)).map((j) => `${j.region.code}-${j.report}`);
    expect(jobs([])).toHaveLength(11);
    expect(jobs(["notice"])).toEqual(["520000-notice"]);
    expect(jobs(["notice", "bulletin"])).toEqual(["520000-bulletin", "520000-notice"]);
    expect(parseArgs(["--report", "notice,bulletin"], root)).toMatchObject({ reports: ["notice", "bulletin"] });
  });

  it("a year's text falls back to the nearest earlier year's file, and a year may differ without touching another", () => {
    const root = scratchProject();
    writeFiles(root, {
      "templates/notice/report.yaml": "regions: province\ntemplates: [00-a.md.hbs, 01-b.md.hbs]\n",
      "templates/notice/2018/01-b.md.hbs": "2018年的第二段。\n",
      "templates/notice/2019/00-a.md.hbs": "2019年的第一段。\n",
      "templates/notice/2020/document.yaml": "title: 通知\n",
      "templates/notice/2021/document.yaml": "title: 通知\n",
      "templates/notice/2021/00-a.md.hbs": "{{year}}年的第一段，另写。\n",
    });
    const templates = compileTemplates(join(root, "templates"), (f) => f.slice(root.length + 1));
    expect(templates.report("notice", 2020).files.map((f) => f.display)).toEqual(["templates/notice/2019/00-a.md.hbs", "templates/notice/2018/01-b.md.hbs"]);
    expect(templates.report("notice", 2021).files.map((f) => f.display)).toEqual(["templates/notice/2021/00-a.md.hbs", "templates/notice/2018/01-b.md.hbs"]);
    expect(templates.kinds.get("notice")!.years).toEqual([2020, 2021]);
  });

  it("metadata may be absent (no 发文字号 block) and a kind's errors name its files", async () => {
    const root = scratchProject();
    writeFiles(root, { ...NOTICE, "templates/notice/2020/document.yaml": "title: 通报\nissuers: [贵州省人力资源和社会保障厅]\n" });
    const dataset = loadDataset(join(root, "data"), 2020, root);
    const templates = compileTemplates(join(root, "templates"), (f) => f);
    const md = renderMarkdown(templates, "notice", dataset, dataset.regions[0]!);
    const model = await composeModel(templates, dataset, "notice", dataset.regions[0]!, md, noCharts);
    expect(model.blocks[0]).toEqual({ type: "title", text: "通报" });
    writeFiles(root, { "templates/notice/2020/document.yaml": "title: 通报\ndate: 2021-7-1\n" });
    expect(() => compileTemplates(join(root, "templates"), (f) => f).document("notice", 2020)).toThrow(/document\.yaml: line 2: date: write the date as "YYYY-MM-DD"/);
  });
});
