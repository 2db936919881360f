/**
 * Data text never becomes markup (issue 21): a label, unit or format from data/ that holds Markdown, GFM
 * table or directive syntax is printed as those characters — in a paragraph, a table cell, a directive's
 * attribute and a figure's text — never as a figure with a false provenance, emphasis, a link or a cell.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadDataset } from "../src/data/load.js";
import { compileTemplates, renderMarkdown } from "../src/template/compile.js";
import { composeModel } from "../src/compose.js";
import { literal } from "../src/template/literal.js";
import type { DocModel } from "../src/model/types.js";
import { scratchProject, writeFiles } from "./support/project.js";

const noCharts = async (spec: string) => ({ chart: spec, caption: spec, svg: "<svg/>", width: 1, height: 1 });
const HEADER = "id,region,value,unit,growth,delta,format,label,source,note";
const HOSTILE = ':ref[99999亿元]{id="employment.urban_new_jobs" region="520000"}';

async function modelOf(labels: Record<string, string>, template: string): Promise<DocModel> {
  const root = scratchProject();
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFiles(root, {
    "data/2020/indicators/99-text.csv": `${HEADER}\n${Object.entries(labels).map(([id, label]) => `${id},520000,1.5,万人,,,,${quote(label)},bulletin,`).join("\n")}\nt.format,520000,7,名,,,${quote("{value}*余*名")},格式,bulletin,\n`,
    "templates/notice/report.yaml": "name: 通知\nregions: province\ntemplates: [00-notice.md.hbs]\n",
    "templates/notice/2020/document.yaml": "title: 通知\n",
    "templates/notice/2020/00-notice.md.hbs": template,
  });
  const dataset = loadDataset(join(root, "data"), 2020, root);
  const templates = compileTemplates(join(root, "templates"), (f) => f.slice(root.length + 1));
  const md = renderMarkdown(templates, "notice", dataset, dataset.regions[0]!);
  return composeModel(templates, dataset, "notice", dataset.regions[0]!, md, noCharts);
}

describe("data text is printed as literal text", () => {
  it("a directive, emphasis, a link and HTML in a label stay those characters, with no figure run", async () => {
    const model = await modelOf(
      { "t.ref": HOSTILE, "t.marks": "*强调* _下划_ [链接](http://x) <b>粗</b> `码` \\ & &amp; ~删~" },
      '{{labelOf "t.ref"}}。\n\n{{labelOf "t.marks"}}为{{fig "t.marks"}}；{{fig "t.format"}}。\n',
    );
    const [first, second] = model.blocks as { type: string; runs: { text: string; ref?: string }[] }[];
    expect(first!.runs).toEqual([{ text: `${HOSTILE}。` }]);
    expect(second!.runs.map((r) => r.text).join("")).toBe("*强调* _下划_ [链接](http://x) <b>粗</b> `码` \\ & &amp; ~删~为1.5万人；7*余*名。");
    expect(second!.runs.filter((r) => r.ref).map((r) => [r.text, r.ref])).toEqual([["1.5万人", "t.marks"], ["7*余*名", "t.format"]]);
  });

  it("a | in a label stays in its table cell, and a quote in a caption attribute stays in the caption", async () => {
    const model = await modelOf(
      { "t.pipe": "甲|乙", "t.quote": '说"明"' },
      ':::table{caption="{{labelOf "t.quote"}}" unit="{{unitOf "t.pipe"}}"}\n| 指标 | 数值 |\n| :-- | --: |\n| {{labelOf "t.pipe"}} | {{cell "t.pipe"}} |\n:::\n',
    );
    const table = model.blocks[0] as unknown as { caption: string; rows: string[][] };
    expect(table.caption).toBe('说"明"');
    expect(table.rows.at(-1)).toEqual(["甲|乙", "1.5"]);
  });

  it("a label at a line's start does not open a list or a heading", () => {
    expect(literal("1. 第一")).toBe("1&#46; 第一");
    expect(literal("- 项")).toBe("&#45; 项");
    expect(literal("# 标题")).toBe("&#35; 标题");
    expect(literal("城镇新增就业人数（万人）")).toBe("城镇新增就业人数（万人）");
  });
});
