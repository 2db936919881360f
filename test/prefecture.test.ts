/** Prefecture reports: tailored from data; a new per-prefecture indicator needs only data rows. */
import { describe, expect, it } from "vitest";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { loadDataset } from "../src/data/load.js";
import { compileTemplates } from "../src/template/compile.js";
import { compose } from "../src/compose.js";
import { completeness } from "../src/build/completeness.js";
import type { TableBlock } from "../src/model/types.js";
import { copyData, ROOT } from "./support/dataset.js";

const templates = compileTemplates(join(ROOT, "templates"), (f) => f);
const noCharts = async (spec: string) => ({ chart: spec, caption: spec, svg: "<svg/>", width: 1, height: 1 });

async function ownTable(dataDir: string, code: string): Promise<TableBlock> {
  const dataset = loadDataset(dataDir, 2020, join(dataDir, ".."));
  const region = dataset.regions.find((r) => r.code === code)!;
  const { model } = await compose(templates, dataset, "prefecture", region, noCharts);
  return model.blocks.find((b): b is TableBlock => b.type === "table")!;
}

describe("prefecture reports", () => {
  it("each names its prefecture and compares its figure with the province's, with its rank", async () => {
    const dataset = loadDataset(join(ROOT, "data"), 2020, ROOT);
    const titles = new Set<string>();
    for (const region of dataset.regions.slice(1)) {
      const { model } = await compose(templates, dataset, "prefecture", region, noCharts);
      titles.add(model.meta.title);
      expect(model.meta.title).toContain(region.name);
      const table = model.blocks.find((b): b is TableBlock => b.type === "table")!;
      const pension = table.rows.find((r) => r[0] === "企业离退休人员月人均基本养老金")!;
      expect(pension[2]).toBe(dataset.indicators.get("social.pension_monthly_avg")!.observations.get(region.code)!.value!.text);
      expect(pension[3]).toBe("2765");
      expect(pension[4]).toMatch(/^[1-9]\/9$/);
    }
    expect(titles.size).toBe(9);
  });

  it("ranks by value, largest first: 六盘水 first, 遵义 last", async () => {
    expect((await ownTable(join(ROOT, "data"), "520200")).rows.at(-1)?.[4]).toBe("1/9");
    expect((await ownTable(join(ROOT, "data"), "520300")).rows.at(-1)?.[4]).toBe("9/9");
  });

  it("picks up a new per-prefecture indicator from data rows alone (synthetic figures, test only)", async () => {
    const data = copyData();
    const rows = ["520000,100", "520100,11", "520200,12", "520300,13", "520400,14", "520500,15", "520600,16", "522300,17", "522600,18"]
      .map((r) => { const [code, v] = r.split(","); return `test.synthetic_count,${code},${v},家,,,,合成测试指标,bulletin,测试数据\n`; })
      .join("");
    appendFileSync(join(data, "2020/indicators/99-synthetic.csv"), `id,region,value,unit,growth,delta,format,label,source,note\n${rows}test.synthetic_count,522700,,家,,,,合成测试指标,bulletin,未公布\n`);
    const zunyi = await ownTable(data, "520300");
    expect(zunyi.rows.find((r) => r[0] === "合成测试指标")).toEqual(["合成测试指标", "家", "13", "100", "—"]);
    const dataset = loadDataset(data, 2020, join(data, ".."));
    const qiannan = completeness(dataset).find((r) => r.region === "522700" && r.indicator === "test.synthetic_count");
    expect(qiannan).toMatchObject({ status: "missing", note: "未公布" });
  });

  it("the completeness report lists, per prefecture, what is published and what is missing", () => {
    const rows = completeness(loadDataset(join(ROOT, "data"), 2020, ROOT));
    expect(rows).toHaveLength(9 * 3);
    expect(rows.filter((r) => r.status === "published").map((r) => r.indicator)).toEqual(Array(9).fill("social.pension_monthly_avg"));
    expect(rows.filter((r) => r.status === "missing").every((r) => r.indicator.startsWith("wages."))).toBe(true);
  });
});
