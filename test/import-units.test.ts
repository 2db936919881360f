/** The import's pieces: which numbers may be figures (scan.ts), the region before a number (context.ts), escapes and {{year}} (markdown.ts). */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadDataset } from "../src/data/load.js";
import { regionFits } from "../src/import/context.js";
import { escapeLiteral, literalWithYear } from "../src/import/markdown.js";
import { scanNumbers } from "../src/import/scan.js";
import { ROOT } from "./support/dataset.js";

const regions = loadDataset(join(ROOT, "data"), 2020, ROOT).regions;

describe("scanNumbers", () => {
  const kept = (t: string) => scanNumbers(t).numbers.map((n) => n.digits);
  const skipped = (t: string) => scanNumbers(t).skipped.map((n) => `${n.digits}:${n.what}`);

  it("passes over years, ranges, dates, editions, document numbers, titles, quoted names and hand numbering", () => {
    const t = "1. 截至2020年12月31日，2019-2020学年，（2020版），黔府发〔2019〕1号，《2020年要点第3号》，热线“96567”，见表2，新增61.64万人";
    expect(kept(t)).toEqual(["61.64"]);
    expect(skipped(t)).toEqual(["1:list number", "2020:year", "12:date", "31:date", "2019:year", "2020:year", "2020:year", "2019:document number", "1:document number", "2020:title", "3:title", "96567:name", "2:caption number"]);
  });

  it("reads full-width digits as digits, and leaves codes alone", () => {
    expect(kept("新增６１.６４万人，标准GB/T 9704，编号A12，3a")).toEqual(["61.64"]);
  });
});

describe("regionFits", () => {
  it("wants another region named last before its figure, and the report's own region not to have another's name right before", () => {
    expect(regionFits("520100", regions, "其中：贵阳市")).toBe(true);
    expect(regionFits("520000", regions, "其中：贵阳市")).toBe(false);
    expect(regionFits("520300", regions, "其中：贵阳市")).toBe(false);
    expect(regionFits("520300", regions, "、遵义市")).toBe(true);
    expect(regionFits("520000", regions, "全省月人均")).toBe(true);
    // a list of names before a count: the count is the province's
    expect(regionFits("520000", regions, "组织贵阳、遵义、安顺、毕节、黔南州、黔西南州")).toBe(true);
    // a kind made for 遵义市: its own figures need no name; the province's need 全省
    expect(regionFits("520300", regions, "全市月人均", "520300")).toBe(true);
    expect(regionFits("520000", regions, "，全省为", "520300")).toBe(true);
    expect(regionFits("520300", regions, "，全省为", "520300")).toBe(false);
  });
});

describe("template text", () => {
  it("escapes Markdown and Handlebars, and a line that would start a list or a heading", () => {
    expect(escapeLiteral("a*b_c [d] <e> | {{f}} :ref & \\", false)).toBe("a\\*b\\_c \\[d\\] \\<e\\> \\| \\{{f}} \\:ref \\& \\\\");
    expect(escapeLiteral("1. 项目", true)).toBe("1\\. 项目");
    expect(escapeLiteral("# 标题", true)).toBe("\\# 标题");
  });

  it("writes the report's year as {{year}} where it is the year, not in ranges or document numbers", () => {
    expect(literalWithYear("截至2020年底，2019-2020学年，2020-2021年，〔2020〕1号，2020版，2019年", 2020, false)).toBe("截至{{year}}年底，2019-2020学年，2020-2021年，〔2020〕1号，2020版，2019年");
  });
});
