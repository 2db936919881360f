/**
 * Charts: text metrics from the font file, every spec rendered for the province and one prefecture
 * (file snapshots under __snapshots__/charts/, readable SVG), print quality measured on the SVG (grey
 * levels, value-axis ticks, no line through a label), the highlighted region, errors.
 * Run: npx vitest run test/charts.test.ts (update snapshots with -u after an intended change).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import * as vega from "vega";
import { loadDataset } from "../src/data/load.js";
import type { Dataset, Indicator, Observation, Region } from "../src/data/types.js";
import { loadFontProfile, type FontFace } from "../src/fonts/profile.js";
import { installTextMetrics } from "../src/charts/metrics.js";
import { CHART_WIDTH, createChartRenderer } from "../src/charts/render.js";
import { chartRows } from "../src/charts/rows.js";
import { loadChartSpec, type ChartSpec } from "../src/charts/spec.js";
import { MAX_BINS, sandboxProblems } from "../src/charts/sandbox.js";
import { MAX_FORMAT_WIDTH, MAX_PAD, MAX_SPLIT, safeRegexProblem } from "../src/charts/expressions.js";
import { MAX_FONT_SIZE, MAX_LENGTH } from "../src/charts/numbers.js";
import { svgProblem } from "../src/charts/budget.js";
import { tooDeep } from "../src/charts/spec.js";
import { UserError } from "../src/errors.js";
import { contrastRatio, greyStep, lightness, MIN_GREY_STEP } from "../src/charts/greyscale.js";
import { COLOURS } from "../src/charts/theme.js";
import { MAX_TICKS, MIN_TICKS, roundTicks } from "../src/charts/ticks.js";
import { SVG_START_TAG } from "../src/model/chart-marks.js";
import { contains, linesThroughLabels, svgGeometry, type SvgGeometry } from "./support/svg-geometry.js";

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
    const templates = readdirSync("templates", { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".md.hbs"))
      .map((f) => readFileSync(`templates/${f}`, "utf8"))
      .join("\n");
    const used = new Set([...templates.matchAll(/^::chart\{spec="([^"]+)".*\}$/gm)].map((m) => m[1]));
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

  it("names the figure each bar, point and label shows (marks), and leaves the SVG as vega draws it", async () => {
    for (const name of SPECS) {
      for (const r of [PROVINCE, ZUNYI]) {
        const fig = await render(name, dataset, r);
        const rows = new Map(chartRows(loadChartSpec("templates/charts", name, display), dataset, r).rows.map((row) => [`${row.id}\0${row.region}`, row]));
        expect(fig.svg, name).not.toContain("data-ref");
        const tags = [...fig.svg.matchAll(SVG_START_TAG)].map((m) => ({ tag: m[0], name: m[1]!, after: fig.svg.slice(m.index + m[0].length) }));
        expect(fig.marks!.length, name).toBeGreaterThanOrEqual(rows.size);
        for (const mark of fig.marks!) {
          const row = rows.get(`${mark.ref}\0${mark.region}`);
          expect(row, `${name} ${mark.ref} ${mark.region}`).toBeDefined();
          const { tag, name: element, after } = tags[mark.element]!;
          expect(["path", "text", "line", "circle", "rect"], `${name}: ${tag}`).toContain(element);
          // a bar or point says its value; a label shows the figure as published
          const value = /aria-label="value: ([-\d.]+)/.exec(tag)?.[1];
          if (element === "path" && value !== undefined) expect(Number(value), `${name}: ${tag}`).toBe(row!.value);
          if (element === "text") expect(after.slice(0, after.indexOf("</text>")), `${name}: ${tag}`).toContain(row!.text);
        }
        // every figure the chart shows is marked somewhere
        expect(new Set(fig.marks!.map((m) => `${m.ref}\0${m.region}`)), name).toEqual(new Set(rows.keys()));
      }
    }
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
    // ::chart{spec="…" indicator="…"}: that one indicator instead of the spec's list
    expect(new Set(chartRows(mixed, dataset, PROVINCE, "employment.central_subsidy").rows.map((r) => r.id))).toEqual(new Set(["employment.central_subsidy"]));
    expect(() => chartRows(mixed, dataset, PROVINCE, "no.such")).toThrow(/::chart\{spec="mixed" indicator="no.such"\}: unknown indicator/);
  });
});

/** Hue in degrees (0 red, 120 green, 240 blue) and HSL saturation of an #rrggbb colour. */
function hue(colour: string): { hue: number; saturation: number } {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  const l = (max + min) / 2;
  const saturation = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
  let h = 0;
  if (d > 0) h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return { hue: (h * 60 + 360) % 360, saturation };
}

describe("print", () => {
  const charts = SPECS.flatMap((name) => [PROVINCE, ZUNYI].map((r) => ({ name, region: r })));
  const geometry = new Map<string, SvgGeometry>();
  const geometryOf = async (name: string, r: Region): Promise<SvgGeometry> => {
    const key = `${name}.${r.code}`;
    let g = geometry.get(key);
    if (!g) geometry.set(key, (g = svgGeometry((await render(name, dataset, r)).svg, fonts)));
    return g;
  };

  it("reads the SVG geometry it tests with (a check on the checker)", async () => {
    const g = await geometryOf("social-insured", PROVINCE);
    expect(g.bars).toHaveLength(4);
    const label = g.texts.find((t) => t.text === "713.98\n增长5.4%")!;
    const bar = g.bars.find((b) => b.label.includes("713.98"))!;
    // Two lines of 11 pt text, 13 pt apart, centred over the bar and above its top.
    expect(label.box.y2).toBeLessThan(bar.y1);
    expect(label.box.y2 - label.box.y1).toBeGreaterThan(13 + 8);
    expect(label.box.y2 - label.box.y1).toBeLessThan(13 + 12);
    expect((label.box.x1 + label.box.x2) / 2).toBeCloseTo((bar.x1 + bar.x2) / 2, 0);
  });

  for (const { name, region: r } of charts) {
    it(`${name} (${r.code}): the series and every label on a bar stay apart in grey`, async () => {
      const g = await geometryOf(name, r);
      const fills = [...new Set([...g.bars.map((b) => b.fill), ...g.legendFills])];
      expect(fills.length).toBeGreaterThan(0);
      for (const [i, a] of fills.entries()) {
        for (const b of fills.slice(i + 1)) expect(greyStep(a, b), `${a} / ${b}`).toBeGreaterThanOrEqual(MIN_GREY_STEP);
      }
      // A value label drawn on a bar: legible in grey (white on the house blue is 51 L* apart).
      for (const t of g.texts.filter((t) => t.visible)) {
        const under = g.bars.find((b) => b.order < t.order && contains(b, t.box, 0.5));
        if (under) expect(greyStep(t.fill, under.fill), `${t.text} on ${under.fill}`).toBeGreaterThanOrEqual(40);
      }
    });

    it(`${name} (${r.code}): every bar and legend swatch stands out from the page at 3:1 (WCAG 2.1 SC 1.4.11), by its fill or its outline`, async () => {
      const { svg } = await render(name, dataset, r);
      expect(svg).toMatch(/^<svg[^>]*><rect width="[\d.]+" height="[\d.]+" fill="white"\/>/); // the page behind the marks
      const marks = [...svg.matchAll(/<path\b[^>]*\sfill="(#[0-9a-f]{6})"[^>]*>/gi)].map((m) => ({
        fill: m[1]!,
        stroke: /\sstroke="(#[0-9a-f]{6})"/i.exec(m[0])?.[1],
        width: Number(/\sstroke-width="([\d.]+)"/.exec(m[0])?.[1] ?? 0),
      }));
      expect(marks.length).toBeGreaterThan(0);
      for (const m of marks) {
        const edge = m.stroke && m.width >= 1 ? contrastRatio(m.stroke, "white") : 1;
        expect(Math.max(contrastRatio(m.fill, "white"), edge), `${m.fill} / ${m.stroke}`).toBeGreaterThanOrEqual(3);
      }
    });

    it(`${name} (${r.code}): the value axis has ${MIN_TICKS}–${MAX_TICKS} round, evenly spaced, readable ticks`, async () => {
      const g = await geometryOf(name, r);
      const labels = g.texts.filter((t) => t.role === "role-axis-label" && /linear scale/.test(t.axis ?? ""));
      expect(labels.filter((t) => !t.visible).map((t) => t.text), "labels vega hid as overlapping").toEqual([]);
      const values = labels.map((t) => Number(t.text));
      expect(values.length).toBeGreaterThanOrEqual(MIN_TICKS);
      expect(values.length).toBeLessThanOrEqual(MAX_TICKS);
      expect(values[0]).toBe(0);
      const step = values[1]! - values[0]!;
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 2.5, 5]).toContain(Number(mantissa.toPrecision(6)));
      values.forEach((v, i) => expect(v).toBeCloseTo(i * step, 9));
      // Labels apart by at least a third of an em, along the axis.
      const sorted = labels.map((t) => t.box).sort((a, b) => a.x1 - b.x1 || b.y1 - a.y1);
      const horizontal = sorted.every((b) => Math.abs(b.y1 - sorted[0]!.y1) < 1);
      for (let i = 1; i < sorted.length; i++) {
        const gap = horizontal ? sorted[i]!.x1 - sorted[i - 1]!.x2 : Math.abs(sorted[i]!.y1 - sorted[i - 1]!.y1) - (sorted[i]!.y2 - sorted[i]!.y1);
        expect(gap).toBeGreaterThan(11 / 3);
      }
    });

    it(`${name} (${r.code}): no gridline, rule or axis line runs through a label`, async () => {
      const g = await geometryOf(name, r);
      expect(g.lines.length).toBeGreaterThan(0);
      expect(g.texts.filter((t) => t.role === "role-mark").length).toBeGreaterThan(0);
      expect(linesThroughLabels(g)).toEqual([]);
    });
  }

  it("catches a gridline through a label (the check fails on 图4 as it was)", () => {
    // 图4 of the 2020 bulletin before the change (its SVG as it was): the 2000 gridline ran through
    // "增长2.6%", the 1000 one along the top of "713.98", the 500 one between "297.93" and "增长7.9%".
    const g = svgGeometry(readFileSync("test/fixtures/charts-print/gridline-through-label.svg", "utf8"), fonts);
    expect(linesThroughLabels(g)).toEqual(["713.98\n增长5.4%", "1904.49\n增长2.6%", "297.93\n增长7.9%"].map((t) => `role-axis-grid through "${t}"`));
  });

  it("roundTicks gives 4–6 round ticks for any domain, within it", () => {
    expect(roundTicks([0, 94276])).toEqual([0, 20000, 40000, 60000, 80000]);
    expect(roundTicks([0, 607])).toEqual([0, 200, 400, 600]);
    expect(roundTicks([0, 125.04])).toEqual([0, 25, 50, 75, 100, 125]);
    expect(roundTicks([0, 0.37])).toEqual([0, 0.1, 0.2, 0.3]);
    expect(roundTicks([5, 5])).toEqual([5]);
    for (let e = -2; e <= 6; e++) {
      for (let f = 1; f < 10; f += 0.037) {
        const max = f * 10 ** e;
        const ticks = roundTicks([0, max]);
        expect(ticks.length, String(max)).toBeGreaterThanOrEqual(MIN_TICKS);
        expect(ticks.length, String(max)).toBeLessThanOrEqual(MAX_TICKS);
        expect(ticks[ticks.length - 1]!).toBeLessThanOrEqual(max);
        const step = ticks[1]! - ticks[0]!;
        const m = Number((step / 10 ** Math.floor(Math.log10(step) + 1e-9)).toPrecision(6));
        expect([1, 2, 2.5, 5], `${max}: step ${step}`).toContain(m);
      }
    }
  });

  it("the palette's series colours stay apart in grey; the emphasis is a darker house blue, not a verdict colour", () => {
    const category = COLOURS.category;
    for (const [i, a] of category.entries()) for (const b of category.slice(i + 1)) expect(greyStep(a, b), `${a}/${b}`).toBeGreaterThanOrEqual(MIN_GREY_STEP);
    expect(greyStep(COLOURS.own, COLOURS.others)).toBeGreaterThanOrEqual(2 * MIN_GREY_STEP);
    expect(lightness(COLOURS.own)).toBeLessThan(lightness(COLOURS.base));
    expect(Math.abs(hue(COLOURS.own).hue - hue(COLOURS.base).hue)).toBeLessThan(15);
    expect(Math.abs(hue(COLOURS.others).hue - hue(COLOURS.base).hue)).toBeLessThan(15);
    // the pale fills are why the bars have an edge: it is what stands out from the page
    expect(contrastRatio(COLOURS.others, "white")).toBeLessThan(3);
    expect(contrastRatio(COLOURS.edge, "white")).toBeGreaterThanOrEqual(3);
    expect(contrastRatio("#777777", "white")).toBeCloseTo(4.48, 2); // the WCAG formula, on a known pair
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

  it("emphasises it as a darker shade and bold labels, with no red anywhere", async () => {
    const svg = (await render("pension-prefectures", dataset, ZUNYI)).svg;
    const own = barFills(svg);
    expect(own.get(ZUNYI.short)).toBe(COLOURS.own);
    expect(lightness(own.get(ZUNYI.short)!)).toBeLessThan(lightness(own.get("贵阳")!) - 2 * MIN_GREY_STEP);
    for (const [, colour] of svg.matchAll(/\s(?:fill|stroke)="(#[0-9a-fA-F]{6})"/g)) {
      const { hue: h, saturation } = hue(colour!);
      if (saturation > 0.2) expect(h, colour).toBeGreaterThan(180); // blues only: no red, orange or green
      if (saturation > 0.2) expect(h, colour).toBeLessThan(250);
    }
    const g = svgGeometry(svg, fonts);
    const bold = g.texts.filter((t) => t.bold).map((t) => t.text);
    const published = dataset.indicators.get("social.pension_monthly_avg")!.observations.get(ZUNYI.code)!.value!.text;
    expect(bold.sort()).toEqual([published, ZUNYI.short].sort()); // its value label and its axis label
    const province = svgGeometry((await render("pension-prefectures", dataset, PROVINCE)).svg, fonts);
    expect(province.texts.filter((t) => t.bold)).toEqual([]);
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

  it("refuses more series than the palette keeps apart in grey", () => {
    const dir = mkdtempSync(join(tmpdir(), "bulletin-charts-"));
    const ids = ["social.insured_employee_pension", "social.insured_resident_pension", "social.insured_unemployment", "social.insured_work_injury"];
    const spec = {
      data: { name: "indicators" },
      mark: "bar",
      usermeta: { bulletin: { caption: "四个系列", indicators: ids, regions: "province", series: Object.fromEntries(ids.map((id, i) => [id, `系列${i + 1}`])) } },
    };
    const text = JSON.stringify(spec, null, 2);
    writeFileSync(join(dir, "four-series.vl.json"), text);
    const e = (() => {
      try {
        loadChartSpec(dir, "four-series", (f) => relative(dir, f));
      } catch (err) {
        return err;
      }
    })() as UserError;
    expect(e).toBeInstanceOf(UserError);
    const line = text.split("\n").findIndex((l) => l.includes('"series"')) + 1;
    expect(e.problems.map((p) => [p.path, p.line])).toEqual([["usermeta.bulletin.series", line]]);
    expect(e.message).toContain("4 series (系列1、系列2、系列3、系列4)");
    expect(e.message).toContain(`only ${COLOURS.category.length} colours`);
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
    expect(paths({ ...base, encoding: { x: { field: "value", bin: { maxbins: 1e6 } } } })).toEqual([`encoding.x.bin.maxbins: maxbins is a whole number from 0 to ${MAX_BINS} (it is 1000000)`]);
    expect(paths({ ...base, encoding: { x: { field: "value", bin: { step: 1e-9 } } } })[0]).toMatch(/^encoding\.x\.bin\.step: a bin step can make any number of bins/);
  });

  it("checks every call of an expression, whatever its spelling, against the allow-list (src/charts/expressions.ts)", () => {
    const calc = (expr: string): string[] => paths({ ...base, transform: [{ calculate: expr, as: "x" }] });
    expect(calc("(sequence)(0, 1e8)")).toEqual(["transform[0].calculate: sequence() makes any number of rows"]);
    expect(calc("((sequence))(0, 10)")).toEqual(["transform[0].calculate: sequence() makes any number of rows"]);
    expect(calc("datum.value + random()")).toEqual(["transform[0].calculate: random() gives other figures on every build"]);
    expect(calc("constructor('x')")).toEqual(["transform[0].calculate: constructor() is not one of the functions a chart may call"]);
    expect(calc("upper(datum.label) + format(datum.value, ',.1f') + pad(datum.text, 12) + join(split(datum.text, '.', 3), '')")).toEqual([]);
  });

  it("refuses an argument that bounds a function's output unless it is written in the spec, within its bound", () => {
    const calc = (expr: string): string[] => paths({ ...base, transform: [{ calculate: expr, as: "x" }] }).map((p) => p.replace(/^transform\[0\]\.calculate: /, ""));
    expect(calc("pad(datum.text, 201)")).toEqual([`pad's length (its second argument) must be a number written in the spec, from 0 to ${MAX_PAD} (it is 201)`]);
    expect(calc("pad(datum.text, datum.value)")[0]).toMatch(/^pad's length .* must be a number written in the spec/);
    expect(calc("split(datum.text, '')")).toEqual([`split's limit (its third argument: the most pieces) is missing: write a number up to ${MAX_SPLIT}`]);
    expect(calc("format(datum.value, '0100d')")).toEqual([`the number format "0100d" pads to 100 characters, more than ${MAX_FORMAT_WIDTH}`]);
    expect(calc("format(datum.value, datum.text)")).toEqual(["format's specifier (its second argument) must be text written in the spec"]);
    expect(calc("data('other')")).toEqual(["data() reads only the chart's data set: data('indicators')"]);
  });

  it("lets regular expressions of the safe form through, and no others", () => {
    for (const ok of ["^全省", "[0-9]", "市|州", "\\d\\.", "(ab)c$"]) expect(safeRegexProblem(ok), ok).toBeUndefined();
    for (const [bad, why] of [["(a+)+$", "a repetition"], ["a*", "a repetition"], ["x?", "a repetition"], ["a{2,}", "a repetition"], ["(a)\\1", "a back-reference"], ["(?=a)b", "a look-around"], ["(?<!a)b", "a look-around"]]) {
      expect(safeRegexProblem(bad!), bad).toMatch(new RegExp(`^${why}`));
    }
    // in every place a pattern is compiled: a literal, regexp(), test()'s text, a filter, an axis's labels
    expect(paths({ ...base, transform: [{ filter: "test('(a|aa)*$', datum.label)" }] })).toEqual(['transform[0].filter: the regular expression "(a|aa)*$" has a repetition ("*")']);
    expect(paths({ ...base, encoding: { x: { field: "label", axis: { labelExpr: "replace(datum.label, /\\s+/, '')" } } } })).toEqual(["encoding.x.axis.labelExpr: the regular expression /\\s+/ has a repetition (\"+\")"]);
    expect(paths({ ...base, transform: [{ filter: { and: ["datum.value > 0", "test(regexp('x+'), datum.label)"] } }] })).toEqual(['transform[0].filter.and[1]: the regular expression "x+" has a repetition ("+")']);
  });

  it("range-checks every number by what it sizes, and refuses computing a checked one (src/charts/numbers.ts)", () => {
    expect(paths({ ...base, padding: 1e5, config: { axis: { labelFontSize: 1e6, tickCount: 1e7 } } })).toEqual([
      `padding: padding is at most ${MAX_LENGTH} either way (it is 100000): a chart is at most 442 × 600 points`,
      `config.axis.labelFontSize: labelFontSize is a font size from 1 to ${MAX_FONT_SIZE} points (it is 1000000)`,
      "config.axis.tickCount: tickCount is a whole number from 0 to 50 (it is 10000000)",
    ]);
    // figures in the data's units are any finite number: a domain, a filter's range
    expect(paths({ ...base, transform: [{ filter: { field: "value", range: [0, 1e9] } }], encoding: { x: { field: "value", scale: { domain: [0, 5e8] } } } })).toEqual([]);
    expect(paths({ ...base, encoding: { x: { field: "value", scale: { range: [0, 1e6] } } } })).toEqual([`encoding.x.scale.range[1]: range is at most ${MAX_LENGTH} either way (it is 1000000): a chart is at most 442 × 600 points`]);
    expect(paths({ ...base, mark: { type: "text", fontSize: { expr: "1e6" } } })).toEqual(["mark.fontSize.expr: fontSize may not be computed by an expression: its value is range-checked"]);
    expect(paths({ ...base, encoding: { x: { field: "value", axis: { values: { expr: "roundTicks(domain('x'))" } } } } })).toEqual([]);
    expect(paths({ ...base, encoding: { x: { field: "label", format: "0200000d" } } })[0]).toMatch(/^encoding\.x\.format: the number format "0200000d" pads to 200000 characters/);
  });

  it("finds where a JSON text nests too deep without recursing, and the drawn SVG stays on its canvas", () => {
    expect(tooDeep(`{"a": [1, {"b": ${"[".repeat(50_000)}${"]".repeat(50_000)}}]}`, 40)).toEqual({ line: 1, path: `a[1].b${"[0]".repeat(37)}` });
    expect(tooDeep('{"a": [[1]]}', 40)).toBeUndefined();
    expect(svgProblem('<svg width="442" height="210"><text font-size="11px" transform="translate(20,30)">1</text></svg>', 442, 210)).toBeUndefined();
    expect(svgProblem('<svg width="442" height="210"><text font-size="1000000px">1</text></svg>', 442, 210)).toMatch(/^it draws text at 1000000 points/);
    expect(svgProblem('<svg width="442" height="210"><g transform="translate(1827,1176)"></g></svg>', 442, 210)).toMatch(/^it draws at 1827 points, outside its 442 × 210 canvas/);
  });

  it("knows the fields a transform makes, and no others", () => {
    const spec = { ...base, transform: [{ aggregate: [{ op: "sum", field: "value", as: "total" }], groupby: ["label"] }, { fold: ["total"] }], encoding: { x: { field: "key" }, y: { field: "totl" } } };
    expect(paths(spec)).toEqual(['encoding.y.field: unknown field "totl": the chart would be empty']);
  });
});
