/**
 * Charts: text metrics from the font file, every spec rendered for the province and one prefecture
 * (file snapshots under __snapshots__/charts/, readable SVG), the highlighted region, errors.
 * Run: npx vitest run test/charts.test.ts (update snapshots with -u after an intended change).
 */
import { readdirSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import * as vega from "vega";
import { loadDataset } from "../src/data/load.js";
import type { Dataset, Indicator, Observation, Region } from "../src/data/types.js";
import { loadFontProfile, type FontFace } from "../src/fonts/profile.js";
import { installTextMetrics } from "../src/charts/metrics.js";
import { CHART_WIDTH, createChartRenderer } from "../src/charts/render.js";
import { chartRows } from "../src/charts/rows.js";
import type { ChartSpec } from "../src/charts/spec.js";
import { MAX_BINS, sandboxProblems } from "../src/charts/sandbox.js";
import { UserError } from "../src/errors.js";

// Loaded once for the file: fonts parse in ~40 ms, vega and vega-lite import once.
const dataset = loadDataset("data", 2020);
const fonts = loadFontProfile("default", "fonts");
const display = (f: string): string => relative(process.cwd(), f) || f;
const render = createChartRenderer("templates", fonts, display);
const region = (code: string): Region => dataset.regions.find((r) => r.code === code)!;
const PROVINCE = region("520000");
const ZUNYI = region("520300");
const SPECS = readdirSync("templates/charts")
  .filter((f) => f.endsWith(".vl.json"))
  .map((f) => f.slice(0, -".vl.json".length))
  .sort();

/** Sum of the glyphs' advance widths straight from fontkit (no layout, no kerning). */
function advanceSum(face: FontFace, text: string, size: number): number {
  const font = face.font as unknown as { glyphForCodePoint(cp: number): { advanceWidth: number }; unitsPerEm: number };
  let units = 0;
  for (const ch of text) units += font.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth;
  return (units / font.unitsPerEm) * size;
}

/** One element a line, so that a snapshot diff shows what changed (never inside <text>: no stray spaces). */
function linePerElement(svg: string): string {
  return `${svg.replace(/>(<(?!\/?tspan|\/text))/g, ">\n$1")}\n`;
}

/** The fills of the bars of an SVG, by the region named in each bar's aria-label. */
function barFills(svg: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [tag] of svg.matchAll(/<path [^>]*aria-roledescription="bar"[^>]*>/g)) {
    const name = /regionName: ([^;"]+)/.exec(tag)?.[1];
    const fill = /\sfill="([^"]+)"/.exec(tag)?.[1];
    if (name && fill) out.set(name.trim(), fill);
  }
  return out;
}

describe("text metrics", () => {
  installTextMetrics(fonts);
  const chart = fonts.roles.chart;
  const metrics = (vega as unknown as { textMetrics: { width(item: object, text: string): number; estimateWidth(item: object, text: string): number } }).textMetrics;
  const label = "城镇新增就业";

  it("measures a CJK label with the font's advance widths, not vega's 0.8 em estimate", () => {
    const item = { font: chart.regular.family, fontSize: 11 };
    const expected = advanceSum(chart.regular, label, 11);
    expect(expected).toBeCloseTo(66, 6); // six ideographs, 1 em each
    expect(metrics.width(item, label)).toBeCloseTo(expected, 9);
    expect(metrics.estimateWidth(item, label)).toBeCloseTo(expected, 9);
    expect(metrics.width(item, label)).not.toBeCloseTo(Math.trunc(0.8 * label.length * 11), 0);
  });

  it("is what vega lays out: a text item's bounds are the advance widths", async () => {
    const spec: vega.Spec = {
      width: 300,
      height: 40,
      marks: [{ type: "text", encode: { enter: { text: { value: label }, font: { value: chart.regular.family }, fontSize: { value: 11 }, x: { value: 0 }, y: { value: 20 } } } }],
    };
    const view = new vega.View(vega.parse(spec), { renderer: "none" });
    await view.runAsync();
    type Node = { items: Node[]; bounds: { x1: number; x2: number } };
    const text = (view.scenegraph() as unknown as { root: Node }).root.items[0]!.items[0]!.items[0]!;
    view.finalize();
    expect(text.bounds.x2 - text.bounds.x1).toBeCloseTo(advanceSum(chart.regular, label, 11), 6);
  });

  it("uses the bold face for bold items and honours a label limit", () => {
    const digits = "2316";
    expect(metrics.width({ font: chart.regular.family, fontSize: 11, fontWeight: "bold" }, digits)).toBeCloseTo(advanceSum(chart.bold, digits, 11), 9);
    expect(metrics.width({ font: chart.regular.family, fontSize: 11, fontWeight: 700 }, digits)).toBeCloseTo(advanceSum(chart.bold, digits, 11), 9);
    expect(metrics.width({ font: chart.regular.family, fontSize: 11, limit: 30 }, label)).toBe(30);
  });
});

describe("chart specs", () => {
  it("exist (at least six) and each is placed in a template", () => {
    expect(SPECS.length).toBeGreaterThanOrEqual(6);
    const templates = ["bulletin", "prefecture"].flatMap((d) => readdirSync(`templates/${d}`).map((f) => readFileSync(`templates/${d}/${f}`, "utf8"))).join("\n");
    const used = new Set([...templates.matchAll(/^::chart\{spec="([^"]+)"\}$/gm)].map((m) => m[1]));
    expect(SPECS.filter((s) => !used.has(s))).toEqual([]);
    expect([...used].filter((s) => !SPECS.includes(s!))).toEqual([]);
  });

  for (const name of SPECS) {
    for (const r of [PROVINCE, ZUNYI]) {
      it(`${name} renders for ${r.code}`, async () => {
        const fig = await render(name, dataset, r);
        expect(fig.chart).toBe(name);
        expect(fig.caption).toMatch(/^2020年/);
        expect(fig.caption).not.toMatch(/^图/);
        const root = /<svg [^>]*>/.exec(fig.svg)![0];
        expect(root).toContain(`width="${fig.width}"`);
        expect(root).toContain(`height="${fig.height}"`);
        expect(fig.width).toBe(CHART_WIDTH);
        expect(fig.height).toBeGreaterThanOrEqual(150);
        expect(fig.height).toBeLessThanOrEqual(280);
        // Every text in the family the PDF registers; no title inside the chart.
        const families = new Set([...fig.svg.matchAll(/font-family="([^"]+)"/g)].map((m) => m[1]));
        expect([...families]).toEqual([fonts.roles.chart.regular.family]);
        expect(fig.svg).not.toContain("role-title");
        await expect(linePerElement(fig.svg)).toMatchFileSnapshot(`__snapshots__/charts/${name}.${r.code}.svg`);
      });
    }
  }

  it("renders deterministically", async () => {
    const a = await Promise.all(SPECS.map((n) => render(n, dataset, ZUNYI)));
    const b = await Promise.all(SPECS.map((n) => render(n, dataset, ZUNYI)));
    expect(b.map((f) => f.svg)).toEqual(a.map((f) => f.svg));
  });

  it("gives the unit when the indicators share one", async () => {
    expect((await render("employment", dataset, PROVINCE)).unit).toBe("万人");
    expect((await render("social-funds", dataset, PROVINCE)).unit).toBe("亿元");
    const mixed: ChartSpec = {
      name: "mixed",
      display: "mixed.vl.json",
      spec: {},
      lineOf: () => undefined,
      meta: { caption: "混合", indicators: ["employment.urban_new_jobs", "employment.central_subsidy"], regions: "province" },
    };
    expect(chartRows(mixed, dataset, PROVINCE).unit).toBeUndefined();
  });
});

describe("highlighted region", () => {
  it("makes the report's prefecture stand out, and nothing in the province report", async () => {
    const own = barFills((await render("pension-prefectures", dataset, ZUNYI)).svg);
    expect(own.size).toBe(9);
    const zunyi = own.get(ZUNYI.short)!;
    for (const [name, fill] of own) if (name !== ZUNYI.short) expect(fill, name).not.toBe(zunyi);
    expect(new Set([...own].filter(([n]) => n !== ZUNYI.short).map(([, f]) => f)).size).toBe(1);

    const province = barFills((await render("pension-prefectures", dataset, PROVINCE)).svg);
    expect(province.size).toBe(9);
    expect(new Set(province.values()).size).toBe(1);
  });

  it("leaves unpublished figures out instead of inventing them", async () => {
    const synthetic = withMissing(dataset, "social.pension_monthly_avg", "520500");
    const fills = barFills((await render("pension-prefectures", synthetic, ZUNYI)).svg);
    expect(fills.size).toBe(8);
    expect(fills.has("毕节")).toBe(false);
  });
});

describe("errors", () => {
  const fixtures = createChartRenderer("test/fixtures", fonts, display);
  const problem = async (spec: string): Promise<UserError> => {
    const e = await fixtures(spec, dataset, PROVINCE).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  };

  it("names the chart file and the unknown indicator id", async () => {
    const e = await problem("unknown-indicator");
    expect(e.problems[0]!.file).toBe("test/fixtures/charts/unknown-indicator.vl.json");
    expect(e.problems[0]!.line).toBe(5);
    expect(e.message).toContain("employment.no_such_indicator");
    expect(e.message).not.toContain("employment.urban_new_jobs");
  });

  it("lists the available specs for an unknown one", async () => {
    const e = await problem("no-such-chart");
    expect(e.message).toContain("no chart spec \"no-such-chart\"");
    expect(e.message).toContain("available: dropped-channel, inline-values, invalid-json, layer-url, lookup-data, misspelled-field, no-usermeta, unknown-indicator");
  });

  it("gives the line of invalid JSON", async () => {
    const e = await problem("invalid-json");
    expect(e.problems[0]!.line).toBe(7);
    expect(e.message).toContain("invalid JSON");
  });

  it("asks for usermeta.bulletin", async () => {
    const e = await problem("no-usermeta");
    expect(e.problems[0]!.path).toBe("usermeta.bulletin");
  });

  it("refuses figures written into the spec, and a chart title", async () => {
    const e = await problem("inline-values");
    expect(e.problems.map((p) => p.path)).toEqual(["data", "title"]);
  });

  it("refuses a data source anywhere in the spec, naming its JSON path and line", async () => {
    const e = await problem("layer-url");
    expect(e.problems.map((p) => `${p.path} @${p.line}`)).toEqual(["layer[1].data @9", "layer[1].encoding.text.field @11"]);
    expect(e.message).toContain('test/fixtures/charts/layer-url.vl.json: line 9: layer[1].data: a chart reads only the data set "indicators"');
  });

  it("refuses a lookup's data, an unbounded expression and transforms outside the list", async () => {
    const e = await problem("lookup-data");
    expect(e.problems.map((p) => p.path)).toEqual(["transform[0]", "transform[0].from.data", "transform[1].calculate"]);
    expect(e.message).toContain("the lookup transform is not allowed");
    expect(e.message).toContain("sequence()");
  });

  it("names a misspelt field instead of drawing an empty chart (fields a transform makes are known)", async () => {
    const e = await problem("misspelled-field");
    expect(e.problems).toHaveLength(1);
    expect(e.message).toContain('misspelled-field.vl.json: line 9: encoding.x.field: unknown field "lable"');
  });

  it("turns what vega-lite would silently drop into an error", async () => {
    const e = await problem("dropped-channel");
    expect(e.message).toContain("fontWeight");
  });
});

/** A copy of the dataset with one observation unpublished (value null), as data/ writes it. */
function withMissing(ds: Dataset, id: string, code: string): Dataset {
  const indicator = ds.indicators.get(id)!;
  const observations = new Map(indicator.observations);
  const obs: Observation = { ...observations.get(code)!, value: null, growth: undefined, note: "未公布（测试）" };
  observations.set(code, obs);
  const indicators = new Map<string, Indicator>(ds.indicators);
  indicators.set(id, { ...indicator, observations });
  return { ...ds, indicators };
}

describe("sandbox (src/charts/sandbox.ts)", () => {
  const base = { data: { name: "indicators" }, mark: "bar", encoding: { x: { field: "label", type: "nominal" } } };
  const paths = (spec: Record<string, unknown>): string[] => sandboxProblems(spec, "indicators").map((p) => `${p.path}: ${p.message}`);

  it("lets a spec that reads the data set by its columns through, axis values included", () => {
    expect(paths({ ...base, encoding: { y: { field: "value", type: "quantitative", axis: { values: [0, 50] } } } })).toEqual([]);
  });

  it("refuses inline data sets, generators, an image URL and bins without bound", () => {
    expect(paths({ ...base, datasets: { a: [] } })).toEqual(['datasets: a chart may not name inline data sets ("datasets")']);
    expect(paths({ ...base, layer: [{ data: { sequence: { start: 0, stop: 1e9 } }, mark: "tick" }] })).toEqual(['layer[0].data: a chart reads only the data set "indicators"']);
    expect(paths({ ...base, mark: { type: "image", url: "file:///etc/passwd" } })).toEqual(['mark.url: a chart may not name a file or URL to load ("url")']);
    expect(paths({ ...base, encoding: { x: { field: "value", bin: { maxbins: 1e6 } } } })).toEqual([`encoding.x.bin.maxbins: at most ${MAX_BINS} bins`]);
    expect(paths({ ...base, encoding: { x: { field: "value", bin: { step: 1e-9 } } } })[0]).toMatch(/^encoding\.x\.bin\.step: a bin step can make any number of bins/);
  });

  it("knows the fields a transform makes, and no others", () => {
    const spec = { ...base, transform: [{ aggregate: [{ op: "sum", field: "value", as: "total" }], groupby: ["label"] }, { fold: ["total"] }], encoding: { x: { field: "key" }, y: { field: "totl" } } };
    expect(paths(spec)).toEqual(['encoding.y.field: unknown field "totl": the chart would be empty']);
  });
});
