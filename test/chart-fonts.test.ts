/**
 * The chart faces' subsets made by another thread (src/render/docx/chart-fonts.ts, the DOCX's text aid): taken by
 * the thread that draws the PNGs only when they are of the very face it has (file, size, whole-file checksum) and
 * hold the characters it needs; else made there, as without the aid.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { adoptChartSubsets, makeChartSubsets, subsetFiles } from "../src/render/docx/chart-fonts.js";
import { loadFontProfile } from "../src/fonts/profile.js";
import { ROOT } from "./support/dataset.js";

describe("chart subsets made by another thread", () => {
  const fonts = loadFontProfile("default", join(ROOT, "fonts"));
  const regular = fonts.roles.chart.regular;

  it("are taken where they are of the same face and hold the characters, and not where the face differs", async () => {
    // Of another face (a checksum that is not this file's): not taken, the subset made here instead.
    const [real] = await makeChartSubsets(fonts, "甲乙");
    const foreign = { ...real!, checksum: real!.checksum ^ 1, data: new Uint8Array([1, 2, 3]) };
    adoptChartSubsets(Promise.resolve([foreign]));
    const [mine] = await subsetFiles([regular], "甲");
    expect(readFileSync(mine!).length).toBeGreaterThan(1000);
    expect(readFileSync(mine!).equals(Buffer.from(foreign.data))).toBe(false);
    // Of this face, with a character the subset here lacks: taken as it came.
    const [made] = await makeChartSubsets(fonts, "就业丙");
    expect(made).toMatchObject({ file: regular.file, length: regular.size, checksum: regular.info.checksum });
    expect(made!.chars).toContain("丙");
    adoptChartSubsets(Promise.resolve([made!]));
    const [taken] = await subsetFiles([regular], "丙");
    expect(readFileSync(taken!).equals(Buffer.from(made!.data))).toBe(true);
    // A thread whose aid failed hands over nothing: the subsets here serve, grown here where they must be.
    adoptChartSubsets(Promise.resolve(undefined));
    const [grown] = await subsetFiles([regular], "丁");
    expect(readFileSync(grown!).equals(Buffer.from(made!.data))).toBe(false);
  });
});
