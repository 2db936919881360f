/**
 * The PDF's document level for the archive and for assistive technology (src/render/pdf/archive.ts, issue 24):
 * read back with pdf.js (and pdfinfo, pdffonts, qpdf where installed). No PDF/A validator runs here (veraPDF is
 * Java and not packaged), so these are the properties ISO 19005-2 lists that a reader can check: PDF 1.7; XMP
 * identification (pdfaid part 2, conformance A) in an uncompressed metadata stream whose entries match the
 * document information dictionary (§6.6.2.3.1), with the language; an sRGB output intent (§6.2.3); every font
 * embedded (§6.2.11.4); no encryption (§6.1.3); a file identifier (§6.1.3); no JavaScript (§6.1.7). Not checked:
 * the tag tree (not written yet), each glyph's presence in its font program, the ICC profile's own validity.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { xmpInfo } from "../src/render/pdf/pdfkit.js";
import { builtFile, builtModel } from "./support/built.js";
import { readPdf } from "./support/pdf.js";

const REPORTS = [
  { region: "520000", report: "bulletin" },
  { region: "520300", report: "prefecture" },
];

/** A Debian tool's output, or undefined when it is not installed. */
function tool(name: string, args: string[], pdf: Buffer): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), "bulletin-pdf-archive-"));
  try {
    const file = join(dir, "doc.pdf");
    writeFileSync(file, pdf);
    return execFileSync(name, [...args, file], { encoding: "utf8" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(REPORTS)("PDF of $region $report, for the archive", ({ region, report }) => {
  const name = `${region}-${report}.pdf`;
  const pdf = builtFile(name);
  const model = builtModel(region, report);
  const raw = pdf.toString("latin1");

  it("says its language (/Lang zh-CN) and shows its title, not its file name (DisplayDocTitle)", async () => {
    const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
    const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown> };
    expect(info.Language).toBe("zh-CN");
    expect(info.PDFFormatVersion).toBe("1.7");
    expect(await doc.getViewerPreferences()).toEqual({ DisplayDocTitle: true });
    await doc.destroy();
  });

  it("carries XMP metadata: PDF/A-2a identification, title, issuers, language, dates from SOURCE_DATE_EPOCH, matching the Info dictionary", async () => {
    const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
    const { info, metadata } = (await doc.getMetadata()) as unknown as { info: Record<string, string>; metadata: { getAll(): Record<string, unknown> } };
    const xmp = metadata.getAll();
    // test/setup/build.ts builds with SOURCE_DATE_EPOCH=1623196800
    expect(xmp).toEqual({
      "pdfaid:part": "2",
      "pdfaid:conformance": "A",
      "xmp:createdate": "2021-06-09T00:00:00Z",
      "xmp:modifydate": "2021-06-09T00:00:00Z",
      "xmp:metadatadate": "2021-06-09T00:00:00Z",
      "xmp:creatortool": info.Creator,
      "dc:format": "application/pdf",
      "dc:title": model.meta.title,
      ...(model.meta.author ? { "dc:creator": [model.meta.author] } : {}),
      "dc:description": model.meta.subject,
      "dc:language": "zh-CN",
      "pdf:producer": info.Producer,
      "pdf:keywords": model.meta.keywords.join(", "),
    });
    expect(info.CreationDate).toBe("D:20210609000000Z");
    expect(info.ModDate).toBe("D:20210609000000Z");
    expect(info.Title).toBe(model.meta.title);
    await doc.destroy();
    // the metadata stream is not compressed (ISO 19005-2 §6.6.2.1): its packet is in the file as text
    expect(raw).toMatch(/\/Type \/Metadata\n\/Subtype \/XML\n[^]*?stream\n<\?xpacket begin=/);
  });

  it("has an sRGB output intent, a file identifier, no encryption and no JavaScript", () => {
    expect(raw.startsWith("%PDF-1.7\n")).toBe(true);
    expect(raw).toMatch(/\/Type \/OutputIntent\n\/S \/GTS_PDFA1\n\/Info \(sRGB IEC61966-2\.1\)\n\/OutputConditionIdentifier \(sRGB IEC61966-2\.1\)\n\/DestOutputProfile \d+ 0 R/);
    expect(raw).toMatch(/\/Type \/Catalog\n[^]*?\/OutputIntents \[\d+ 0 R\]/);
    expect(raw).toMatch(/trailer\n<<[^]*?\/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]/);
    expect(raw).not.toMatch(/\/Encrypt\b|\/JavaScript\b|\/JS\b/);
  });

  it("points every bookmark at its heading's line, not at the page's corner", async () => {
    const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
    const outline = ((await doc.getOutline()) ?? []) as { title: string; dest: unknown[] }[];
    const headings = model.blocks.flatMap((b) => (b.type === "heading" && b.level === 1 ? [`${b.number}${b.text}`] : []));
    expect(outline.map((o) => o.title)).toEqual(headings);
    const pages = (await readPdf(pdf)).pages;
    for (const o of outline) {
      const [ref, fit, left, top, zoom] = o.dest as [{ num: number; gen: number }, { name: string }, number | null, number, number | null];
      expect([fit.name, left, zoom]).toEqual(["XYZ", null, null]); // keep the reader's horizontal place and zoom
      const page = pages[await doc.getPageIndex(ref)]!;
      const line = page.lines.find((l) => l.text.replace(/\s/g, "") === o.title)!;
      expect(line, `${o.title} on page ${page.number}`).toBeDefined();
      // the destination's top is the top of the heading's line: above its baseline, within one line pitch
      const fromTop = page.height - top;
      expect(line.y - fromTop, o.title).toBeGreaterThan(0);
      expect(line.y - fromTop, o.title).toBeLessThan(2 * line.size);
    }
    await doc.destroy();
  });

  it("embeds every font (pdffonts), and pdfinfo and qpdf read it as PDF 1.7 with metadata, where installed", (ctx) => {
    const fonts = tool("pdffonts", [], pdf);
    const info = tool("pdfinfo", [], pdf);
    const check = tool("qpdf", ["--check"], pdf);
    if (fonts === undefined && info === undefined && check === undefined) return ctx.skip("none of pdffonts, pdfinfo, qpdf installed (apt-get install poppler-utils qpdf)");
    if (fonts !== undefined) {
      const rows = fonts.split("\n").slice(2).filter(Boolean);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row, row).toMatch(/\s(?:CID TrueType|TrueType|Type 1C|CID Type 0C)\s.*\syes yes yes\s/);
    }
    if (info !== undefined) {
      expect(info).toMatch(/^PDF version:\s+1\.7$/m);
      expect(info).toMatch(/^Metadata Stream:\s+yes$/m);
      expect(info).toMatch(/^Encrypted:\s+no$/m);
      expect(info).toMatch(/^JavaScript:\s+no$/m);
    }
    if (check !== undefined) expect(check).toMatch(/No syntax or stream encoding errors found/);
  });
});

describe("the XMP the PDF renderer writes", () => {
  it("escapes what XML would read as markup", () => {
    const xml = xmpInfo({ Title: "A & B <c>", Author: '"甲"', CreationDate: new Date(0), ModDate: new Date(0) }, "zh-CN");
    expect(xml).toContain('<rdf:li xml:lang="x-default">A &amp; B &lt;c&gt;</rdf:li>');
    expect(xml).toContain("<rdf:li>&quot;甲&quot;</rdf:li>");
    expect(xml).toContain("<xmp:ModifyDate>1970-01-01T00:00:00Z</xmp:ModifyDate>");
  });
});
