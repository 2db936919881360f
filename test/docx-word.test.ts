/**
 * The built bulletin and 遵义市 DOCX in Word's own terms (issue 12), read from their XML: run-in （一） headings are
 * Heading 2 paragraphs behind a style separator, numbers and captions are SEQ fields with cached results, keeps and
 * widow control are set, every heading level is in the house style, PNG fallbacks are print resolution, and the
 * embedded fonts carry per-document aliases.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { builtFile, builtModel } from "./support/built.js";
import { docxParts, paragraphTexts, styleSeparated } from "./support/docx.js";
import JSZip from "jszip";

let bulletin: Map<string, string>;
let zunyi: Map<string, string>;

beforeAll(async () => {
  bulletin = await docxParts(builtFile("520000-bulletin.docx"));
  zunyi = await docxParts(builtFile("520300-prefecture.docx"));
});

const doc = () => bulletin.get("word/document.xml")!;

describe("DOCX in Word's terms", () => {
  it("makes every run-in （一）…。 heading a Heading 2 paragraph with a hidden mark, read run-in with its text", () => {
    const model = builtModel("520000", "bulletin");
    const runIns = model.blocks.filter((b) => b.type === "paragraph" && b.runs[0]?.style === "runIn" && /^（[一二三四五六七八九十]+）/.test(b.runs[0].text));
    expect(runIns.length).toBeGreaterThan(20);
    const separated = styleSeparated(doc());
    expect(separated).toHaveLength(runIns.length);
    for (const p of separated) {
      expect(p).toContain('<w:pStyle w:val="Heading2"/>');
      expect(p).toMatch(/<w:rPr><w:vanish\/><w:specVanish\/><\/w:rPr><\/w:pPr>/);
      // Its （一） is the Heading 2 style's numbering, second level (renumbered when a heading is inserted), not typed text.
      expect(p).not.toContain('<w:numId w:val="0"/>');
      expect(p).not.toMatch(/<w:t(?: [^>]*)?>（[一二三四五六七八九十]+）/);
    }
    // Read as Word shows it (numbers from the numbering definition), each heading runs into its paragraph.
    const texts = paragraphTexts(doc());
    for (const b of runIns) if (b.type === "paragraph") expect(texts).toContain(b.runs.map((r) => r.text).join(""));
  });

  it("numbers 图N 表N with SEQ fields whose cached results are the numbers, 一、 （一） from a numbering definition", () => {
    const model = builtModel("520000", "bulletin");
    const figures = model.blocks.filter((b) => b.type === "figure").length;
    const tables = model.blocks.filter((b) => b.type === "table").length;
    const seq = (name: string) => [...doc().matchAll(new RegExp(`<w:fldSimple w:instr="SEQ ${name}[^"]*"><w:r><w:t xml:space="preserve">([^<]+)</w:t>`, "g"))].map((m) => m[1]);
    expect(seq("图")).toEqual(Array.from({ length: figures }, (_, i) => String(i + 1)));
    expect(seq("表")).toEqual(Array.from({ length: tables }, (_, i) => String(i + 1)));
    const level0 = [...doc().matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<\/w:p>/g)].filter((m) => m[0].includes('<w:pStyle w:val="Heading1"/>') && !m[0].includes('<w:numId w:val="0"/>')).length;
    expect(level0).toBe(model.blocks.filter((b) => b.type === "heading" && b.level === 1).length);
    expect(bulletin.get("word/numbering.xml")).toContain('<w:numFmt w:val="chineseCounting"/>');
    // Read back as Word numbers them, the headings are the bulletin's.
    expect(paragraphTexts(doc())).toContain("一、促进城乡就业");
  });

  it("keeps headings and captions with what follows, and sets widow control on running text", () => {
    const styles = bulletin.get("word/styles.xml")!;
    for (const id of ["Heading1", "Heading2", "Title"]) expect(styles).toMatch(new RegExp(`w:styleId="${id}"[\\s\\S]*?<w:keepNext/>`));
    const body = [...doc().matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<\/w:p>/g)].map((m) => m[0]).filter((p) => !p.includes("<w:pStyle"));
    expect(body.filter((p) => p.includes("<w:widowControl/>")).length).toBeGreaterThan(40);
    expect(doc()).toMatch(/<w:pStyle w:val="Caption"\/><w:keepNext\/><w:keepLines\/>/); // a table caption
    // The issuers and the date keep together, and the text they sign keeps its last lines with them (Word splits
    // a paragraph kept with the next one, widow control leaving two lines): never alone on a page.
    const paragraphs = [...doc().matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<\/w:p>/g)].map((m) => m[0]);
    const first = paragraphs.findIndex((p) => p.includes('<w:pStyle w:val="Signature"/>'));
    expect(paragraphs.slice(first).map((p) => p.includes("<w:keepNext/>"))).toEqual([true, true, false]);
    expect(paragraphs[first - 1]).toMatch(/<w:keepNext\/><w:widowControl\/>/);
    expect(paragraphs[first - 1]).not.toContain("<w:keepLines/>");
  });

  it("defines Heading 3–6 in the house style (black, upright, the body face)", () => {
    const styles = bulletin.get("word/styles.xml")!;
    for (const n of [3, 4, 5, 6]) {
      const s = new RegExp(`<w:style\\b[^>]*w:styleId="Heading${n}"[^>]*>[\\s\\S]*?</w:style>`).exec(styles)?.[0];
      expect(s, `Heading${n}`).toBeDefined();
      expect(s).toContain(`<w:outlineLvl w:val="${n - 1}"/>`);
      expect(s).toContain('<w:color w:val="000000"/>');
      expect(s).not.toContain("<w:i/>");
    }
  });

  it("draws the chart PNG fallbacks at 300 ppi or more", async () => {
    const zip = await JSZip.loadAsync(builtFile("520000-bulletin.docx"));
    const extents = [...doc().matchAll(/<wp:extent cx="(\d+)"/g)].map((m) => Number(m[1]) / 12700);
    const pngs = Object.keys(zip.files).filter((n) => n.endsWith(".png"));
    expect(pngs.length).toBeGreaterThan(0);
    const widest = Math.max(...extents);
    for (const name of pngs) {
      const png = await zip.file(name)!.async("nodebuffer");
      expect((png.readUInt32BE(16) / widest) * 72, name).toBeGreaterThanOrEqual(299.5);
    }
  });

  it("names the families as installed, embeds no font, and lists each in the font table with its signature", () => {
    for (const parts of [bulletin, zunyi]) {
      const names = [...parts.get("word/fontTable.xml")!.matchAll(/<w:font w:name="([^"]+)">/g)].map((m) => m[1]!);
      expect(names).toEqual(["Noto Serif SC", "Noto Sans SC"]);
      // Every w:rFonts of the package names one of them (never a renamed subset such as "Noto Serif SC 2c79aeea").
      for (const part of ["word/document.xml", "word/styles.xml"]) {
        for (const r of parts.get(part)!.matchAll(/<w:rFonts\b[^>]*>/g)) for (const m of r[0].matchAll(/w:(?:ascii|hAnsi|eastAsia|cs)="([^"]*)"/g)) expect(names, part).toContain(m[1]);
      }
      expect([...parts.keys()].some((k) => k.startsWith("word/fonts/"))).toBe(false);
      expect(parts.get("word/settings.xml")).not.toContain("embedTrueTypeFonts");
      // GB 2312 in the code-page signature (bit 18), from the font's OS/2 table: what Word judges a substitute by.
      expect(Number.parseInt(/w:csb0="([0-9A-F]+)"/.exec(parts.get("word/fontTable.xml")!)![1]!, 16) & (1 << 18)).not.toBe(0);
    }
  });
});
