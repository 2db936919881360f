/**
 * Each pagination rule (src/present/paginate/rules/) against the fake measure (test/support/fake-measure.ts:
 * pages of 20 lines, 28 characters a line, no fonts, no renderer): a document that breaks the rule, paginated
 * with every rule — the rule holds — and with that rule left out (`without`) — it is broken. So no rule can be
 * dropped without a test failing. Paragraph sizes: `paragraph(n)` takes ⌈(n + 2) / 28⌉ lines (a 2-character
 * indent); `lines(k)` is a paragraph of exactly k full lines.
 */
import { describe, expect, it, vi } from "vitest";
import { paginate, type BlockLayout, type RuleName } from "../src/present/paginate.js";
import type { PresentedBlock, PresentedDocument } from "../src/present/types.js";
import { fakeDocument, fakeMeasure, figure, heading, paragraph, signature, table } from "./support/fake-measure.js";

/** Each paragraph's text of its own two characters, repeated: a split paragraph's halves are found by their text. */
let serial = 0;
const own = (): string => {
  const n = serial++;
  return "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"[n % 20]! + "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往"[Math.floor(n / 20) % 20]!;
};
/** A paragraph of exactly `k` lines, its last line full (or holding `last` characters). */
const lines = (k: number, last = 28): PresentedBlock => paragraph((k - 1) * 28 - 2 + last, own());
const text = (b: PresentedBlock): string => (b.kind === "paragraph" ? b.runs.map((r) => r.text).join("") : "");

interface Paged {
  readonly doc: PresentedDocument;
  readonly laid: readonly BlockLayout[];
  readonly fixes: readonly string[];
}

async function paged(blocks: readonly PresentedBlock[], without: readonly RuleName[] = []): Promise<Paged> {
  const fixes: string[] = [];
  // A measure of its own each time: no earlier result to resume from.
  const doc = await paginate(fakeDocument(blocks), fakeMeasure(), (f) => fixes.push(f), { without });
  return { doc, laid: await fakeMeasure()(doc), fixes };
}

const firstPage = (p: Paged, i: number): number => p.laid[i]!.lines[0]!.page;
const lastPage = (p: Paged, i: number): number => p.laid[i]!.lines.at(-1)!.page;
const on = (p: Paged, i: number, page: number): number => p.laid[i]!.lines.filter((x) => x.page === page).length;
const index = (p: Paged, f: (b: PresentedBlock) => boolean): number => p.doc.blocks.findIndex(f);
const isFigure = (n: number) => (b: PresentedBlock) => b.kind === "figure" && b.number === n;
const isTable = (n: number) => (b: PresentedBlock) => b.kind === "table" && b.number === n;
/** Lines left empty at the foot of a page. */
function shortBy(p: Paged, page: number): number {
  const { margin, typeArea, linePitch } = p.doc.profile;
  const end = Math.max(...p.laid.flatMap((l) => l.lines.filter((x) => x.page === page).map((x) => x.top + x.height)));
  return Math.round((margin.top + typeArea.height - end) / linePitch) || 0;
}
/** Running-text lines alone at a page's foot (orphans) or head (widows), as "orphan p1" / "widow p2". */
function alone(p: Paged): string[] {
  const found: string[] = [];
  p.doc.blocks.forEach((b, i) => {
    if (b.kind !== "paragraph" || b.style !== "body") return;
    const pages = [...new Set(p.laid[i]!.lines.map((x) => x.page))];
    if (pages.length > 1 && on(p, i, pages[0]!) < 2) found.push(`orphan p${pages[0]}`);
    if (pages.length > 1 && on(p, i, pages.at(-1)!) < 2) found.push(`widow p${pages.at(-1)}`);
    // The tail of a paragraph split around floats at the top of its page: a widow too.
    let head = i - 1;
    while (head > 0 && p.doc.blocks[head]!.kind !== "paragraph") head--;
    if (b.flow?.split === "tail" && head < i - 1 && p.laid[i]!.lines.length < 2 && lastPage(p, head) < firstPage(p, i)) found.push(`widow after a float p${firstPage(p, i)}`);
  });
  return found;
}

describe("keep with next: a heading with two lines of its text", () => {
  // A heading on page 1's last line, its text on page 2.
  const blocks = [lines(19), heading("一、标题"), lines(6)];
  it("moves the heading to the text", async () => {
    const p = await paged(blocks);
    expect([firstPage(p, 1), firstPage(p, 2)]).toEqual([2, 2]);
    expect(p.fixes).toEqual([expect.stringMatching(/^keep heading1 “一、标题…” with the next block$/)]);
  });
  it("without the rule, the heading is stranded at page 1's foot", async () => {
    const p = await paged(blocks, ["keep-with-next"]);
    expect([firstPage(p, 1), firstPage(p, 2)]).toEqual([1, 2]);
  });
});

describe("orphans", () => {
  // The second paragraph's first line is page 1's last.
  const blocks = [lines(19), lines(6)];
  it("a paragraph's first line alone at a page's foot goes over with the rest", async () => {
    const p = await paged(blocks);
    expect(alone(p)).toEqual([]);
    expect(firstPage(p, 1)).toBe(2);
  });
  it("without the rule, it stays", async () => {
    expect(alone(await paged(blocks, ["orphans"]))).toEqual(["orphan p1"]);
  });
});

describe("widows", () => {
  // Six lines from page 1's line 16: the sixth alone on page 2.
  const blocks = [lines(15), lines(6), lines(4)];
  it("two lines are carried over: the paragraph is split, its tail starts the page", async () => {
    const p = await paged(blocks);
    expect(alone(p)).toEqual([]);
    expect(p.doc.blocks.map((b) => b.flow?.split)).toEqual([undefined, "head", "tail", undefined]);
    expect(on(p, 2, 2)).toBe(2);
  });
  it("without the rule, the last line is alone at page 2's head", async () => {
    expect(alone(await paged(blocks, ["widows"]))).toEqual(["widow p2"]);
  });
});

describe("floats", () => {
  // 图1 (13 lines with its caption) does not fit the 10 lines left on page 1.
  const blocks = [lines(10), figure(1, 12), lines(10), lines(10)];
  it("a figure that does not fit goes to the next page's top, the text after it filling the page", async () => {
    const p = await paged(blocks);
    const f = index(p, isFigure(1));
    expect(firstPage(p, f)).toBe(2);
    expect(p.laid[f]!.lines[0]!.top).toBe(p.doc.profile.margin.top);
    expect(p.doc.blocks[f]!.flow?.movedFrom).toBe(0);
    expect(shortBy(p, 1)).toBe(0);
  });
  it("without the rule, page 1 ends 9 lines short (10, less the line 放行 adds)", async () => {
    expect(shortBy(await paged(blocks, ["floats"]), 1)).toBe(9);
  });
});

describe("a float at its section's end", () => {
  // 图1 (9 lines with its caption) after 一、's last paragraph, with 6 lines left on page 1; 二、 after it.
  const blocks = [heading("一、标题"), lines(5), lines(5), lines(3), figure(1, 8), heading("二、标题"), lines(10), lines(10)];
  it("goes up its page, before the section's last paragraph, which runs on to the next page: the page is full", async () => {
    const p = await paged(blocks);
    expect(p.doc.blocks.map((b) => (b.kind === "figure" ? "图" : b.kind === "paragraph" ? b.style[0] : "?")).join("")).toBe("hbb图bhbb");
    expect(firstPage(p, 3)).toBe(1);
    expect([firstPage(p, 4), firstPage(p, 5)]).toEqual([2, 2]);
    expect(shortBy(p, 1)).toBe(0);
    expect(p.doc.blocks[3]!.flow?.movedFrom).toBe(3);
    expect(p.fixes).toEqual([expect.stringMatching(/^图1: ends its section, 6\.0 lines left on page 1: set before body “.*”, the text after it running on to page 2$/)]);
  });
  it("without the rule, it opens page 2 above 二、 and page 1 ends 3 lines short (放行 adds a line to each paragraph)", async () => {
    const p = await paged(blocks, ["section-end"]);
    expect([firstPage(p, 4), firstPage(p, 5)]).toEqual([2, 2]);
    expect(shortBy(p, 1)).toBe(3);
  });
  it("where no paragraph's end leaves it room, between two lines of a paragraph, split around it", async () => {
    // 一、 and a paragraph of 12 lines: 7 left.
    const p = await paged([heading("一、标题"), lines(12), figure(1, 8), heading("二、标题"), lines(10), lines(10)]);
    expect(p.doc.blocks.map((b) => b.flow?.split ?? (b.kind === "figure" ? "图" : "-"))).toEqual(["-", "head", "图", "tail", "-", "-", "-"]);
    expect([on(p, 1, 1), firstPage(p, 2), on(p, 3, 2)]).toEqual([10, 1, 2]);
    expect(shortBy(p, 1)).toBe(0);
    expect(p.fixes[0]).toMatch(/^图1: ends its section, 7\.0 lines left on page 1: set after line 10 of body “.*”, split around it/);
  });
  it("at the top of the page, where it fits only there: the paragraph running onto the page split at the page break", async () => {
    // 19 of the paragraph's 33 lines on page 1, 14 on page 2; 图1 (20 lines) a page of its own.
    const p = await paged([heading("一、标题"), lines(33), figure(1, 19), heading("二、标题"), lines(10)]);
    expect(p.doc.blocks.map((b) => b.flow?.split ?? (b.kind === "figure" ? "图" : "-"))).toEqual(["-", "head", "图", "tail", "-", "-"]);
    expect([lastPage(p, 1), firstPage(p, 2), p.laid[2]!.lines[0]!.top, firstPage(p, 3), lastPage(p, 3)]).toEqual([1, 2, p.doc.profile.margin.top, 3, 3]);
    expect(p.fixes[0]).toMatch(/^图1: ends its section, 6\.0 lines left on page 2: set at its top/);
  });
  it("only where its text then ends at most `floatPages` page after it: with none, it stays", async () => {
    const doc = fakeDocument(blocks);
    const fixes: string[] = [];
    const out = await paginate({ ...doc, profile: { ...doc.profile, keep: { ...doc.profile.keep, floatPages: 0 } } }, fakeMeasure(), (f) => fixes.push(f), { without: ["loosen"] });
    expect(out.blocks.map((b) => b.kind)).toEqual(blocks.map((b) => b.kind));
    expect(fixes).toEqual(["图1: ends its section, 6.0 lines left on page 1: stays on page 2: set on page 1, the text that refers to it would end more than 0 page after it"]);
  });
  it("never before another float nor between a heading and its text: after a table under the heading's only paragraph, it stays", async () => {
    const p = await paged([heading("一、标题"), lines(3), table(1, 12), figure(1, 8), heading("二、标题"), lines(10)]);
    expect(p.doc.blocks.map((b) => b.kind)).toEqual(["paragraph", "paragraph", "table", "figure", "paragraph", "paragraph"]);
    expect(firstPage(p, 3)).toBe(2);
    expect(p.fixes).toContainEqual(expect.stringMatching(/^表1–图1: ends its section, 2\.0 lines left on page 1: stays on page 2, as it fits nowhere on page 1 in its section's text$/));
  });
});

describe("a float right under a heading", () => {
  // 一、 on page 1's line 11, 图1 (13 lines) after it does not fit: the float goes, the text comes up.
  const blocks = [lines(10), heading("一、标题"), figure(1, 12), lines(12), lines(10)];
  it("floats to the next page and the text after it comes up under the heading", async () => {
    const p = await paged(blocks);
    expect(firstPage(p, 1)).toBe(1);
    expect(p.doc.blocks[2]!.kind).toBe("paragraph");
    expect(on(p, 2, 1)).toBe(9);
    expect(firstPage(p, index(p, isFigure(1)))).toBe(2);
  });
  it("without the rule, the heading goes to page 2 with the figure, page 1 ending 9 lines short (放行 adds one)", async () => {
    const p = await paged(blocks, ["heading-float"]);
    expect(firstPage(p, 1)).toBe(2);
    expect(shortBy(p, 1)).toBe(9);
  });
});

describe("widows after a float", () => {
  // 图1 floats to page 2; the eleven lines after it fill page 1's ten and leave one under 图1 on page 2.
  const blocks = [lines(10), figure(1, 12), lines(11), lines(3)];
  it("the line alone under the float is a widow: two lines are carried over", async () => {
    const p = await paged(blocks);
    expect(alone(p)).toEqual([]);
    expect(p.fixes).toContainEqual(expect.stringMatching(/^widow after 图1: .* leaves 1 line under it at the head of page 2; 2 lines carried over$/));
    const f = index(p, isFigure(1));
    expect(on(p, f + 1, 2)).toBe(2);
    expect(shortBy(p, 1)).toBe(1);
  });
  it("without the rule, it stays alone", async () => {
    expect(alone(await paged(blocks, ["widows-after-floats"]))).toEqual(["widow after a float p2"]);
  });
});

describe("tables", () => {
  it("the caption and header stay with the first row", async () => {
    // 表1 (27 rows: more than a page) from page 1's line 19: caption and header there, its rows on page 2.
    const blocks = [lines(18), table(1, 25), lines(4)];
    const p = await paged(blocks);
    expect(firstPage(p, 1)).toBe(2);
    const without = await paged(blocks, ["tables"]);
    expect([firstPage(without, 1), on(without, 1, 1)]).toEqual([1, 2]); // the caption and the header row
  });
  it("a table that fits a page is not split: it floats to the next page's top, the text after it filling this one", async () => {
    // 表1 (14 lines) from page 1's line 11.
    const blocks = [lines(10), table(1, 12), lines(12), lines(6)];
    const p = await paged(blocks);
    const t = index(p, isTable(1));
    expect([firstPage(p, t), lastPage(p, t)]).toEqual([2, 2]);
    expect(shortBy(p, 1)).toBe(0);
    const without = await paged(blocks, ["tables"]);
    expect([firstPage(without, 1), lastPage(without, 1)]).toEqual([1, 2]);
  });
});

describe("the issuers and the date", () => {
  // The text fills page 1: the signature would stand alone on page 2.
  const blocks = [lines(20), signature("测试厅"), signature("2021年6月9日")];
  it("never alone on a page: the text's last two lines go with them", async () => {
    const p = await paged(blocks);
    const s = index(p, (b) => b.kind === "paragraph" && b.style === "signature");
    expect(p.doc.blocks[s - 1]!.flow?.split).toBe("tail");
    expect(on(p, s - 1, 2)).toBe(2);
    expect(p.fixes).toEqual(["signature alone on page 2"]);
  });
  it("with the last two lines of a paragraph the orphans rule moved to the page before's top", async () => {
    // The paragraph's first line alone at page 1's foot: it starts page 2 and fills it, the signature alone on page 3.
    const p = await paged([lines(19), lines(20), signature("测试厅"), signature("2021年6月9日")]);
    expect(p.fixes).toEqual([expect.stringMatching(/^orphan: /), "signature alone on page 3"]);
    expect(p.doc.blocks.map((b) => b.flow?.split)).toEqual([undefined, "head", "tail", undefined, undefined]);
    expect([firstPage(p, 1), on(p, 2, 3), firstPage(p, 3)]).toEqual([2, 2, 3]);
  });
  it("without the rule, they stand alone on page 2", async () => {
    const p = await paged(blocks, ["signature"]);
    expect([lastPage(p, 0), firstPage(p, 1)]).toEqual([1, 2]);
  });
});

describe("收行 and 放行", () => {
  // 一、 on page 1's line 18 with a 3-line paragraph: two lines on page 1 leave a widow, one line carried over
  // would leave an orphan, so heading and paragraph go to page 2 — 3 lines empty, more than `gapLines` (2).
  const page1 = (last: number) => [lines(5, last), lines(12), heading("一、标题"), lines(3), lines(20), lines(20)];
  it("收行: a paragraph on the page whose last line holds a character is set tighter, and the page is full", async () => {
    const p = await paged(page1(1));
    expect(p.doc.blocks[0]!.flow?.squeeze).toBeGreaterThan(0);
    expect(p.laid[0]!.lines).toHaveLength(4);
    expect(firstPage(p, 2)).toBe(1);
    expect(shortBy(p, 1)).toBe(0);
    expect(p.fixes[0]).toMatch(/^choice: .* set tighter kept$/);
  });
  it("without 收行, the break: page 1 ends two lines short (放行 takes one of the three)", async () => {
    const p = await paged(page1(1), ["squeeze"]);
    expect(p.doc.blocks.some((b) => b.flow?.squeeze)).toBe(false);
    expect(shortBy(p, 1)).toBe(2);
  });
  it("放行: where no paragraph can be set tighter, one is set looser to take a line more", async () => {
    const p = await paged(page1(26));
    const loose = p.doc.blocks.flatMap((b, i) => (b.flow?.loosen ? [i] : []));
    expect(loose).toHaveLength(1);
    const plain = await fakeMeasure()({ ...p.doc, blocks: p.doc.blocks.map((b) => (b.flow?.loosen ? { ...b, flow: undefined } : b)) });
    expect(p.laid[loose[0]!]!.lines.length).toBe(plain[loose[0]!]!.lines.length + 1);
    expect(shortBy(p, 1)).toBe(2);
    expect(p.fixes.at(-1)).toMatch(/^放行: page 1 ended 3\.0 lines short: /);
  });
  it("without 放行, page 1 ends three lines short", async () => {
    const p = await paged(page1(26), ["loosen"]);
    expect(shortBy(p, 1)).toBe(3);
  });
  // The only paragraph 放行 may set looser ends in a line of 54 digits: 27 em on the 28-em grid, more characters
  // than the grid has — its need is counted in em (1 to fill the line + 2), not in characters (which made it negative).
  const digits = (): PresentedBlock[] => {
    const p = paragraph(4 * 28 - 2, own());
    const body = { ...p, runs: [{ ...p.runs[0]!, text: `${p.runs[0]!.text}${"1234567890".repeat(5)}1234` }] };
    return [body, table(1, 10), heading("一、标题"), lines(3), lines(20), lines(20)];
  };
  it("放行 counts a line's need in em: a last line of digits, fuller in characters than the grid, takes a line more", async () => {
    const fixes: string[] = [];
    const doc = await paginate(fakeDocument(digits()), fakeMeasure({ halfAscii: true }), (f) => fixes.push(f));
    const laid = await fakeMeasure({ halfAscii: true })(doc);
    const plain = await fakeMeasure({ halfAscii: true })(fakeDocument(digits()));
    expect(plain[0]!.lines.map((l) => Array.from(l.text!).length)).toEqual([26, 28, 28, 28, 54]);
    expect(doc.blocks[0]!.flow?.loosen).toBeGreaterThan(0);
    expect(laid[0]!.lines).toHaveLength(6);
    expect(fixes.at(-1)).toMatch(/^放行: page 1 ended 3\.0 lines short: /);
    expect(laid[2]!.lines[0]!.page).toBe(2); // 一、 still opens page 2, page 1 now 2 lines short
  });
});

describe("a float never moves more than one page from its reference, nor past its section", () => {
  /** Sections of text, figures and tables drawn from a seed (a linear congruential generator). */
  function document(seed: number): PresentedBlock[] {
    let s = seed;
    const rnd = (n: number) => (s = (s * 1103515245 + 12345) % 2147483648) % n;
    const blocks: PresentedBlock[] = [];
    let figures = 0;
    let tables = 0;
    for (let section = 0; section < 10; section++) {
      blocks.push(heading(`第${section + 1}节`));
      for (let k = 0; k <= rnd(4); k++) {
        blocks.push(paragraph(20 + rnd(12) * 23, own()));
        const r = rnd(6);
        if (r < 2) blocks.push(figure(++figures, 4 + rnd(12)));
        else if (r === 2) blocks.push(table(++tables, 2 + rnd(25)));
      }
      // A third of the sections end with their last float (section-end.ts).
      if (rnd(3) > 0) blocks.push(paragraph(60 + rnd(4) * 30, own()));
    }
    return blocks;
  }
  /** Each moved float's distance in pages from the end of the text before it in the input, and the headings passed. */
  async function distances(blocks: readonly PresentedBlock[], without: readonly RuleName[] = []) {
    const p = await paged(blocks, without);
    const before = await fakeMeasure()(fakeDocument(blocks));
    const name = (b: PresentedBlock) => (b.kind === "figure" ? `图${b.number}` : b.kind === "table" ? `表${b.number}` : "");
    return blocks.flatMap((b, i) => {
      if (!name(b)) return [];
      let r = i - 1;
      while (name(blocks[r]!)) r--;
      const at = index(p, (x) => name(x) === name(b));
      // The reference as laid out: the block made from it that ends it (its tail, if split) — after the float where
      // the float went up at its section's end (section-end.ts).
      let ref = p.doc.blocks.length - 1;
      while (!(p.doc.blocks[ref]!.kind === "paragraph" && text(p.doc.blocks[ref]!) && text(blocks[r]!).endsWith(text(p.doc.blocks[ref]!)))) ref--;
      const moved = p.doc.blocks[at]!.flow?.movedFrom !== undefined;
      const between = p.doc.blocks.slice(Math.min(ref, at) + 1, Math.max(ref, at));
      return [{ name: name(b), moved, pages: firstPage(p, at) - lastPage(p, ref), unpaginated: before[i]!.lines[0]!.page - before[r]!.lines.at(-1)!.page, headings: between.filter((x) => x.kind === "paragraph" && x.style.startsWith("heading")).length }];
    });
  }
  it("on forty documents: every moved float at most one page after its text (or no farther than the text's own flow put it), at most one page before it (set up at its section's end), never past a heading", async () => {
    let moved = 0;
    let up = 0;
    for (let seed = 1; seed <= 40; seed++) {
      for (const d of await distances(document(seed))) {
        const where = `seed ${seed} ${d.name}`;
        expect(d.pages, where).toBeGreaterThanOrEqual(d.moved ? -1 : 0);
        expect(d.headings, where).toBe(0);
        if (!d.moved) continue;
        moved++;
        if (d.pages < 0) up++;
        expect(d.pages, where).toBeLessThanOrEqual(Math.max(1, d.unpaginated));
      }
    }
    expect(moved).toBeGreaterThan(40);
    expect(up).toBeGreaterThan(0);
  });
  it("without the distance check, a table that fits a page floats two pages past its text", async () => {
    // 图1 floats to page 2, the text after it (表1's reference) filling page 1; 表1 then starts under 图1 and
    // would float on to page 3, the text after it filling page 2.
    const blocks = [lines(10), figure(1, 12), lines(10), table(1, 12), lines(12), lines(6)];
    const near = await distances(blocks);
    expect(near.find((d) => d.name === "表1")!.pages).toBeLessThanOrEqual(1);
    const far = await distances(blocks, ["float-distance"]);
    expect(far.find((d) => d.name === "表1")!.pages).toBe(2);
  });
});

describe("the pass limit", () => {
  // Two headings stranded, the second only once the first is fixed.
  const blocks = [lines(19), heading("一、标题"), lines(6), lines(12), heading("二、标题"), lines(6)];
  it("says so where it is hit with a rule still broken, naming the report and the last fix tried", async () => {
    const fixes: string[] = [];
    await paginate(fakeDocument(blocks), fakeMeasure(), (f) => fixes.push(f), { maxPasses: 1 });
    expect(fixes.at(-1)).toBe(
      "warning: pagination of 000000 fake stopped at the pass limit (1 fixes) with a rule still broken — keep heading1 “二、标题…” with the next block; the last fix tried: keep heading1 “一、标题…” with the next block",
    );
  });
  it("without a log, on stderr (a build prints it)", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await paginate(fakeDocument(blocks), fakeMeasure(), undefined, { maxPasses: 1 });
      expect(error).toHaveBeenCalledWith(expect.stringMatching(/^warning: pagination of 000000 fake stopped at the pass limit/));
    } finally {
      error.mockRestore();
    }
  });
  it("is not hit by a long document: it grows with the blocks", async () => {
    const fixes: string[] = [];
    await paginate(fakeDocument(sections(96)), fakeMeasure(), (f) => fixes.push(f));
    expect(fixes.length).toBeGreaterThan(60);
    expect(fixes.filter((f) => f.startsWith("warning"))).toEqual([]);
  });
});

/** `n` sections: a heading, six paragraphs, a figure or a table, a paragraph — about 2.7 pages each. */
function sections(n: number): PresentedBlock[] {
  const blocks: PresentedBlock[] = [];
  for (let s = 0; s < n; s++) {
    blocks.push(heading(`第${s + 1}节`));
    for (let k = 0; k < 6; k++) blocks.push(paragraph(40 + ((s * 7 + k * 13) % 9) * 23, own()));
    blocks.push(s % 2 === 0 ? figure(s + 1, 8 + (s % 4)) : table(s + 1, 4 + (s % 5)));
    blocks.push(paragraph(100 + (s % 3) * 30, own()));
  }
  return blocks;
}

describe("cost linear in the document's length", () => {
  it("×16 the text: at most ×16 the pages laid out per page of the document, and the measure calls likewise (counts, not time)", async () => {
    const cost = async (n: number) => {
      const m = fakeMeasure();
      const doc = await paginate(fakeDocument(sections(n)), m);
      const pages = Math.max(...(await fakeMeasure()(doc)).flatMap((l) => l.lines.map((x) => x.page)));
      return { pages, laid: m.pages(), calls: m.calls() };
    };
    const [one, sixteen] = [await cost(6), await cost(96)];
    // ×1: 15 pages, 76 pages laid out in 14 calls; ×16: 232 pages, 1 427 in 250 — ×15.5 the pages, ×18.8 the
    // pages laid out. Laying out from each fix to the end (as before): 108 and 19 561 (×181).
    expect(sixteen.pages / one.pages).toBeGreaterThan(14);
    expect(sixteen.laid / one.laid).toBeLessThanOrEqual(1.5 * (sixteen.pages / one.pages));
    expect(sixteen.calls / one.calls).toBeLessThanOrEqual(1.5 * (sixteen.pages / one.pages));
    expect(sixteen.laid / sixteen.pages).toBeLessThan(8);
  });
});
