/**
 * Prefecture reports are briefs on the bulletin (issue 15): at most five pages, the prefecture's figures
 * beside the province's and the other prefectures', the bulletin's passages that name it (found in the
 * composed bulletin), a basis line instead of an imprint, and a bureau's own figures picked up from data.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDataset } from "../src/data/load.js";
import type { Dataset, Region } from "../src/data/types.js";
import { compileTemplates, type TemplateSet } from "../src/template/compile.js";
import { compose, type BriefInputs } from "../src/compose.js";
import { completeness } from "../src/products/completeness.js";
import { build, composeJob, jobDate, loadEngine, renderHere } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { clauses, names, passagesNaming } from "../src/brief/passages.js";
import type { DocModel, FigureBlock, ParagraphBlock, TableBlock } from "../src/model/types.js";
import { readPdf, pageTexts } from "./support/pdf.js";
import ExcelJS from "exceljs";
import { writeFillInWorkbook } from "../src/data/fill-in-workbook.js";
import { edit, ROOT, copySubject } from "./support/dataset.js";

const templates = compileTemplates(join(ROOT, "templates"), (f) => f);
const dataset = loadDataset(join(ROOT, "data"), 2020, ROOT);
const PREFECTURES = dataset.regions.filter((r) => r.level === "prefecture");
const byCode = (code: string): Region => dataset.regions.find((r) => r.code === code)!;
const noCharts = async (spec: string, _d: unknown, _r: unknown, indicator?: string) => ({ chart: spec, caption: `${spec} ${indicator ?? ""}`, svg: "<svg/>", width: 1, height: 1 });
const quiet = { start() {}, done() {} };
/** 2021-06-09 00:00 Beijing time, as SOURCE_DATE_EPOCH=1623168000 would give. */
const JUNE_9 = new Date("2021-06-09T00:00:00+08:00");

const paragraphs = (model: DocModel): string[] => model.blocks.filter((b): b is ParagraphBlock => b.type === "paragraph").map((b) => b.runs.map((r) => r.text).join(""));
const tableOf = (model: DocModel): TableBlock => model.blocks.find((b): b is TableBlock => b.type === "table")!;

async function briefOf(set: TemplateSet, data: Dataset, code: string, date = JUNE_9): Promise<DocModel> {
  const basis = (await compose(set, data, "bulletin", data.regions[0]!, noCharts)).model;
  const inputs: BriefInputs = { date, basis: async () => basis };
  return (await compose(set, data, "prefecture", data.regions.find((r) => r.code === code)!, noCharts, { brief: inputs })).model;
}

/** A project folder with its own copy of data/ and templates/ (fonts copied): synthetic data stays under the test's temp dir. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), "bulletin-brief-"));
  copySubject(root, ["data", "templates"]);
  cpSync(join(ROOT, "fonts"), join(root, "fonts"), { recursive: true }); // a linked fonts/ would be outside the project
  return root;
}

let bulletin: DocModel;
const briefs = new Map<string, DocModel>();
beforeAll(async () => {
  bulletin = (await compose(templates, dataset, "bulletin", dataset.regions[0]!, noCharts)).model;
  for (const r of PREFECTURES) briefs.set(r.code, await briefOf(templates, dataset, r.code));
});

describe("the brief's figures", () => {
  it("gives the prefecture's figure beside the province's, and says what its rank ranks", () => {
    const text = paragraphs(briefs.get("520300")!).join("\n");
    expect(text).toContain("2020年，遵义市企业离退休人员月人均基本养老金2316元，全省为2765元。企业离退休人员月人均基本养老金居全省第9位");
    expect(paragraphs(briefs.get("520200")!).join("\n")).toContain("企业离退休人员月人均基本养老金居全省第1位");
    expect(text).not.toMatch(/居全省9个市（州）第/); // no ranking without its indicator
  });

  it("compares it in a table in the official row order: 全省 first, then code order, with the table forms of the names", () => {
    for (const r of PREFECTURES) {
      const table = tableOf(briefs.get(r.code)!);
      expect(table.header).toEqual(["地区", "企业离退休人员月人均基本养老金"]);
      expect(table.unit).toBe("元");
      expect(table.rows.map((row) => row[0])).toEqual(["全省", "贵阳市", "六盘水市", "遵义市", "安顺市", "毕节市", "铜仁市", "黔西南州", "黔东南州", "黔南州"]);
      expect(table.rows.map((row) => row[1])).toEqual(["2765", "2492", "2923", "2316", "2742", "2471", "2731", "2486", "2596", "2323"]);
      expect(table.notes).toEqual([]); // every cell published: no note
    }
  });

  it("lists the indicators this dataset has no prefecture figures for once, and nowhere else — never as unpublished (the bulletin has their table)", () => {
    for (const r of PREFECTURES) {
      const text = paragraphs(briefs.get(r.code)!).join("\n");
      expect(text.match(/本数据集未收录/g)).toHaveLength(1);
      expect(text).toContain("城镇单位就业人员年平均工资和城镇单位在岗职工年平均工资的分市（州）数据本数据集未收录");
      expect(text).not.toMatch(/未公布|尚未按市|未按市（州）公开发布/);
      expect(text.match(/年平均工资/g)).toHaveLength(2);
    }
  });

  it("says where each figure comes from: its runs and table cells name the indicator and region (provenance)", () => {
    const model = briefs.get("520300")!;
    const runs = model.blocks.flatMap((b) => (b.type === "paragraph" ? b.runs : []));
    // its own figure and the province's beside it, as written from the brief's context
    expect(runs).toContainEqual({ text: "2316元", ref: "social.pension_monthly_avg", region: "520300" });
    expect(runs).toContainEqual({ text: "2765元", ref: "social.pension_monthly_avg", region: "520000" });
    // the bulletin's passages keep their figures' provenance
    expect(runs).toContainEqual({ text: "34名", ref: "talent.grassroots_experts", region: "520000" });
    expect(runs).toContainEqual({ text: "2923元", ref: "social.pension_monthly_avg", region: "520200" });
    // every figure cell of the comparison table, each with its own region
    const table = tableOf(model);
    const cells = (table.cellRuns ?? []).filter((c) => c.column === 1);
    expect(cells.map((c) => c.runs)).toEqual(dataset.regions.map((r) => [{ text: dataset.indicators.get("social.pension_monthly_avg")!.observations.get(r.code)!.value!.text, ref: "social.pension_monthly_avg", region: r.code }]));
    // the text, as composed, is unchanged
    expect(paragraphs(model).join("\n")).not.toContain(":ref");
  });

  it("draws one chart per compared indicator, none twice and none of the bulletin's", () => {
    for (const r of PREFECTURES) {
      const figures = briefs.get(r.code)!.blocks.filter((b): b is FigureBlock => b.type === "figure");
      expect(figures.map((f) => f.caption)).toEqual(["prefecture-indicator social.pension_monthly_avg"]);
    }
  });
});

describe("the bulletin's passages that name the prefecture", () => {
  const sectionsOf = (code: string) => passagesNaming(bulletin, byCode(code)).map((p) => p.section);

  it("are found in the composed bulletin, each with its section", () => {
    expect(sectionsOf("520300")).toEqual(["四、人才队伍建设", "五、收入分配", "七、社会保障"]);
    const zunyi = passagesNaming(bulletin, byCode("520300"));
    expect(zunyi[0]!.text).toMatch(/^深入开展专家服务基层活动.*分别赴毕节、铜仁、遵义贫困县乡.*提供科技服务。$/);
    expect(zunyi[1]).toMatchObject({ subsection: "（二）扎实推进企业工资宏观调控" });
    expect(zunyi[1]!.text).toMatch(/^组织贵阳、遵义、安顺、毕节、黔南、黔西南6个市（州）开展企业薪酬调查/);
    // a sentence opening with 其中 brings the one it continues
    expect(zunyi[2]!.text).toMatch(/^全省执行企业养老保险制度离退休人员月人均基本养老金2765元.*其中：贵阳市2492元、遵义市2316元/);
    expect(sectionsOf("520200")).toEqual(["七、社会保障"]);
    expect(sectionsOf("520500")).toEqual(["四、人才队伍建设", "五、收入分配", "七、社会保障", "九、农民工工作", "九、农民工工作"]);
    expect(sectionsOf("522700")).toEqual(["四、人才队伍建设", "五、收入分配", "七、社会保障", "九、农民工工作"]);
  });

  it("keep each figure's indicator and region in their Markdown, and a draft mark's indicator", () => {
    const model: DocModel = {
      ...bulletin,
      blocks: [
        { type: "heading", level: 1, number: "一、", text: "就业" },
        { type: "paragraph", runs: [{ text: "全省新增" }, { text: "61.64万人", ref: "employment.urban_new_jobs", region: "520000" }, { text: "；遵义市新增" }, { text: "【待补充：城镇新增就业人数】", style: "gap", ref: "employment.urban_new_jobs" }, { text: "；贵阳市" }, { text: "1[2]万人", ref: "x.y", region: "520100" }, { text: "。" }] },
      ],
    };
    const [p] = passagesNaming(model, byCode("520300"));
    expect(p!.text).toBe("遵义市新增【待补充：城镇新增就业人数】。");
    expect(p!.markdown).toBe('遵义市新增:gap[城镇新增就业人数]{id="employment.urban_new_jobs"}。');
    expect(passagesNaming(model, byCode("520100"))[0]!.markdown).toBe('贵阳市:ref[1&#91;2&#93;万人]{id="x.y" region="520100"}。');
  });

  it("name the prefecture; none names only other prefectures", () => {
    const survey = /开展企业薪酬调查/;
    const inSurvey = PREFECTURES.filter((r) => passagesNaming(bulletin, r).some((p) => survey.test(p.text))).map((r) => r.short);
    expect(inSurvey).toEqual(["贵阳", "遵义", "安顺", "毕节", "黔西南州", "黔南州"]);
    for (const r of PREFECTURES) {
      for (const p of passagesNaming(bulletin, r)) for (const c of clauses(p.text).filter((c) => !/^全省/.test(c))) expect(names(c, r), `${r.short}: ${c}`).toBe(true);
    }
    expect(names("黔西南州", byCode("522700"))).toBe(false); // 黔南 is not in 黔西南
    expect(names("黔东南州", byCode("522700"))).toBe(false);
  });

  it("appear in the brief under their section, and the share of reprinted bulletin text is low", () => {
    const bulletinText = paragraphs(bulletin).join("");
    const bare = (clause: string): string => clause.replace(/[。！？；]+$/, "");
    const bulletinClauses = new Set(paragraphs(bulletin).flatMap((p) => clauses(p).map(bare)));
    for (const r of PREFECTURES) {
      const model = briefs.get(r.code)!;
      const text = paragraphs(model);
      for (const p of passagesNaming(bulletin, r)) expect(text).toContain(`“${p.section}”${p.subsection}：${p.text}`);
      const all = [...text, ...tableOf(model).rows.flat()].join("");
      const reprinted = text.flatMap((p) => clauses(p.replace(/^“[^”]+”[^：]*：/, ""))).filter((c) => bulletinClauses.has(bare(c))).join("").length;
      // of the bulletin, the brief carries a few clauses; of the brief, quotations are under half (毕节, five passages, the most)
      expect(reprinted / bulletinText.length, r.short).toBeLessThan(0.05);
      expect(reprinted / all.length, r.short).toBeLessThan(0.5);
    }
  });
});

describe("the basis line", () => {
  it("names the bulletin and its number and gives the build date; no 发文字号, no signature, no author", async () => {
    for (const r of PREFECTURES) {
      const model = briefs.get(r.code)!;
      expect(model.blocks[0]).toMatchObject({ type: "title", text: `${r.name}2020年人力资源和社会保障统计摘要` });
      expect(paragraphs(model)[0]).toBe("据《贵州省2020年人力资源和社会保障事业发展统计公报》（黔人社通〔2021〕72号）编制，编制日期：2021年6月9日。");
      expect(model.blocks.some((b) => b.type === "signature" || b.type === "docNumber")).toBe(false);
      expect(model.meta.author).toBe("");
      // the full bulletin referenced, not reprinted
      expect(paragraphs(model).at(-1)).toBe("除注明来源的以外，本摘要数据均取自《贵州省2020年人力资源和社会保障事业发展统计公报》（黔人社通〔2021〕72号），公报全文刊载于贵州省统计局网站。");
    }
    const later = await briefOf(templates, dataset, "520300", new Date("2021-06-30T17:00:00Z")); // 7月1日 in Beijing
    expect(paragraphs(later)[0]).toMatch(/编制日期：2021年7月1日。$/);
  });

  it("appends the full bulletin only when brief.yaml says so", async () => {
    const root = project();
    edit(join(root, "templates/prefecture/brief.yaml"), "appendBasis: false", "appendBasis: true");
    const set = compileTemplates(join(root, "templates"), (f) => f);
    const model = await briefOf(set, dataset, "520300");
    const at = model.blocks.findIndex((b) => b.type === "paragraph" && b.runs[0]?.text === "附件");
    expect(at).toBeGreaterThan(0);
    // The same blocks as the bulletin's (each names its template in this copy of the project: source aside).
    const unsourced = (blocks: readonly object[]): object[] => blocks.map(({ source: _, ...rest }: { source?: unknown }) => rest);
    expect(unsourced(model.blocks.slice(at + 1))).toEqual(unsourced(bulletin.blocks));
  });
});

describe("brief.yaml", () => {
  it("names the file and the field of a wrong basis or source", async () => {
    for (const [from, to, message] of [
      ["basis: bulletin", "basis: prefecture", /templates\/prefecture\/brief\.yaml: line 4: basis: "prefecture" is not a report kind of 2020 a brief can be based on/],
      ["source: bulletin", "source: website", /templates\/prefecture\/brief\.yaml: line 5: source: "website" is not a source of data\/2020\/document\.yaml/],
    ] as const) {
      const root = project();
      edit(join(root, "templates/prefecture/brief.yaml"), from, to);
      const set = compileTemplates(join(root, "templates"), (f) => f);
      await expect(compose(set, dataset, "prefecture", byCode("520300"), noCharts)).rejects.toThrow(message);
    }
  });
});

describe("a bureau's own figures (synthetic data, in a temporary copy of the project)", () => {
  it("come back from its fill-in workbook: a figure the bulletin leaves empty, with the bureau's source", async () => {
    const root = project();
    edit(join(root, "data/2020/document.yaml"), "sources:\n", "sources:\n  zunyi_bureau:\n    title: 遵义市人力资源和社会保障局（合成测试数据）\n");
    // The workbook the bureau is sent: only 遵义's rows, the province's figure beside each (issue 14).
    const sent = await writeFillInWorkbook(loadDataset(join(root, "data"), 2020, root), { region: "520300" });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sent as unknown as ArrayBuffer);
    // The bureau fills in the average wage the bulletin does not give for 遵义 (a synthetic figure), with its source.
    let filled = 0;
    book.eachSheet((sheet) => {
      let header: string[] | undefined;
      sheet.eachRow((row) => {
        const values = (row.values as unknown[]).slice(1).map((v) => String(v ?? ""));
        if (!header) {
          if (values.includes("id")) header = values;
          return;
        }
        const col = (name: string): number => header!.indexOf(name) + 1;
        if (values[col("id") - 1] === "wages.avg_wage_employed") {
          row.getCell(col("value")).value = 88888;
          row.getCell(col("note")).value = null;
          // The bureau may edit the value, the note and, in its own workbook, the source (the rest is locked).
          expect([col("value"), col("note"), col("source")].map((c) => row.getCell(c).protection?.locked)).toEqual([false, false, false]);
          expect(row.getCell(col("id")).protection?.locked).not.toBe(false);
          row.getCell(col("source")).value = "zunyi_bureau";
          filled++;
        }
      });
    });
    expect(filled).toBe(1);
    writeFileSync(join(root, "data/2020/indicators/520300-遵义市.xlsx"), Buffer.from(await book.xlsx.writeBuffer()));

    const data = loadDataset(join(root, "data"), 2020, root);
    const wage = data.indicators.get("wages.avg_wage_employed")!;
    expect(wage.observations.get("520300")).toMatchObject({ value: { text: "88888" }, source: "zunyi_bureau" });
    expect(wage.observations.get("520000")!.source).toBeUndefined(); // the bulletin's own rows keep the indicator's source
    expect(wage.observations.get("520100")!.value).toBeNull();
    const zunyi = await briefOf(templates, data, "520300");
    const text = paragraphs(zunyi).join("\n");
    expect(text).toContain("遵义市城镇单位就业人员年平均工资88888元，全省为");
    expect(text).toContain("（遵义市人力资源和社会保障局（合成测试数据））");
    const table = tableOf(zunyi);
    expect(table.rows.find((row) => row[0] === "遵义市")).toContain("88888");
    expect(table.notes).toContain("资料来源：城镇单位就业人员年平均工资，遵义市人力资源和社会保障局（合成测试数据）。");
    // Another prefecture's brief is as before: 遵义's figure is not one of 贵阳's.
    expect(JSON.stringify(await briefOf(templates, data, "520100"))).not.toContain("88888");
  });

  it("cannot change a figure the bulletin publishes, nor a province row", async () => {
    const root = project();
    writeFileSync(
      join(root, "data/2020/indicators/90-bureau.csv"),
      "id,region,value,unit,growth,delta,format,label,source,note\nsocial.pension_monthly_avg,520300,2317,元,,,,企业离退休人员月人均基本养老金,bulletin,\nsocial.pension_monthly_avg,520000,2765,元,,,,企业离退休人员月人均基本养老金,bulletin,\n",
    );
    expect(() => loadDataset(join(root, "data"), 2020, root)).toThrow(/2317 differs from 2316 for region 520300[\s\S]*indicator already defined in data\/2020\/indicators\/07-social-security\.csv/);
  });

  it("appear in its brief, in the comparison table with their source, and nowhere else", async () => {
    const root = project();
    edit(join(root, "data/2020/document.yaml"), "sources:\n", "sources:\n  zunyi_bureau:\n    title: 遵义市人力资源和社会保障局（合成测试数据）\n");
    writeFileSync(
      join(root, "data/2020/indicators/90-bureau-520300.csv"),
      "id,region,value,unit,growth,delta,format,label,source,note\nbureau.urban_new_jobs,520300,7.05,万人,,,,城镇新增就业人数（市级）,zunyi_bureau,合成测试数据\n",
    );
    const data = loadDataset(join(root, "data"), 2020, root);
    const zunyi = await briefOf(templates, data, "520300");
    expect(paragraphs(zunyi).join("\n")).toContain("2020年，遵义市城镇新增就业人数（市级）7.05万人（遵义市人力资源和社会保障局（合成测试数据））。");
    const table = tableOf(zunyi);
    expect(table.header).toEqual(["地区", "企业离退休人员月人均基本养老金（元）", "城镇新增就业人数（市级）（万人）"]);
    expect(table.unit).toBeUndefined();
    expect(table.rows.find((row) => row[0] === "遵义市")).toEqual(["遵义市", "2316", "7.05"]);
    expect(table.rows.find((row) => row[0] === "全省")).toEqual(["全省", "2765", "—"]);
    expect(table.notes).toEqual(["注：“—”表示本数据集未收录该项数据。", "资料来源：城镇新增就业人数（市级），遵义市人力资源和社会保障局（合成测试数据）。"]);
    // one prefecture's figure: nothing to compare in a chart
    expect(zunyi.blocks.filter((b) => b.type === "figure")).toHaveLength(1);
    const guiyang = await briefOf(templates, data, "520100");
    expect(JSON.stringify(guiyang)).not.toContain("市级");

    // and through the whole build, into the PDF
    await build(root, parseArgs(["--region", "520300", "--format", "pdf", "--fonts", "default", "--progress", "quiet"]) as BuildOptions, quiet);
    const text = pageTexts(await readPdf(readFileSync(join(root, "out/2020/520300-prefecture.pdf")))).join("\n");
    expect(text).toMatch(/遵义市\s*2316\s*7\.05/);
    expect(text.replace(/\s/g, "")).toContain("资料来源：城镇新增就业人数（市级），遵义市人力资源和社会保障局（合成测试数据）。");
  });
});

describe("the nine briefs as PDF", () => {
  it("each has at most five pages, the basis line on page 1 and the chart once, no signature", async () => {
    const engine = loadEngine(ROOT, { year: 2020, fonts: "default" });
    for (const region of PREFECTURES) {
      const composed = await composeJob(engine, { report: "prefecture", region });
      const pdf = await readPdf(await renderHere(engine)(composed.model, "pdf", { date: jobDate(engine, { report: "prefecture", region }) }));
      expect(pdf.pages.length, region.short).toBeLessThanOrEqual(5);
      const pages = pageTexts(pdf);
      expect(pages[0]!.replace(/\n/g, "")).toContain("据《贵州省2020年人力资源和社会保障事业发展统计公报》（黔人社通〔2021〕72号）编制");
      const all = pages.join("\n");
      expect(all.match(/图\d+/g), region.short).toEqual(["图1"]);
      expect(all).toMatch(/图1\s*2020年分市（州）企业离退休人员月人均基本养老金/);
      expect(all).not.toContain("贵州省人力资源和社会保障厅\n贵州省统计局"); // no signature
    }
  }, 120_000);
});

describe("completeness", () => {
  it("lists, per prefecture, what is published and what is missing", () => {
    const rows = completeness(dataset);
    expect(rows).toHaveLength(9 * 3);
    expect(rows.filter((r) => r.status === "published").map((r) => r.indicator)).toEqual(Array(9).fill("social.pension_monthly_avg"));
    expect(rows.filter((r) => r.status === "missing").every((r) => r.indicator.startsWith("wages."))).toBe(true);
  });
});
