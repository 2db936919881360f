/**
 * The DOCX's chart PNGs drawn from the chart's SVG with its text as outlines of the chart faces
 * (src/render/docx/svg-outlines.ts), resvg given no font: the same picture as resvg's own text from the faces,
 * to the odd anti-aliased pixel; and text this does not set is left to resvg with the fonts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { afterAll, describe, expect, it } from "vitest";
import { loadFontProfile } from "../src/fonts/profile.js";
import { svgText } from "../src/fonts/svg.js";
import { subsetTrueType } from "../src/render/docx/harfbuzz.js";
import { textAsOutlines } from "../src/render/docx/svg-outlines.js";
import { builtModel } from "./support/built.js";
import { ROOT } from "./support/dataset.js";

const chart = loadFontProfile("default", join(ROOT, "fonts")).roles.chart;
const figures = ["520000-bulletin", "520300-prefecture"].flatMap((name) => {
  const [region, report] = name.split("-") as [string, string];
  return builtModel(region, report).blocks.flatMap((b) => (b.type === "figure" ? [{ name: `${name} 图${b.number}`, svg: b.svg }] : []));
});
const folder = mkdtempSync(join(tmpdir(), "bulletin-outlines-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The SVG drawn 1 000 pixels wide by resvg: RGBA. */
const pixels = (svg: string, fontFiles: string[] = []): Buffer =>
  Buffer.from(new Resvg(svg, { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: chart.regular.family }, fitTo: { mode: "width", value: 1000 } }).render().pixels);

describe("chart text as outlines", () => {
  it("covers every text of the built reports' charts (multi-line labels and bold ones included)", () => {
    expect(figures.length).toBeGreaterThanOrEqual(8);
    for (const { name, svg } of figures) {
      const outlined = textAsOutlines(svg, chart);
      expect(outlined, name).toBeDefined();
      expect(outlined).not.toMatch(/<text\b/);
      expect((outlined!.match(/<path\b/g) ?? []).length).toBeGreaterThan((svg.match(/<path\b/g) ?? []).length);
    }
    expect(figures.some(({ svg }) => /<tspan x="0" dy=/.test(svg))).toBe(true);
    expect(figures.some(({ svg }) => /font-weight="bold"/.test(svg))).toBe(true);
  });

  it("draws the picture resvg draws from the faces, to the odd anti-aliased pixel", async () => {
    const text = figures.map(({ svg }) => svgText(svg)).join("");
    const subsets = await subsetTrueType([chart.regular, chart.bold].map((face) => ({ font: face.data, text: [...new Set(text)].join("") })));
    const files = subsets.map((data, i) => {
      const file = join(folder, `chart-${i}.ttf`);
      writeFileSync(file, data);
      return file;
    });
    for (const { name, svg } of figures) {
      const withFonts = pixels(svg, files);
      const outlined = pixels(textAsOutlines(svg, chart)!);
      expect(outlined.length).toBe(withFonts.length);
      let differing = 0;
      let ink = 0;
      for (let i = 0; i < outlined.length; i++) {
        if (Math.abs(outlined[i]! - withFonts[i]!) > 64) differing++;
        if (withFonts[i]! < 128) ink++;
      }
      expect(differing, name).toBeLessThan(ink / 200); // an edge pixel here and there, no glyph moved
      expect(ink).toBeGreaterThan(1000);
    }
  });

  it("leaves to resvg text it does not set, and keeps text with nothing to draw out", () => {
    const svg = (text: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><g fill="none">${text}</g></svg>`;
    const label = `<text text-anchor="middle" transform="translate(50,20)" font-family="Noto Sans SC" font-size="11px" fill="#333333">贵阳 2492</text>`;
    const outlined = textAsOutlines(svg(label), chart)!;
    expect(outlined).toMatch(/^<svg[^>]*><g fill="none"><path transform="translate\(50,20\)" fill="#333333" d="M[-\d.]+,[-\d.]+/);
    // centred: the outline spans about as far left of the origin as right
    const xs = [...outlined.matchAll(/[MLQC ](-?[\d.]+),/g)].map((m) => Number(m[1]));
    expect(Math.abs(Math.min(...xs) + Math.max(...xs))).toBeLessThan(2);
    for (const other of [label.replace("<text ", '<text dx="3" '), label.replace("<text ", '<text letter-spacing="1" '), label.replace("贵阳", "<tspan dx=\"2\">贵阳</tspan>"), label.replace('font-size="11px"', 'font-size="11px" font-style="italic"')]) {
      expect(textAsOutlines(svg(other), chart), other).toBeUndefined();
    }
    expect(textAsOutlines(svg(label.replace("贵阳 2492", "")), chart)).toBe(svg(""));
  });
});
