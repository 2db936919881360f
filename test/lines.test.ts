/**
 * Line composition (src/present/lines/) against a fake measure: every Han character and full-width mark 1 em,
 * every other character half an em, so each rule's effect is exact. One test per rule of clreq / GB/T 15834
 * the layout implements.
 */
import { describe, expect, it } from "vitest";
import { breakClasses } from "../src/present/lines/breaks.js";
import { layOutLines, type LineSettings, type PositionedLine } from "../src/present/lines/layout.js";
import type { PresentedRun } from "../src/present/types.js";

const EM = 10;
const body = { role: "body", bold: false } as const;
const fake = (_f: unknown, ch: string, size: number): number => (/[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’—…]/u.test(ch) ? size : size / 2);
const rules = { units: ["个百分点", "万人", "学年", "人次", "名", "年", "元", "个", "家"], words: ["黔东南州", "贵阳市"] };
const settings = (chars: number, extra: Partial<LineSettings> = {}): LineSettings => ({ width: chars * EM, size: EM, firstLineIndent: 0, align: "justify", tracking: 0, stretchMax: 0.08, shrinkMax: 0, ...extra });
const lay = (text: string, s: LineSettings, runs?: PresentedRun[]): PositionedLine[] => layOutLines(runs ?? [{ text, face: body }], s, fake, rules);
const texts = (lines: readonly PositionedLine[]): string[] => lines.map((l) => l.text);

/** Where each glyph of a line is drawn: [character, x, distance to the next glyph (the last: its advance and spacing)]. */
function glyphs(l: PositionedLine): [string, number, number][] {
  const at = l.segments.flatMap((s) => {
    let x = s.x;
    return Array.from(s.text, (ch) => {
      const here = x;
      x += fake(null, ch, EM) + s.spacing;
      return [ch, here, x - here] as [string, number, number];
    });
  });
  return at.map(([ch, x, adv], k) => [ch, x, k + 1 < at.length ? at[k + 1]![1] - x : adv]);
}
/** Where the line's ink ends: the last glyph, a closing or stop mark counted by its inked half. */
const inkEnd = (l: PositionedLine): number => {
  const g = glyphs(l);
  const [ch, x] = g[g.length - 1]!;
  return x + (/[，。、；：？！”’）》]/u.test(ch) ? EM / 2 : fake(null, ch, EM));
};

describe("break opportunities (breaks.ts)", () => {
  const at = (text: string): string => {
    const chars = Array.from(text);
    const cls = breakClasses(chars, rules);
    return chars.map((c, k) => (k === 0 ? "" : cls[k] === "ok" ? "|" : cls[k] === "low" ? "¦" : "") + c).join("");
  };
  it("keeps closing and stop marks off a line's start, opening marks off its end (clreq basic set)", () => {
    expect(at("就业“稳”，好。")).toBe("就|业|“稳”，|好。");
    expect(at("（一）城镇")).toBe("（一）|城|镇");
  });
  it("breaks Chinese quotation marks like brackets (UAX #14 gives them class QU, which forbids both sides)", () => {
    expect(at("实施“技能贵州”行动")).toBe("实|施|“技|能|贵|州”|行|动");
  });
  it("never breaks inside a number, a percent, a range or a document number", () => {
    expect(at("增长4.9%，达2019-2020学年")).toBe("增|长|4.9%，|达|2019-2020¦学年");
    expect(at("黔人社通〔2021〕72号文")).toContain("〔2021〕72号");
    expect(at("黔人社通〔2021〕72号文").replace(/[|¦]/g, "")).toBe("黔人社通〔2021〕72号文");
    expect(at("〔2021〕72号")).toBe("〔2021〕72号");
  });
  it("puts a number and its unit or classifier at a lower priority, never breaking inside the unit (the profile's table)", () => {
    expect(at("17名")).toBe("17¦名");
    expect(at("3.2万人次")).toBe("3.2¦万人|次".replace("万人|次", "万人|次"));
    expect(at("12.5个百分点")).toBe("12.5¦个百分点");
  });
  it("never breaks inside a place name of the regions table", () => {
    expect(at("在黔东南州")).toBe("在|黔东南州");
  });
  it("keeps —— and …… whole (clreq unbreakable marks)", () => {
    expect(at("甲——乙")).not.toContain("—|—");
    expect(at("甲……乙")).not.toContain("…|…");
  });
});

describe("line layout (layout.ts)", () => {
  it("loses no character and adds none: the lines' texts are the paragraph's", () => {
    const text = "全省城镇新增就业人数达到了较高水平，比上年增长4.9%，其中黔东南州城镇新增就业17名，2019-2020学年在校生增加。";
    const lines = lay(text, settings(12, { firstLineIndent: 2 * EM }));
    expect(lines.map((l) => l.text).join("")).toBe(text);
    expect(lines.length).toBeGreaterThan(3);
  });

  it("justifies every line but the last to the full width; the last keeps its natural spacing", () => {
    const lines = lay("一二三四五六七八九十，一二三四五六七八九十一二三四五六七八九十。甲乙", settings(10));
    for (const l of lines.slice(0, -1)) expect(inkEnd(l)).toBeCloseTo(10 * EM, 6);
    const last = lines[lines.length - 1]!;
    expect(last.added).toBe(0);
    expect(last.end).toBe("paragraph end");
  });

  it("sets a closing or stop mark that ends a line at half width (GB/T 15834 §5.1.10)", () => {
    // 9 characters and a comma fill a 10 em line; the comma's blank half is removed, the half em spread over the gaps.
    const [first] = lay("一二三四五六七八九，十一二三", settings(10));
    expect(first!.text).toBe("一二三四五六七八九，");
    expect(first!.compressed).toBeCloseTo(EM / 2, 6);
    expect(first!.added).toBeCloseTo(EM / 2, 6);
    expect(inkEnd(first!)).toBeCloseTo(10 * EM, 6);
  });

  it("compresses adjacent full-width marks by half an em (clreq: 2 em → 1.5 em), in any line", () => {
    const [line] = lay("他说“好”。又说《书》，完", settings(20));
    const g = glyphs(line!);
    const adv = (ch: string) => g.find(([c]) => c === ch)![2];
    expect(adv("”")).toBeCloseTo(EM / 2, 6);
    expect(adv("》")).toBeCloseTo(EM / 2, 6);
    expect(adv("“")).toBeCloseTo(EM, 6); // after a Han character: nothing to compress
    expect(line!.compressed).toBeCloseTo(EM, 6);
  });

  it("compresses an opening mark that starts a line where asked, not the first line's", () => {
    const lines = lay("一二三四五六七八九十（甲）乙丙", settings(10, { compressLineStart: true }));
    expect(lines[1]!.text.startsWith("（")).toBe(true);
    expect(glyphs(lines[1]!)[0]![1]).toBeCloseTo(-EM / 2, 6);
    expect(glyphs(lay("（一）二三", settings(10, { compressLineStart: true }))[0]!)[0]![1]).toBeCloseTo(0, 6);
    expect(glyphs(lay("一二三四五六七八九十（甲）乙丙", settings(10))[1]!)[0]![1]).toBeCloseTo(0, 6);
  });

  it("squeezes a mark into the line rather than start the next with it (先挤进，后推出)", () => {
    // 10 characters fill the line; the full stop may not start the next: the line's comma gives up half an em and the stop ends it at half width.
    const lines = lay("一二三，五六七八九十。甲乙", settings(10));
    expect(lines[0]!.text).toBe("一二三，五六七八九十。");
    expect(inkEnd(lines[0]!)).toBeCloseTo(10 * EM, 6);
    expect(lines[1]!.text).toBe("甲乙");
  });

  it("squeezes the other marks, not an opening mark that starts the line, where its edge keeps it whole", () => {
    // A line starting with a bracket, too long: squeezed, the other marks give up (part of) their blank halves; the
    // bracket starting it keeps its box at the line's edge (it would otherwise stand out into the margin).
    // The document number cannot be broken: its line is too long, and the marks give way.
    for (const [text, width] of [["甲乙丙丁戊己庚辛〔2019〕1号）精神，积极做好改革", 11], ["甲乙丙丁戊己庚辛壬癸〔2021〕72号）文，子丑寅卯", 12]] as const) {
      const lines = lay(text, settings(width, { shrinkMax: 0.03 }));
      expect(lines.some((l) => l.text.startsWith("〔"))).toBe(true);
      for (const line of lines) {
        const g = glyphs(line);
        if (g[0]![0] === "〔") expect(g[0]![1], line.text).toBeCloseTo(0, 6);
        for (const [, x] of g) expect(x).toBeGreaterThanOrEqual(-1e-6);
      }
    }
  });

  it("takes space from the gaps, at most shrinkMax each, where the marks' blank halves are not enough", () => {
    // 11 characters in a 10.5 em line: half an em over 10 gaps is 0.05 em each.
    const [line] = lay("一二三四五六七八九十甲", settings(10.5, { shrinkMax: 0.05 }));
    expect(line!.text).toBe("一二三四五六七八九十甲");
    expect(line!.perGap).toBeCloseTo(-0.05 * EM, 6);
    expect(inkEnd(line!)).toBeCloseTo(10.5 * EM, 6);
    // Not beyond it: 0.04 em a gap is not enough, and the last character goes over.
    expect(lay("一二三四五六七八九十甲", settings(10.5, { shrinkMax: 0.04 }))[0]!.text).toBe("一二三四五六七八九十");
  });

  it("carries a character over rather than let a closing mark start a line, and spreads the space evenly", () => {
    const lines = lay("一二三四五六七八九十”甲乙", settings(10));
    expect(lines[0]!.text).toBe("一二三四五六七八九");
    expect(lines[1]!.text.startsWith("十”")).toBe(true);
    const g = glyphs(lines[0]!);
    const gaps = g.slice(1).map(([, x], k) => x - g[k]![1] - EM);
    for (const gap of gaps) expect(gap).toBeCloseTo(EM / 8, 6);
  });

  it("adds no space inside a number or next to a connector", () => {
    // Justified with space to spare: the Han characters move apart, the digits and the hyphen do not.
    // (20 em to 己; the full stop may not start a line, so 己 goes over: one em to spread.)
    const [line] = lay("年份2019-2020学年增长12.5%达甲乙丙丁戊己。庚辛", settings(20, { stretchMax: 0.5 }));
    expect(line!.perGap).toBeGreaterThan(0);
    const g = glyphs(line!);
    for (const [ch, , adv] of g.slice(2, 10)) expect([ch, adv]).toEqual([ch, EM / 2]);
    expect(g[0]![2]).toBeCloseTo(EM + line!.perGap, 6);
  });

  it("takes a lower-priority break (number|unit) before a line stretched beyond the limit", () => {
    // A 10 em line: 6 characters, then 2019-2020学年 (4.5 em + 2 em) cannot follow whole. Without the break before 学年
    // the line would get 4 em over 5 gaps (0.8 em a gap, 10 times the limit); with it, 2019-2020 ends the line (half an em over 9 gaps).
    const lines = lay("一二三四五六2019-2020学年七八九", settings(11));
    expect(texts(lines)[0]).toBe("一二三四五六2019-2020");
    expect(lines[0]!.end).toBe("lower-priority break");
  });

  it("keeps a number with its unit where the spacing stays within the limit", () => {
    // 9 characters and 17名 (2 em): carried over, the first line is one em short over 8 gaps (0.125 em a gap, over 0.08):
    // but a limit of 0.2 em takes it.
    const lines = lay("一二三四五六七八九17名甲乙", settings(10, { stretchMax: 0.2 }));
    expect(lines[0]!.text).toBe("一二三四五六七八九");
    expect(lines[0]!.end).toBe("break");
  });

  it("never breaks inside a place name or a document number, whatever the spacing", () => {
    const lines = lay("一二三四五六七八黔东南州甲乙丙〔2021〕72号文", settings(10));
    expect(texts(lines).join("|")).toMatch(/黔东南州/);
    for (const l of lines) expect(l.end).not.toBe("forced");
    expect(texts(lines).some((t) => t.includes("〔2021〕72号"))).toBe(true);
  });

  it("chooses a paragraph's breaks together: an earlier line gives a character to spare the last line a lone one", () => {
    // Line by line: 10, 10 and 1 character. Together: the second line ends a character early (one em over 8 gaps,
    // within a 0.2 em limit) and the last holds two (clreq #adjustments_of_orphans_and_widows).
    const text = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子";
    expect(texts(lay(text, settings(10, { stretchMax: 0.2 })))).toEqual(["一二三四五六七八九十", "甲乙丙丁戊己庚辛壬", "癸子"]);
    // With the default limit the second line would be stretched beyond it: a lone last character is the lesser harm.
    expect(texts(lay(text, settings(10)))).toEqual(["一二三四五六七八九十", "甲乙丙丁戊己庚辛壬癸", "子"]);
  });

  it("breaks elsewhere rather than leave a line with looseEm or more of space, where other breaks stay within the limits", () => {
    const text = "全省纳入城市居民最低生活保障的家庭25.57万户、64.45万人，全年累计支出城市居民最低生活保障金28.61亿元，全省城市低保平均保障标准645元/月，月人均补助水平431元，较上年分别增长2.6%、4.9%；";
    const units = { units: ["万户", "万人", "亿元", "元"], words: [] };
    const s = settings(15, { stretchMax: 0.15, shrinkMax: 0.03 });
    const loose = (lines: PositionedLine[]) => lines.filter((l) => l.end !== "paragraph end" && l.added >= EM - 1e-9).map((l) => l.text);
    // The least total cost alone leaves two lines an em short; with a loose line priced, none.
    expect(loose(layOutLines([{ text, face: body }], s, fake, units))).toEqual(["全省纳入城市居民最低生活保障", "年累计支出城市居民最低生活保"]);
    const lines = layOutLines([{ text, face: body }], { ...s, looseEm: 1 }, fake, units);
    expect(loose(lines)).toEqual([]);
    expect(lines.map((l) => l.end)).not.toContain("lower-priority break");
    expect(texts(lines).join("")).toBe(text);
  });

  it("sets a paragraph tighter (at most retrackMax), never looser, where no breaks avoid a loose line", () => {
    const text = "全省纳入城市居民最低生活保障的家庭25.57万户、64.45万人，全年累计支出城市居民最低生活保障金28.61亿元，全省城市低保平均保障标准645元/月，月人均补助水平431元，较上年分别增长2.6%、4.9%；全省纳入农村居民最低生活保障的家庭86.76万户、210.93万人，全年累计支出农村居民最低生活保障资金65.20亿元，全省农村低保平均保障标准4318元/年，年人均综合补助水平3206元，较上年分别增长5.2%、6.2%。";
    const units = { units: ["万户", "万人", "亿元", "元"], words: [] };
    const s = settings(28, { firstLineIndent: 2 * EM, shrinkMax: 0.03, looseEm: 1 });
    const loose = (lines: PositionedLine[]) => lines.filter((l) => l.end !== "paragraph end" && l.added >= EM - 1e-9).length;
    const plain = layOutLines([{ text, face: body }], s, fake, units);
    expect(loose(plain)).toBe(1);
    // Too little room to move the breaks: the paragraph as it was.
    expect(layOutLines([{ text, face: body }], { ...s, retrackMax: 0.01 }, fake, units)).toEqual(plain);
    const tighter = layOutLines([{ text, face: body }], { ...s, retrackMax: 0.03 }, fake, units);
    expect(loose(tighter)).toBe(0);
    expect(tighter).toHaveLength(plain.length);
    expect(texts(tighter).join("")).toBe(text);
    // The paragraph as set with a tracking less by more than 0.01 em and at most 0.03 — the least of those that works.
    const by = [0.005, 0.01, 0.015, 0.02, 0.025, 0.03].find((em) => loose(layOutLines([{ text, face: body }], { ...s, tracking: -em * EM }, fake, units)) === 0);
    expect(by).toBeGreaterThan(0.01);
    expect(tighter).toEqual(layOutLines([{ text, face: body }], { ...s, tracking: -by! * EM }, fake, units).map((l) => ({ ...l, tighter: by })));
  });

  it("takes one line more where asked (放行, after TeX's looseness), only with every line within the spacing limit", () => {
    const text = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午。";
    // 10, 10 and 8 characters; in four lines one holds 8 (the full stop may not stand alone): 2 em over 7 gaps.
    expect(lay(text, settings(10, { stretchMax: 0.3 }))).toHaveLength(3);
    const loose = lay(text, settings(10, { stretchMax: 0.3, looseness: 1 }));
    expect(loose).toHaveLength(4);
    expect(loose.map((l) => l.text).join("")).toBe(text);
    for (const l of loose.slice(0, -1)) expect(l.perGap).toBeLessThanOrEqual(0.3 * EM + 1e-9);
    // Within 0.2 em a gap the line of 8 would be stretched: the paragraph keeps its three lines.
    expect(lay(text, settings(10, { stretchMax: 0.2, looseness: 1 }))).toHaveLength(3);
    // The limit raised for 放行 alone (loosenMax) does the same; but a line of 8 is 2 em short: loose, so not with looseEm.
    expect(lay(text, settings(10, { stretchMax: 0.1, loosenMax: 0.2, looseness: 1 }))).toHaveLength(4);
    expect(lay(text, settings(10, { stretchMax: 0.1, loosenMax: 0.2, looseness: 1, looseEm: 1 }))).toEqual(lay(text, settings(10, { stretchMax: 0.1, looseEm: 1 })));
  });

  it("starts the first line at its indent and keeps runs' faces and draft marks in segments", () => {
    const bold = { role: "body", bold: true } as const;
    const runs: PresentedRun[] = [
      { text: "甲乙", face: bold },
      { text: "丙丁", face: body, gap: true },
      { text: "戊", face: body },
    ];
    const [line] = lay("", settings(10, { firstLineIndent: 2 * EM }), runs);
    expect(line!.segments.map((s) => [s.text, s.face.bold, s.gap === true])).toEqual([
      ["甲乙", true, false],
      ["丙丁", false, true],
      ["戊", false, false],
    ]);
    expect(line!.segments[0]!.x).toBe(2 * EM);
  });

  it("centres and right-aligns a line by its natural width", () => {
    expect(lay("甲乙", settings(10, { align: "center" }))[0]!.segments[0]!.x).toBeCloseTo(4 * EM, 6);
    expect(lay("甲乙。", settings(10, { align: "right" }))[0]!.segments[0]!.x).toBeCloseTo(7.5 * EM, 6);
  });

  it("justifies the last line too where asked (the head of a paragraph split at a page's foot)", () => {
    const lines = lay("一二三四五六七八九十甲乙丙丁戊己庚辛", settings(10, { justifyLast: true }));
    expect(inkEnd(lines[lines.length - 1]!)).toBeCloseTo(10 * EM, 6);
  });

  it("applies the tracking to every character (the GB/T 9704 grid: 28 characters in 156 mm)", () => {
    const lines = lay("一二三四五六七八九十一二", settings(10, { tracking: (10 * EM) / 12 - EM }));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.added).toBeCloseTo(0, 6);
  });

  it("chooses the same breaks when it leaves out the lines certainly stretched as when it looks at every line", () => {
    // Random paragraphs (a fixed seed) of Han text, marks, numbers with units, Latin and place names, in columns
    // from 3 em wide — where no line fits within the limits and the search must look at every line — to 33 em.
    let seed = 20201;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const pieces = ["就业", "社会保险", "贵阳市", "黔东南州", "2020", "年", "17", "名", "3.2万人次", "，", "。", "“", "”", "《", "》", "（", "）", "、", "：", "GDP", "12.5", "%", "〔2021〕72号", "——", "……", "学年"];
    for (let t = 0; t < 1500; t++) {
      let text = "";
      const length = 1 + Math.floor(random() * 100);
      while (text.length < length) text += pick(pieces);
      const runs: PresentedRun[] = [{ text, face: body }, ...(random() < 0.3 ? [{ text: pick(pieces), face: { role: "body", bold: true } as const }] : [])];
      const s = settings(3 + random() * 30, {
        firstLineIndent: random() < 0.5 ? 2 * EM : 0,
        align: pick(["justify", "left", "center"] as const),
        tracking: pick([0, -0.5, 0.3]),
        stretchMax: pick([0.08, 0.2, 0]),
        shrinkMax: pick([0.03, 0]),
        compressLineStart: random() < 0.5,
        looseEm: pick([1, 0.5, undefined]),
        retrackMax: pick([0.03, 0]),
        ...(random() < 0.2 && { looseness: 1, loosenMax: 0.04 }),
        ...(random() < 0.1 && { justifyLast: true }),
        ...(random() < 0.1 && { continues: true }),
      });
      expect(lay(text, s, runs), `${text} in ${s.width / EM} em`).toEqual(lay(text, { ...s, exhaustive: true }, runs));
    }
  });
});
