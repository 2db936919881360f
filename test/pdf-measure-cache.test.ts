/**
 * The PDF measure cache (src/render/pdf/measure-cache.ts) hands pdfmake the inlines of text it measured in an
 * earlier document: the PDF must come out byte for byte as pdfmake makes it alone, through pagination (which
 * lays a report out many times) and across documents of one process.
 */
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { loadFontProfile } from "../src/fonts/profile.js";
import { presentDocument } from "../src/present/present.js";
import { paginate } from "../src/present/paginate.js";
import { measurePdf } from "../src/render/pdf/measure.js";
import { renderPdf } from "../src/render/pdf/index.js";
import { measureCacheStats, useMeasureCache } from "../src/render/pdf/measure-cache.js";
import type { DocModel } from "../src/model/types.js";
import { builtModel } from "./support/built.js";

const fonts = loadFontProfile("default", "fonts");

async function pdfOf(model: DocModel): Promise<{ sha: string; pages: number }> {
  // A measure of its own each time: pagination lays the document out again rather than resuming its last result.
  const measure = measurePdf(fonts);
  const doc = await paginate(presentDocument(model, fonts), (d, pages) => measure(d, pages));
  const pdf = await renderPdf(doc, fonts, { date: new Date(Date.UTC(2021, 5, 9)) });
  return { sha: createHash("sha256").update(pdf).digest("hex"), pages: (pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length };
}

describe("PDF measure cache", () => {
  afterAll(() => useMeasureCache(true));

  it("makes the same bytes as pdfmake measuring every node itself, for the bulletin and a brief, in any order", async () => {
    const bulletin = builtModel("520000", "bulletin");
    const brief = builtModel("520300", "prefecture");
    useMeasureCache(false);
    const plain = [await pdfOf(bulletin), await pdfOf(brief)];
    useMeasureCache(true);
    const before = { ...measureCacheStats };
    // The brief first this time: its text (titles, the date, shared sentences) is then cached for the bulletin.
    const cachedBrief = await pdfOf(brief);
    const cachedBulletin = await pdfOf(bulletin);
    const again = await pdfOf(bulletin);
    expect(plain[0]!.pages).toBeGreaterThan(20);
    expect([cachedBulletin, cachedBrief, again]).toEqual([plain[0], plain[1], plain[0]]);
    // The cache was really used: pagination's passes and the second bulletin measured (nearly) nothing again.
    expect(measureCacheStats.hits - before.hits).toBeGreaterThan(4 * (measureCacheStats.misses - before.misses));
  }, 120_000);
});
