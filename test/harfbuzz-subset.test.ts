/**
 * The chart PNGs' font subsets (src/render/docx/harfbuzz.ts): harfbuzz with an instance per call gives the bytes
 * subset-font gives (the renderer used it before, and the OFD renderer still does), for both chart faces.
 */
import { join } from "node:path";
import subsetFont from "subset-font";
import { describe, expect, it } from "vitest";
import { subsetTrueType } from "../src/render/docx/harfbuzz.js";
import { loadFontProfile } from "../src/fonts/profile.js";
import { ROOT } from "./support/dataset.js";

const chart = loadFontProfile("default", join(ROOT, "fonts")).roles.chart;

describe("chart font subsets", () => {
  it("are the bytes subset-font makes, each face with its own characters, in one call", async () => {
    const texts = [" 0123456789.,%-+()（）：，、万亿元家人个件次年月日全省市州贵阳遵义", "城镇新增就业人数（万人）2016—2020"];
    const made = await subsetTrueType([
      { font: chart.regular.data, text: texts[0]! },
      { font: chart.bold.data, text: texts[1]! },
    ]);
    expect(made).toHaveLength(2);
    expect(made[0]!.equals(await subsetFont(chart.regular.data, texts[0]!, { targetFormat: "truetype" }))).toBe(true);
    expect(made[1]!.equals(await subsetFont(chart.bold.data, texts[1]!, { targetFormat: "truetype" }))).toBe(true);
    // a subset, not the face: a few glyphs out of tens of thousands
    expect(made[0]!.length).toBeLessThan(chart.regular.data.length / 100);
  });
});
