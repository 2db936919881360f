/**
 * Readable snapshots of the rendered content (review with `git diff`, update with `npm test -- -u`):
 * the document model as JSON, the text of every PDF page, and word/document.xml pretty-printed — for the
 * provincial bulletin and one prefecture report. Chart SVGs are snapshotted in charts.test.ts.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { DocModel } from "../src/model/types.js";
import { builtFile, builtModel } from "./support/built.js";
import { readPdf } from "./support/pdf.js";
import { docxParts } from "./support/docx.js";
import { prettyXml } from "./support/xml.js";

const REPORTS = [
  { region: "520000", report: "bulletin" },
  { region: "520300", report: "prefecture" },
];

/** The model with each chart's SVG replaced by its hash: the SVGs have snapshots of their own. */
function readableModel(model: DocModel): unknown {
  return {
    ...model,
    blocks: model.blocks.map((b) => (b.type === "figure" ? { ...b, svg: `sha256:${createHash("sha256").update(b.svg).digest("hex").slice(0, 16)}` } : b)),
  };
}

describe.each(REPORTS)("snapshots of $region $report", ({ region, report }) => {
  const name = `${region}-${report}`;

  it("document model", async () => {
    await expect(`${JSON.stringify(readableModel(builtModel(region, report)), null, 2)}\n`).toMatchFileSnapshot(`__snapshots__/model/${name}.json`);
  });

  it("PDF text, page by page", async () => {
    const pdf = await readPdf(builtFile(`${name}.pdf`));
    const pages = pdf.pages.map((p) => p.lines.map((l) => l.text).join("\n"));
    await expect(pages.map((text, i) => `--- page ${i + 1} ---\n${text}\n`).join("")).toMatchFileSnapshot(`__snapshots__/pdf/${name}.txt`);
    // every page ends with its own page number, `— N —`
    pdf.pages.forEach((p, i) => expect(p.lines.at(-1)?.text.replace(/\s/g, "")).toBe(`—${i + 1}—`));
  });

  it("DOCX word/document.xml", async () => {
    const parts = await docxParts(builtFile(`${name}.docx`));
    await expect(prettyXml(parts.get("word/document.xml")!)).toMatchFileSnapshot(`__snapshots__/docx/${name}.document.xml`);
  });
});

describe("prefecture report content", () => {
  it("names the prefecture in the title and gives its figure, the province's and what its rank ranks", () => {
    const model = builtModel("520300", "prefecture");
    expect(model.meta.title).toBe("遵义市2020年人力资源和社会保障统计摘要");
    const text = model.blocks.map((b) => (b.type === "paragraph" ? b.runs.map((r) => r.text).join("") : "")).join("\n");
    expect(text).toContain("遵义市企业离退休人员月人均基本养老金2316元，全省为2765元。企业离退休人员月人均基本养老金居全省第9位");
    const table = model.blocks.find((b) => b.type === "table");
    expect(table).toMatchObject({ caption: "遵义市与全省、各市（州）主要指标", header: ["地区", "企业离退休人员月人均基本养老金"] });
  });
});
