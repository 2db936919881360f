/**
 * The HTML renderer without a browser (what a browser makes of the pages: test/browser/): the page as a
 * readable snapshot, its structure, that it asks for nothing from anywhere, the chart data as a table and
 * CSV, draft marks, and the year's index page. The real browser checks are in test/browser/.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { DocModel } from "../src/model/types.js";
import { DOWNLOADS_MARK, renderHtml } from "../src/render/html/index.js";
import { indexPageHtml, sizeText } from "../src/render/html/index-page.js";
import { htmlInput, type Figure } from "../src/render/html/input.js";
import { csvText } from "../src/render/html/csv.js";
import { styleSheet } from "../src/render/html/style.js";
import { withReportLinks } from "../src/products/report-links.js";
import { tableHtml } from "../src/render/html/table.js";
import { builtFile, builtModel } from "./support/built.js";
import { presentDocument } from "../src/present/present.js";
import { loadFontProfile } from "../src/fonts/profile.js";
import { ROOT } from "./support/dataset.js";
import { loadDataset } from "../src/data/load.js";
import { join } from "node:path";

/** The HTML renderer draws the presented document (src/present/), as RENDERERS.html gives it. */
const fonts = loadFontProfile("default", join(ROOT, "fonts"), (f) => f);
const presented = (model: DocModel) => presentDocument(model, fonts);
const dataset = loadDataset(join(ROOT, "data"), 2020, ROOT);

/** The build fills the downloads (src/products/report-links.ts) where the renderer leaves DOWNLOADS_MARK. */
const rendered = (html: string): string => html.replace(/<nav class="downloads"[^\n]*<\/nav>/, DOWNLOADS_MARK);

const hash = (s: string): string => createHash("sha256").update(s).digest("hex").slice(0, 16);

/** The page with each chart's SVG and each CSV data: URL replaced by its hash (the SVGs have snapshots of their own). */
export function readableHtml(html: string): string {
  return html
    .replace(/(<svg\b[^>]*>\n<title[^\n]*\n<desc[^\n]*)\n[\s\S]*?<\/svg>/g, (_, head: string) => `${head}\n… vega SVG …\n</svg>`)
    .replace(/href="data:text\/csv;charset=utf-8,([^"]*)"/g, (_, data: string) => `href="data:text/csv;… sha256:${hash(data)}"`)
    // The other files' sizes change with any change of the code (the DOCX records the code version): the links'
    // sizes are checked against the built files below ("the report's other files"), not by this snapshot.
    .replace(/title="\d+ 字节">([^<，]+)，[\d.]+ [KM]B</g, (_, label: string) => `title="… 字节">${label}，… KB<`);
}

const REPORTS = [
  { region: "520000", report: "bulletin" },
  { region: "520300", report: "prefecture" },
];

describe.each(REPORTS)("HTML of $region $report", ({ region, report }) => {
  const name = `${region}-${report}`;
  const html = builtFile(`${name}.html`).toString("utf8");
  const model = builtModel(region, report);

  it("snapshot, pretty-printed", async () => {
    await expect(readableHtml(html)).toMatchFileSnapshot(`__snapshots__/html/${name}.html`);
  });

  it("is the same page as rendering its model again", async () => {
    expect((await renderHtml(presented(model))).toString("utf8")).toBe(rendered(html));
  });

  it("is one self-contained file: no script, no external style, font, image or link", () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(html).toContain(`<title>${model.meta.title}</title>`);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|@font-face|\ssrc=/i);
    // the only URLs: SVG's XML namespaces (names, never fetched) and data: links
    const urls = [...html.matchAll(/(?:href|url\()\s*=?\s*"?([a-z]+:[^"')\s]*)/gi)].map((m) => m[1]!.split(",")[0]);
    expect(new Set(urls)).toEqual(new Set(["data:text/csv;charset=utf-8"]));
    expect(html.match(/https?:\/\/[^"\s]+/g)!.every((u) => u.startsWith("http://www.w3.org/"))).toBe(true);
  });

  it("has h1 the title, h2 一、, h3 （一） in document order, after the 发文字号", () => {
    const headings = [...html.replace(/<wbr>/g, "").matchAll(/<(h[1-3]|p class="doc-number")>([^<]*)</g)].map((m) => `${m[1]!.slice(0, 2).trim()} ${m[2]}`);
    const expected = model.blocks.flatMap((b): string[] => {
      if (b.type === "docNumber") return [`p ${b.text}`];
      if (b.type === "title") return [`h1 ${b.text}`];
      if (b.type === "heading") return [`h${b.level + 1} ${b.number}${b.text}`];
      if (b.type === "paragraph" && b.runs[0]?.style === "runIn" && b.runs.length > 1) return [`h3 ${b.runs[0].text}`];
      return [];
    });
    expect(headings).toEqual(expected);
    expect(headings.filter((h) => h.startsWith("h1"))).toEqual([`h1 ${model.meta.title}`]);
    // The bulletin's ten sections and its （一） headings; a brief's three sections and the passages it quotes, each led by its section.
    expect(headings.filter((h) => h.startsWith("h2")).length).toBeGreaterThanOrEqual(report === "bulletin" ? 10 : 3);
    expect(headings.filter((h) => h.startsWith("h3")).every((h) => (report === "bulletin" ? /^h3 （[一二三四五六七八九十]+）/ : /^h3 “[一二三四五六七八九十]+、/).test(h))).toBe(true);
  });

  it("has every table with its caption, header row (scope=col) and row headers (scope=row)", () => {
    for (const t of model.blocks.filter((b) => b.type === "table")) {
      expect(html).toContain(`<caption id="table${t.number}-caption">表${t.number} ${t.caption}${t.unit ? `<span class="unit">单位：${t.unit}</span>` : ""}</caption>`);
      expect(html).toContain(`<tr>${t.header.map((h) => `<th scope="col">${h}</th>`).join("")}</tr>`);
      expect(html).toContain(`<tr><th scope="row" class="l">${t.rows[0]![0]}</th>`);
    }
  });

  it("gives every chart its figures as a table and as CSV", () => {
    const figures = model.blocks.filter((b) => b.type === "figure");
    expect(figures.length).toBeGreaterThan(0);
    for (const f of figures) {
      expect(f.data!.rows.length).toBeGreaterThan(0);
      const link = new RegExp(`href="data:text/csv;charset=utf-8,([^"]*)" download="${name}-fig${f.number}-${f.chart}.csv"`).exec(html);
      expect(decodeURIComponent(link![1]!)).toBe(`\uFEFF${csvText(f.data!.columns, f.data!.rows)}`);
      expect(html).toContain(`<title id="fig${f.number}-title">图${f.number} ${f.caption}</title>`);
      expect(html).toContain(`<figcaption id="fig${f.number}-caption">图${f.number} ${f.caption}</figcaption>`);
    }
  });
});

describe("chart figures as a table", () => {
  const model = builtModel("520000", "bulletin");
  const figure = (chart: string): Figure => htmlInput(presented(model)).blocks.find((b): b is Figure => b.kind === "figure" && b.chart === chart)!;

  it("one row per item, the unit in the column head, figures as published", () => {
    const { data } = model.blocks.find((b) => b.type === "figure" && b.chart === "employment") as Extract<DocModel["blocks"][number], { type: "figure" }>;
    expect(data).toEqual({
      columns: ["项目", "数值（万人）"],
      rows: [
        ["城镇新增就业", "61.64"],
        ["失业人员再就业", "14.37"],
        ["就业困难人员就业", "7.59"],
        ["农村劳动力转移就业", "85.37"],
      ],
      // each figure's cell names its indicator and region (provenance)
      refs: [
        { row: 0, column: 1, ref: "employment.urban_new_jobs", region: "520000" },
        { row: 1, column: 1, ref: "employment.unemployed_reemployed", region: "520000" },
        { row: 2, column: 1, ref: "employment.hard_to_employ_employed", region: "520000" },
        { row: 3, column: 1, ref: "employment.rural_labor_transfer", region: "520000" },
      ],
    });
  });

  it("a series per column; the province as 全省 beside the prefectures", () => {
    const funds = figure("social-funds").data!;
    expect(funds.columns).toEqual(["项目", "基金收入（亿元）", "基金支出（亿元）", "累计结余（亿元）"]);
    expect(funds.rows.map((r) => r[0])).toEqual(["城镇职工养老保险", "城乡居民养老保险", "失业保险", "工伤保险"]);
    const pension = figure("pension-prefectures").data!;
    expect(pension.rows[0]).toEqual(["全省", "2765"]);
    expect(pension.rows).toContainEqual(["遵义", "2316"]);
  });

  it("describes a chart by its highest and lowest figure (src/present/describe.ts: the <desc>, and the PDF's alternative text)", () => {
    expect(figure("employment").description).toBe("2020年全省就业主要指标，共4项，最高为农村劳动力转移就业85.37万人，最低为就业困难人员就业7.59万人。各项数值见图下数据表。");
    expect(figure("pension-prefectures").description).toMatch(/^2020年分市（州）企业离退休人员月人均基本养老金，共9项，最高为六盘水2923元，最低为遵义2316元；全省为2765元。/);
    expect(figure("social-funds").description).toMatch(/城镇职工养老保险、城乡居民养老保险、失业保险、工伤保险的基金收入、基金支出、累计结余，单位亿元/);
  });
});

describe("provenance in the page (ARCHITECTURE.md \"Preview\")", () => {
  const bulletin = builtFile("520000-bulletin.html").toString("utf8");

  it("a table cell's figure names its indicator and region, as published in data/", () => {
    const employed = dataset.indicators.get("wages.avg_wage_employed")!.observations.get("520000")!.value!.text;
    expect(bulletin).toContain(`<th scope="row" class="l">贵州省</th><td class="r"><span class="fig" data-ref="wages.avg_wage_employed" data-region="520000">${employed}</span></td>`);
    // a figure not published for a prefecture (its note says why): the mark names its row too
    expect(bulletin).toContain('<th scope="row" class="l">遵义市</th><td class="r"><span class="fig" data-ref="wages.avg_wage_employed" data-region="520300">—</span></td>');
    // a chart's data table
    expect(bulletin).toContain('<th scope="row">城镇新增就业</th><td class="r"><span class="fig" data-ref="employment.urban_new_jobs" data-region="520000">61.64</span></td>');
  });

  it("a chart's bars and labels name the figure they show; the chart is otherwise the SVG the PDF and DOCX embed", () => {
    // 图: 分市（州）企业离退休人员月人均基本养老金 — 遵义's bar and its label
    expect(bulletin).toContain('<path data-ref="social.pension_monthly_avg" data-region="520300" aria-label="value: 2316; regionName: 遵义"');
    expect(bulletin).toMatch(/<text data-ref="social\.pension_monthly_avg" data-region="520300" [^>]*>2316<\/text>/);
    const model = builtModel("520000", "bulletin");
    for (const block of model.blocks) {
      if (block.type !== "figure") continue;
      const start = bulletin.indexOf(`<figure class="chart" id="fig${block.number}"`);
      const svg = bulletin.slice(bulletin.indexOf("<svg", start), bulletin.indexOf("</svg>", start) + 6);
      expect(svg.match(/<[a-z]+ data-ref=/g)?.length, block.chart).toBe(block.marks!.length);
      // take the marks (and the page's accessible name, description and id prefixes) out: vega's SVG
      const plain = svg
        .replace(/ data-ref="[^"]*" data-region="[^"]*"/g, "")
        .replace(/ role="img" aria-labelledby="[^"]*" aria-describedby="[^"]*" focusable="false">\n<title[^\n]*\n<desc[^\n]*\n/, ">")
        .replace(/^<svg style="min-width: \d+px"/, "<svg")
        .replace(new RegExp(`fig${block.number}-`, "g"), "");
      // an empty mark container is no symbol in the page (figure.ts withoutEmptySymbols)
      const empty = (svg: string): string => svg.replace(/(<g\b[^>]*?) role="graphics-symbol" aria-roledescription="[^"]*"(\/>|><\/g>)/g, "$1$2");
      expect(plain, block.chart).toBe(empty(block.svg));
    }
  });

  it("names each block's template file and line (data-source) only when asked, as the preview does; the built page never", async () => {
    const model = builtModel("520000", "bulletin");
    expect(bulletin).not.toContain("data-source");
    const preview = (await renderHtml(presented(model), { sources: true })).toString("utf8");
    const sources = [...preview.matchAll(/<(h1|h2|h3|p|div class="(?:para|table-block|signature)"|figure)[^>]* data-source="([^"]+)"/g)];
    // every block of the model that has a source, once (the issuers and date are one block)
    const expected = model.blocks.filter((b) => b.source && b.type !== "signature").length + 1;
    expect(sources.length).toBe(expected);
    expect(new Set(sources.map((m) => m[2]!.replace(/:\d+$/, "")))).toEqual(new Set(model.blocks.flatMap((b) => (b.source ? [b.source.file] : []))));
    expect(preview.replace(/ data-source="[^"]*"/g, "")).toBe(rendered(bulletin));
    // a chart's data table (beside its <figure>) names the chart's line too
    const figures = [...preview.matchAll(/<figure [^>]*data-source="([^"]+)"/g)].map((m) => m[1]);
    const tables = [...preview.matchAll(/<details class="chart-data" data-source="([^"]+)"/g)].map((m) => m[1]);
    expect(tables.length).toBeGreaterThan(0);
    expect(figures).toEqual(expect.arrayContaining(tables));
  });

  it("every figure cell of every table carries its provenance", () => {
    for (const name of ["520000-bulletin.html", "520300-prefecture.html"]) {
      const html = builtFile(name).toString("utf8");
      const cells = [...html.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!);
      expect(cells.length, name).toBeGreaterThan(10);
      for (const cell of cells) if (/\d/.test(cell)) expect(cell, name).toMatch(/^<span class="fig" data-ref="[a-z_.]+" data-region="\d{6}">[^<]*<\/span>$/);
    }
  });
});

describe("tables with multi-row headers", () => {
  it("writes spans, and a header over several columns is a colgroup header", () => {
    const html = tableHtml(
      {
        id: "t-caption",
        caption: "表1 示例",
        head: [
          [{ text: "地区", header: "col", rowspan: 2 }, { text: "工资", header: "col", colspan: 2 }],
          [{ text: "就业人员", header: "col" }, { text: "在岗职工", header: "col" }],
        ],
        body: [[{ text: "贵州省", header: "row", align: "left" }, { text: "1", align: "right" }, { text: "2", align: "right" }]],
      },
      "",
    ).join("\n");
    expect(html).toContain('<tr><th scope="col" rowspan="2">地区</th><th scope="colgroup" colspan="2">工资</th></tr>\n      <tr><th scope="col">就业人员</th><th scope="col">在岗职工</th></tr>');
    expect(html).toContain('<tr><th scope="row" class="l">贵州省</th><td class="r">1</td><td class="r">2</td></tr>');
    expect(html).toMatch(/^<div class="scroll" role="region" tabindex="0" aria-labelledby="t-caption">/);
  });
});

describe("draft marks and escaping", () => {
  const model: DocModel = {
    meta: { report: "bulletin", region: { code: "520000", name: "贵州省" }, year: 2020, title: "测试<标题>", author: "甲 乙", subject: "测试", keywords: [], lang: "zh-CN" },
    blocks: [
      { type: "paragraph", runs: [{ text: "城镇新增就业" }, { text: "待补充：城镇新增就业人数", style: "gap", ref: "employment.urban_new_jobs" }, { text: "，A&B" }] },
      { type: "table", number: 1, caption: "测试表", header: ["地区", "工资"], align: ["left", "right"], rows: [["全省", "【待补充：在岗职工年平均工资】"]], notes: [] },
    ],
  };

  it("shades a gap run as <mark> naming its indicator, and escapes text", async () => {
    const html = (await renderHtml(presented(model))).toString("utf8");
    expect(html).toContain('<p>城镇新增就业<mark class="gap" data-ref="employment.urban_new_jobs" title="待补充：数据尚未公布">待补充：城镇新增就业人数</mark>，A&amp;B</p>');
    expect(html).toContain("<title>测试&lt;标题&gt;</title>");
    // The shade of the PDF and DOCX (model/layout.ts GAP_SHADE), in a table cell too.
    expect(html).toMatch(/mark\.gap \{ background: #D9D9D9;/);
    expect(html).toContain('<td class="r"><mark class="gap" title="待补充：数据尚未公布">【待补充：在岗职工年平均工资】</mark></td>');
  });
});

describe("the year's index page", () => {
  it("lists each report with links to its files and their sizes", () => {
    const html = indexPageHtml({ title: "公报", reports: [{ title: "贵州省公报", files: [{ format: "html", name: "520000-bulletin.html", bytes: 114294 }, { format: "pdf", name: "520000-bulletin.pdf", bytes: 2_000_000 }] }] });
    expect(html).toContain('<a href="520000-bulletin.html" type="text/html" title="114294 字节">网页（HTML），112 KB</a><a href="520000-bulletin.pdf" type="application/pdf" title="2000000 字节">PDF，1.9 MB</a>');
    expect(sizeText(100)).toBe("1 KB");
  });

  it("is written by the build from the manifest", () => {
    const index = builtFile("index.html").toString("utf8");
    // test/setup/build.ts builds 520000 and then 520300 into one folder: both are listed
    expect([...index.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1])).toEqual([builtModel("520000", "bulletin").meta.title, builtModel("520300", "prefecture").meta.title]);
    for (const f of ["520000-bulletin.html", "520000-bulletin.pdf", "520000-bulletin.docx", "520300-prefecture.html"]) {
      expect(index).toContain(`<a href="${f}"`);
      expect(index).toContain(`title="${builtFile(f).length} 字节"`);
    }
  });
});

describe("the page fits the site (issue 24)", () => {
  const bulletin = builtFile("520000-bulletin.html").toString("utf8");
  const model = builtModel("520000", "bulletin");

  it("carries no Content-Security-Policy of its own (the site's CMS sets the policy around it), nor does the index", () => {
    for (const page of [bulletin, builtFile("520300-prefecture.html").toString("utf8"), builtFile("index.html").toString("utf8")]) {
      expect(page).not.toMatch(/Content-Security-Policy/i);
      expect(page).not.toMatch(/<script/i);
    }
  });

  it("opens with the 成文日期, the issuers and the source, and links to the report's PDF and DOCX with their sizes", () => {
    const signature = model.blocks.find((b) => b.type === "signature")!;
    const header = /<header class="doc-meta">\n([\s\S]*?)\n<\/header>/.exec(bulletin)![1]!;
    expect(header).toContain(`<div><dt>成文日期</dt><dd><time datetime="2021-06-09">${signature.date}</time></dd></div>`);
    expect(header).toContain(`<div><dt>发布机关</dt><dd>${signature.issuers.map((i) => `<span class="nb">${i}</span>`).join("　")}</dd></div>`);
    expect(header).toContain(`<div><dt>来源</dt><dd>${model.meta.source}</dd></div>`);
    const links = [...header.matchAll(/<a href="([^"]+)" type="([^"]+)" title="(\d+) 字节">([^<]+)<\/a>/g)].map((m) => ({ href: m[1], type: m[2], bytes: Number(m[3]), text: m[4] }));
    expect(links.map((l) => l.href)).toEqual(["520000-bulletin.pdf", "520000-bulletin.docx"]);
    expect(links.map((l) => l.type)).toEqual(["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]);
    for (const l of links) {
      expect(l.bytes).toBe(builtFile(l.href!).length);
      expect(l.text).toContain(sizeText(l.bytes));
    }
    // the header comes before the document itself
    expect(bulletin.indexOf('<header class="doc-meta">')).toBeLessThan(bulletin.indexOf("<article>"));
  });

  it("a page built without the other formats has no links and no mark left", async () => {
    const html = (await renderHtml(presented(model))).toString("utf8");
    expect(html).toContain(DOWNLOADS_MARK);
    const [alone] = withReportLinks([{ name: "2020/520000-bulletin.html", data: html, entry: { report: "bulletin", region: "520000", year: 2020, format: "html" } }]);
    expect(alone!.data.toString()).not.toContain(DOWNLOADS_MARK);
    expect(alone!.data.toString()).not.toContain('class="downloads"');
  });

  it("keeps every number with its unit on one line: each no-break run of the presentation is a nowrap span", () => {
    const doc = presented(model);
    const runs = doc.blocks.flatMap((b) =>
      b.kind === "paragraph" ? (["body", "note"].includes(b.style) ? b.runs : []) : b.kind === "table" ? [...b.rows.flat().flatMap((c) => c.runs), ...b.notes.flatMap((n) => n.runs)] : [],
    );
    const unbroken = runs.filter((r) => r.noBreak).map((r) => r.text);
    expect(unbroken.length).toBeGreaterThan(50);
    const article = bulletin.slice(bulletin.indexOf("<article>"), bulletin.indexOf("</article>"));
    const spans = [...article.matchAll(/<(?:span|strong) class="(?:fig )?nb"[^>]*>([^<]*)<\/(?:span|strong)>/g)].map((m) => m[1]);
    expect(spans).toEqual(unbroken);
    expect(bulletin).toMatch(/\.nb \{ white-space: nowrap; \}/);
  });

  it("breaks the title only between words", () => {
    const h1 = /<h1>(.*?)<\/h1>/.exec(bulletin)![1]!;
    expect(h1.replace(/<wbr>/g, "")).toBe(model.meta.title);
    expect(h1.split("<wbr>")).toEqual(expect.arrayContaining(["人力", "资源", "社会", "保障", "统计", "公报"]));
    expect(bulletin).toMatch(/h1 \{[^}]*word-break: keep-all;/);
  });

  it("draws a chart no narrower than shows its smallest text at 12 px, scrolling in its own box below that", () => {
    for (const block of model.blocks.filter((b) => b.type === "figure")) {
      const smallest = Math.min(...[...block.svg.matchAll(/font-size="([\d.]+)px"/g)].map((m) => Number(m[1])));
      const width = Number(/^<svg[^>]* width="([\d.]+)"/.exec(block.svg)![1]);
      const start = bulletin.indexOf(`<figure class="chart" id="fig${block.number}"`);
      const figure = bulletin.slice(start, bulletin.indexOf("</figure>", start));
      expect(figure).toContain(`<div class="scroll chart-scroll" role="region" tabindex="0" aria-labelledby="fig${block.number}-caption">`);
      expect(figure).toContain(`<svg style="min-width: ${Math.ceil((width * 12) / smallest)}px"`);
    }
  });

  it("prints with the page profile's paper, margins, sizes and page numbers", () => {
    const p = presented(model).profile;
    const other = { ...p, page: { width: 500, height: 700 }, margin: { top: 50, right: 40, bottom: 60, left: 30 }, pageNumber: { belowTypeArea: 12, inset: 9 } };
    const css = styleSheet(other);
    expect(css).toContain("@page { size: 500pt 700pt; margin: 50pt 40pt 60pt 30pt; }");
    expect(css).toContain("padding-top: 12pt; margin-right: 9pt;");
    expect(styleSheet(p)).toContain(`h1 { font: 400 ${p.text.title.size}pt/${p.text.title.pitch}pt`);
    // no length of its own in the print style: everything in points from the profile
    const print = styleSheet(p).slice(styleSheet(p).indexOf("@page"));
    expect(print).not.toMatch(/\d(?:mm|cm|in)\b/);
  });
});
