import { describe, expect, it } from "vitest";
import { deltaWords, growthList, growthWords, joinList, withUnit } from "../src/template/wording.js";
import { chineseNumeral, docNumberText, headingNumber, officialDate } from "../src/model/numbering.js";

const f = (text: string) => ({ text, value: Number(text) });

describe("Chinese statistical wording", () => {
  it("words growth by its sign, never 增长-x%", () => {
    expect(growthWords(f("4.9"))).toBe("增长4.9%");
    expect(growthWords(f("-6.1"))).toBe("下降6.1%");
    expect(growthWords(f("0"))).toBe("持平");
  });
  it("words absolute changes, and rate changes in 个百分点", () => {
    expect(deltaWords(f("115"), "元")).toBe("增加115元");
    expect(deltaWords(f("-115"), "元")).toBe("减少115元");
    expect(deltaWords(f("1.13"), "%")).toBe("提高1.13个百分点");
    expect(deltaWords(f("-0.20"), "%")).toBe("下降0.20个百分点");
  });
  it("keeps the published digits and formats", () => {
    expect(withUnit(f("15.00"), "亿元")).toBe("15.00亿元");
    expect(withUnit(f("320"), "万张", "{value}余万张")).toBe("320余万张");
  });
  it("joins lists with 、 and a final 和", () => {
    expect(joinList(["a"])).toBe("a");
    expect(joinList(["a", "b", "c"])).toBe("a、b和c");
    expect(joinList(["a", "b"], "、")).toBe("a、b");
  });
  it("words several growths at once, mixed signs item by item", () => {
    expect(growthList([f("5.4"), f("2.6"), f("7.9"), f("13.5")])).toBe("分别增长5.4%、2.6%、7.9%和13.5%");
    expect(growthList([f("7.1"), f("7.2")], "分别为")).toBe("增长分别为7.1%和7.2%");
    expect(growthList([f("-1.5"), f("-2")])).toBe("分别下降1.5%和2%");
    expect(growthList([f("5.4"), f("-2.6")])).toBe("分别增长5.4%和下降2.6%");
    expect(growthList([f("2.6"), f("4.9")], "分别", "、")).toBe("分别增长2.6%、4.9%");
  });
});

describe("official numbering (GB/T 9704)", () => {
  it("numbers headings in Chinese numerals", () => {
    expect([1, 2, 10, 11, 20, 23].map(chineseNumeral)).toEqual(["一", "二", "十", "十一", "二十", "二十三"]);
    expect(headingNumber(1, 3)).toBe("三、");
    expect(headingNumber(2, 6)).toBe("（六）");
  });
  it("numbers past 99 as they are read: one 零 inside, none at the end, 一十 after a hundred", () => {
    expect([99, 100, 101, 110, 111, 120, 999, 1000, 1001, 1010, 1100, 2019, 9999].map(chineseNumeral)).toEqual([
      "九十九", "一百", "一百零一", "一百一十", "一百一十一", "一百二十", "九百九十九", "一千", "一千零一", "一千零一十", "一千一百", "二千零一十九", "九千九百九十九",
    ]);
    expect(headingNumber(1, 100)).toBe("一百、");
    expect(() => chineseNumeral(10_000)).toThrow(RangeError); // parse.ts refuses such a document with the template's line first
  });
  it("writes dates and document numbers without leading zeros", () => {
    expect(officialDate("2021-06-09")).toBe("2021年6月9日");
    expect(docNumberText({ issuerCode: "黔人社通", year: 2021, serial: 72 })).toBe("黔人社通〔2021〕72号");
  });
});
