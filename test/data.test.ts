import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { loadDataset } from "../src/data/load.js";
import { compileTemplates } from "../src/template/compile.js";
import { loadKindDocument } from "../src/template/kinds.js";
import { compose } from "../src/compose.js";
import { modelText } from "../src/model/text.js";
import { UserError } from "../src/errors.js";
import { copyData, edit, ROOT } from "./support/dataset.js";
import { confinedTo } from "../src/io/project-path.js";

const templates = compileTemplates(join(ROOT, "templates"), (f) => f);
const noCharts = async (spec: string) => ({ chart: spec, caption: spec, svg: "<svg/>", width: 1, height: 1 });

async function bulletinText(dataDir: string): Promise<string> {
  const dataset = loadDataset(dataDir, 2020, join(dataDir, ".."));
  const { model } = await compose(templates, dataset, "bulletin", dataset.regions[0]!, noCharts);
  return modelText(model);
}

function loadError(dataDir: string): UserError {
  try {
    loadDataset(dataDir, 2020, join(dataDir, ".."));
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error("expected the data to be rejected");
}

describe("the dataset", () => {
  const dataset = loadDataset(join(ROOT, "data"), 2020, ROOT);

  it("holds the bulletin's figures with units, as published", () => {
    expect(dataset.indicators.size).toBeGreaterThan(200);
    const jobs = dataset.indicators.get("employment.urban_new_jobs")!;
    expect(jobs.unit).toBe("万人");
    expect(jobs.observations.get("520000")!.value).toEqual({ text: "61.64", value: 61.64 });
    // trailing zeros survive: 15.00亿元 is published as such
    const texts = [...dataset.indicators.values()].flatMap((i) => [...i.observations.values()].map((o) => o.value?.text));
    expect(texts).toContain("15.00");
    expect(texts).toContain("157.10");
  });

  it("has the nine prefectures' pensions and marks their wages missing", () => {
    const pension = dataset.indicators.get("social.pension_monthly_avg")!;
    expect(pension.observations.size).toBe(10);
    expect(pension.observations.get("520300")!.value!.text).toBe("2316");
    expect(pension.observations.get("520000")!.growth!.text).toBe("4.3");
    expect(pension.observations.get("520000")!.delta!.text).toBe("115");
    const wage = dataset.indicators.get("wages.avg_wage_employed")!;
    const prefectureValues = dataset.regions.slice(1).map((r) => wage.observations.get(r.code)?.value);
    expect(prefectureValues).toEqual(Array(9).fill(null));
  });

  it("carries the year's sources; each report kind has its own metadata", () => {
    expect(Object.keys(dataset.document.sources)).toEqual(["bulletin"]);
    const doc = loadKindDocument(compileTemplates(join(ROOT, "templates"), (f) => f).kinds.get("bulletin")!, 2020, (f) => f, confinedTo(ROOT));
    expect(doc.docNumber).toEqual({ issuerCode: "黔人社通", year: 2021, serial: 72 });
    expect(doc.issuers).toEqual(["贵州省人力资源和社会保障厅", "贵州省统计局"]);
    expect(doc.date).toBe("2021-06-09");
  });
});

describe("text follows the data", () => {
  it("a copy of the dataset with changed figures produces changed text", async () => {
    const data = copyData();
    const csv = join(data, "2020/indicators/01-employment.csv");
    edit(csv, "employment.urban_new_jobs,520000,61.64,", "employment.urban_new_jobs,520000,58.20,");
    edit(csv, /(employment\.[a-z_]+,520000,24\.91,亿元,)36\.5,/, "$1-3.2,");
    const text = await bulletinText(data);
    expect(text).toContain("全省城镇新增就业58.20万人");
    expect(text).not.toContain("61.64");
    expect(text).toContain("较上年下降3.2%");
    expect(text).not.toContain("增长-3.2%");
  });
});

describe("bad data gets located errors, all at once", () => {
  it("reports malformed values with file, line, field path and a fix", () => {
    const data = copyData();
    const csv = join(data, "2020/indicators/01-employment.csv");
    edit(csv, "employment.urban_new_jobs,520000,61.64,", "employment.urban_new_jobs,520000,61.64万,");
    edit(csv, "employment.unemployed_reemployed,520000,", "employment.unemployed_reemployed,529999,");
    edit(csv, "employment.hard_to_employ_employed,520000,7.59,", "employment.hard_to_employ_employed,520000,7,590,");
    const error = loadError(data);
    expect(error.problems).toHaveLength(3);
    expect(error.problems[0]).toMatchObject({ file: expect.stringMatching(/01-employment\.csv$/), line: 2, path: "employment.urban_new_jobs.value" });
    expect(error.problems[0]!.hint).toMatch(/digits/);
    expect(error.problems[1]).toMatchObject({ line: 3, path: "employment.unemployed_reemployed.region" });
    expect(error.problems[2]).toMatchObject({ line: 4, path: "employment.hard_to_employ_employed" });
    expect(error.problems[2]!.hint).toMatch(/thousands separators/);
    expect(error.message).toContain("01-employment.csv: line 2: employment.urban_new_jobs.value");
  });

  it("reports incomplete data: a missing unit (an empty value without a note is a figure not published yet: a gap, not a load error)", () => {
    const data = copyData();
    const csv = join(data, "2020/indicators/01-employment.csv");
    edit(csv, "employment.urban_new_jobs,520000,61.64,万人,", "employment.urban_new_jobs,520000,,,");
    const error = loadError(data);
    expect(error.problems.map((p) => p.path)).toEqual(["employment.urban_new_jobs.unit"]);
    expect(error.problems[0]!.line).toBe(2);
  });

  it("reports YAML schema errors with the line, and metadata left in data/ where it no longer belongs", () => {
    const data = copyData();
    edit(join(data, "2020/document.yaml"), "year: 2020", "year: 2020\ntitle: 某公报");
    edit(join(data, "2020/document.yaml"), "keywords: [人力资源, 社会保障, 统计公报]", "keywords: 人力资源");
    const error = loadError(data);
    const byPath = Object.fromEntries(error.problems.map((p) => [p.path, p]));
    expect(byPath["keywords"]).toMatchObject({ file: expect.stringMatching(/document\.yaml$/), line: 5, hint: expect.stringMatching(/write a list/) });
    expect(byPath["title"]).toMatchObject({ line: 4, message: expect.stringMatching(/templates\/<kind>\/<year>\/document\.yaml/) });
  });

  it("reports a CSV with a broken header", () => {
    const data = copyData();
    writeFileSync(join(data, "2020/indicators/99-extra.csv"), "id,region,value\nx.y,520000,1\n");
    const error = loadError(data);
    expect(error.problems[0]).toMatchObject({ file: expect.stringMatching(/99-extra\.csv$/), line: 1 });
    expect(error.problems[0]!.message).toMatch(/lacks unit/);
  });

  it("reads a CSV that Excel saved in GB18030 (Chinese Windows' default), not only UTF-8", () => {
    const data = copyData();
    const gbk = (codes: number[]) => Buffer.from(codes);
    // `gbk.test,520000,1,万人,,,,测试,bulletin,` with 万人 and 测试 in GBK bytes
    const row = Buffer.concat([Buffer.from("gbk.test,520000,1,"), gbk([0xcd, 0xf2, 0xc8, 0xcb]), Buffer.from(",,,,"), gbk([0xb2, 0xe2, 0xca, 0xd4]), Buffer.from(",bulletin,\r\n")]);
    writeFileSync(join(data, "2020/indicators/99-gbk.csv"), Buffer.concat([Buffer.from("id,region,value,unit,growth,delta,format,label,source,note\r\n"), row]));
    const indicator = loadDataset(data, 2020, join(data, "..")).indicators.get("gbk.test");
    expect(indicator).toMatchObject({ unit: "万人", label: "测试" });
  });

  it("names an unknown year and the available ones", () => {
    expect(() => loadDataset(join(ROOT, "data"), 1999, ROOT)).toThrow(/no data for 1999[\s\S]*available years: 2020/);
  });
});

describe("no invented figures", () => {
  it("every published figure in data/ appears, with its unit, in the source it cites (the reference bulletin)", async () => {
    const { readFileSync } = await import("node:fs");
    const { REFERENCE_FILE, normalize } = await import("./support/reference.js");
    const source = normalize(readFileSync(REFERENCE_FILE, "utf8"));
    const dataset = loadDataset(join(ROOT, "data"), 2020, ROOT);
    const absent: string[] = [];
    let checked = 0;
    for (const ind of dataset.indicators.values()) {
      expect(ind.source).toBe("bulletin");
      for (const obs of ind.observations.values()) {
        const forms = [
          ...(obs.value ? [obs.format ? obs.format.replaceAll("{value}", obs.value.text) : `${obs.value.text}${ind.unit}`] : []),
          ...(obs.growth ? [`${obs.growth.text.replace(/^-/, "")}%`] : []),
          ...(obs.delta ? [`${obs.delta.text.replace(/^-/, "")}${ind.unit === "%" ? "个百分点" : ind.unit}`] : []),
        ];
        for (const form of forms) {
          checked++;
          if (!source.includes(normalize(form))) absent.push(`${ind.id} ${obs.region}: ${form} (${obs.at.file} line ${obs.at.line})`);
        }
      }
    }
    expect(checked).toBeGreaterThan(250);
    expect(absent).toEqual([]);
  });
});
