/**
 * The report's Markdown parsed template by template (src/model/markdown-tree.ts) is the tree of the whole,
 * positions included: for the real bulletin (where the pieces are used, and remembered), and for every pair
 * and many triples of pieces chosen to break it — open lists, code, quotes, containers and HTML comments,
 * link definitions used across pieces — where it must fall back to parsing the whole.
 */
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../src/data/load.js";
import { compileTemplates, renderMarkdown } from "../src/template/compile.js";
import { markdownTree, PIECE_SEPARATOR, TreeMemo } from "../src/model/markdown-tree.js";
import type { RenderedChunk } from "../src/template/source-map.js";
import { ROOT } from "./support/dataset.js";

const whole = (markdown: string) => markdownTree(markdown);

describe("Markdown parsed template by template", () => {
  it("gives the bulletin's tree, its pieces remembered and used again", () => {
    const dataset = loadDataset(join(ROOT, "data"), 2020, ROOT);
    const chunks: RenderedChunk[] = [];
    const markdown = renderMarkdown(compileTemplates(join(ROOT, "templates"), (f) => f), "bulletin", dataset, dataset.regions[0]!, { chunks });
    const pieces = chunks.map((c) => c.rendered);
    expect(pieces.length).toBeGreaterThan(5);
    const memo = new TreeMemo();
    const first = markdownTree(markdown, pieces, memo);
    expect(memo.size).toBe(new Set(pieces).size); // the pieces were parsed one by one, not the whole
    expect(first).toEqual(whole(markdown));
    expect(first.children.some((n) => n.type === "containerDirective")).toBe(true); // a :::table
    expect(first.children.some((n) => n.type === "leafDirective")).toBe(true); // a ::chart
    // One piece edited: the others come from the memo, every position after it moved by the new line.
    const edited = pieces.map((p, i) => (i === 2 ? `${p}\n\n新增一段。` : p));
    const again = markdownTree(edited.join(PIECE_SEPARATOR), edited, memo);
    expect(again).toEqual(whole(edited.join(PIECE_SEPARATOR)));
    expect(memo.size).toBe(new Set(pieces).size + 1);
  });

  // Pieces as templates render them (trimmed), each alone harmless or not.
  const PIECES = [
    "段落一。\n第二行。",
    "## 一、标题",
    "标题\n===",
    "*（一）引题。*正文**加粗**，:gap[待补]{id=\"x.y\"}与:ref[61.64]{id=\"a.b\" region=\"520000\"}。",
    '::chart{spec="employment"}',
    ':::table{caption="表" unit="元"}\n| 地区 | 值 |\n| :-- | --: |\n| 贵阳市 | 1 |\n\n注：说明。\n:::',
    ':::table{caption="未闭合"}\n| 地区 | 值 |\n| :-- | --: |\n| 贵阳市 | 1 |',
    '::::table{caption="四个冒号"}\n| a | b |\n| - | - |\n| 1 | 2 |\n:::',
    "- 列表一\n- 列表二",
    "1. 第一",
    "    缩进代码",
    "```\n未闭合代码",
    "```\n代码\n```",
    "> 引文",
    "<!-- 注释",
    "<!-- 完整注释 -->",
    "结束 -->",
    "<div>块</div>",
    "<script>\nvar a = 1;",
    "[定义]: https://example.org",
    "见[定义]与[^1]。",
    "[^1]: 脚注",
    "| a | b |\n| - | - |\n| 1 | 2 |",
    "---",
    "行一\r\n行二\r\n\r\n行三",
    "",
    " 前有空格",
    ":::",
  ];

  const check = (pieces: string[]): void => {
    const markdown = pieces.join(PIECE_SEPARATOR);
    const memo = new TreeMemo();
    const ok = isDeepStrictEqual(markdownTree(markdown, pieces, memo), whole(markdown)) && isDeepStrictEqual(markdownTree(markdown, pieces, memo), whole(markdown));
    if (!ok) expect.fail(`pieces ${JSON.stringify(pieces)} parse apart to another tree than together`);
  };

  it("gives the whole's tree for every pair of awkward pieces", () => {
    for (const a of PIECES) for (const b of PIECES) check([a, b]);
  });

  it("gives the whole's tree for triples of them", () => {
    let seed = 16;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % PIECES.length;
    for (let i = 0; i < 400; i++) check([PIECES[next()]!, PIECES[next()]!, PIECES[next()]!]);
  });

  it("parses piece by piece only what leaves nothing open, and no piece that defines a link", () => {
    const apart = (pieces: string[]): boolean => {
      const memo = new TreeMemo();
      markdownTree(pieces.join(PIECE_SEPARATOR), pieces, memo);
      return memo.size === pieces.length;
    };
    expect(apart([PIECES[0]!, PIECES[1]!, PIECES[4]!, PIECES[5]!, PIECES[15]!])).toBe(true);
    for (const open of [PIECES[6]!, PIECES[7]!, PIECES[8]!, PIECES[11]!, PIECES[14]!, PIECES[19]!]) expect(apart([open, PIECES[0]!]), open).toBe(false);
  });

  it("parses the whole when the Markdown is not its pieces joined", () => {
    const memo = new TreeMemo();
    const tree = markdownTree("甲\n\n乙", ["甲", "丙"], memo);
    expect(tree).toEqual(whole("甲\n\n乙"));
    expect(memo.size).toBe(0);
  });

  it("keeps a bounded number of pieces, the least recently used going first", () => {
    const memo = new TreeMemo(2);
    markdownTree("甲\n\n乙", ["甲", "乙"], memo);
    markdownTree("甲\n\n丙", ["甲", "丙"], memo); // 乙 is the oldest
    expect(memo.size).toBe(2);
    expect(memo.get("乙")).toBeUndefined();
    expect(memo.get("甲")).toBeDefined();
  });
});
