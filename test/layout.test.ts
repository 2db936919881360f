/**
 * GB/T 9704-2012 layout, measured on the built PDF from glyph positions (pdfjs-dist):
 * margins, body size, line pitch, characters per line, page numbers, 避头尾, outline and metadata.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readPdf, PAGE_NUMBER_LINE, type PdfInfo, type PdfLine } from "./support/pdf.js";
import { builtFile } from "./support/built.js";

const MM = 72 / 25.4;
const TOLERANCE = 1.5 * MM;
/** The ideographic em box's top lies 0.88 em above the baseline in the CJK fonts used. */
const EM_TOP = 0.88;

const CLOSING = "，。、；：？！）》」』”’〕】…%";
const OPENING = "（《「『“‘〔【";

let pdf: PdfInfo;
let body: { page: number; lines: PdfLine[] }[];

beforeAll(async () => {
  pdf = await readPdf(builtFile("520000-bulletin.pdf"));
  body = pdf.pages.map((p) => ({ page: p.number, lines: p.lines.filter((l) => Math.abs(l.size - 16) < 0.05 && !PAGE_NUMBER_LINE.test(l.text.trim())) }));
});

/** Pages filled with running text from top to bottom (no table or figure). */
const fullPages = (): { page: number; lines: PdfLine[] }[] => body.filter((p) => p.lines.length === 22);

describe("page and type area (GB/T 9704 §5.2)", () => {
  it("is A4", () => {
    for (const p of pdf.pages) {
      expect(p.width).toBeCloseTo(210 * MM, 1);
      expect(p.height).toBeCloseTo(297 * MM, 1);
    }
  });

  it("has margins of 37 mm top, 28 mm left, 26 mm right, 35 mm bottom (within 1.5 mm)", () => {
    const pages = fullPages();
    expect(pages.length).toBeGreaterThan(5);
    for (const { page, lines } of pages) {
      const first = lines[0]!;
      const last = lines[lines.length - 1]!;
      expect(Math.abs(first.y - EM_TOP * first.size - 37 * MM), `top, page ${page}`).toBeLessThan(TOLERANCE);
      // the last line's descent (0.12 em) sits at most one line's leading above the bottom margin
      const bottom = 297 * MM - (last.y + 0.12 * last.size);
      expect(bottom, `bottom, page ${page}`).toBeGreaterThan(35 * MM - TOLERANCE);
      expect(bottom, `bottom, page ${page}`).toBeLessThan(35 * MM + 14 * MM);
      const lefts = lines.map((l) => l.x);
      expect(Math.abs(Math.min(...lefts) - 28 * MM), `left, page ${page}`).toBeLessThan(TOLERANCE);
      // A closing or stop mark ending a line is set half width (GB/T 15834 §5.1.10): its blank half, in the box
      // pdf.js measures, lies beyond the edge. Lines ending otherwise reach it.
      const rights = lines.filter((l) => !/[，。、；：？！”’）》〕」』】]$/.test(l.text)).map((l) => 210 * MM - l.right);
      expect(Math.abs(Math.min(...rights) - 26 * MM), `right, page ${page}`).toBeLessThan(TOLERANCE);
    }
  });

  it("sets the body in 16 pt with a line pitch of 225 mm / 22 ≈ 28.99 pt: 22 lines a page", () => {
    for (const { lines } of fullPages()) {
      expect(lines.every((l) => l.size === 16)).toBe(true);
      const pitches = lines.slice(1).map((l, i) => l.y - lines[i]!.y);
      for (const pitch of pitches) expect(Math.abs(pitch - (225 * MM) / 22)).toBeLessThan(0.5);
    }
  });

  it("fits 28 characters in a full line of Chinese text, 26 after the two-character indent", () => {
    const typeRight = 210 * MM - 26 * MM;
    // Lines by paragraph (a paragraph starts with an indented line).
    const paragraphs: { start: string; counts: { n: number; cells: number; text: string }[] }[] = [];
    for (const { lines } of body) {
      for (const line of lines) {
        const indented = line.x - 28 * MM > 10;
        if (indented || paragraphs.length === 0) paragraphs.push({ start: line.text.slice(0, 16), counts: [] });
        // Ideographs and full-width punctuation only: digits and the curly quotes (proportional in Noto SC,
        // full-width in 仿宋_GB2312) take less than a character cell.
        if (!/^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef《》、]+$/.test(line.text) || Math.abs(line.right - typeRight) > 1) continue;
        paragraphs[paragraphs.length - 1]!.counts.push({ n: line.text.length, cells: indented ? 26 : 28, text: line.text });
      }
    }
    const counts = paragraphs.flatMap((p) => p.counts);
    expect(counts.length).toBeGreaterThan(20);
    // Never more than the grid, but where the line's marks gave up their blank halves (clreq: adjacent marks `”。`
    // set in 1.5 em; 先挤进, marks squeezed to take a character rather than leave a loose line) and its gaps gave up
    // at most the profile's lines.shrinkMax (0.03 em) each: half an em a mark, 0.03 em a gap at most; fewer only where
    // 避头尾 or an unbreakable run (2020年) pushed characters to the next line, which justification then spreads.
    const marks = (t: string) => (t.match(/[，。、；：？！”’）》〕“‘（《〔]/g) ?? []).length;
    for (const c of counts) expect(c.n, c.text).toBeLessThanOrEqual(c.cells + Math.floor(marks(c.text) / 2 + 0.03 * (c.n - 1)));
    const exact = counts.filter((c) => c.n === c.cells).length;
    expect(exact / counts.length).toBeGreaterThan(0.8);
  });
});

describe("page numbers (GB/T 9704 §7.5)", () => {
  it("are `— N —` in 14 pt about 7 mm below the type area, odd pages right and even pages left, one character in", () => {
    const typeBottom = 37 * MM + 225 * MM;
    for (const p of pdf.pages) {
      const number = p.lines.find((l) => PAGE_NUMBER_LINE.test(l.text.trim()));
      expect(number, `page ${p.number}`).toBeDefined();
      expect(number!.text.replace(/\s/g, "")).toBe(`—${p.number}—`);
      expect(number!.size).toBeCloseTo(14, 1);
      const emTop = number!.y - EM_TOP * number!.size;
      expect(Math.abs(emTop - typeBottom - 7 * MM)).toBeLessThan(TOLERANCE);
      const oneChar = (156 * MM) / 28;
      if (p.number % 2 === 1) expect(Math.abs(210 * MM - 26 * MM - oneChar - number!.right)).toBeLessThan(TOLERANCE);
      else expect(Math.abs(number!.x - 28 * MM - oneChar)).toBeLessThan(TOLERANCE);
    }
  });
});

describe("line breaking (避头尾)", () => {
  it("no line starts with closing punctuation and none ends with opening punctuation", () => {
    const offending = pdf.pages.flatMap((p) =>
      p.lines
        .filter((l) => CLOSING.includes(l.text.trimStart()[0] ?? "") || OPENING.includes(l.text.trimEnd().at(-1) ?? ""))
        .map((l) => `page ${p.number}: ${l.text}`),
    );
    expect(offending).toEqual([]);
  });
});

describe("PDF fonts", () => {
  it("embeds every font it uses (text and charts), as subsets, and no standard-14 font", () => {
    const raw = builtFile("520300-prefecture.pdf").toString("latin1");
    const fonts = [...raw.matchAll(/\/BaseFont\s*\/([A-Za-z0-9+-]+)/g)].map((m) => m[1]!);
    const descriptors = [...raw.matchAll(/\/Type\s*\/FontDescriptor[\s\S]*?>>/g)].map((m) => m[0]);
    expect(fonts.length).toBeGreaterThan(0);
    expect(descriptors.length).toBeGreaterThan(0);
    for (const d of descriptors) expect(d, d).toMatch(/\/FontFile2?\s|\/FontFile3\s/);
    for (const f of fonts) expect(f).toMatch(/^[A-Z]{6}\+NotoS(erif|ans)SC-(Regular|Bold)$/);
    // the charts' labels are set in the chart font, the highlighted prefecture in its bold face
    expect(fonts).toEqual(expect.arrayContaining([expect.stringMatching(/NotoSansSC-Regular$/), expect.stringMatching(/NotoSansSC-Bold$/)]));
  });
});

describe("fonts by role in the PDF", () => {
  it("sets body text, headings and chart labels each in its role's font", async () => {
    const zunyi = await readPdf(builtFile("520300-prefecture.pdf"));
    const items = zunyi.pages.flatMap((p) => p.lines.flatMap((l) => l.items));
    const fontsAt = (size: number) => new Set(items.filter((i) => Math.abs(i.size - size) < 0.05).map((i) => i.font));
    // 11 pt is only used inside charts: never a silent fallback to the text font (shared/STACK.md)
    expect(fontsAt(11)).toEqual(new Set(["NotoSansSC-Regular", "NotoSansSC-Bold"]));
    const lines = zunyi.pages.flatMap((p) => p.lines);
    const firstFont = (start: string) => lines.find((l) => l.text.startsWith(start))?.items[0]?.font;
    expect(firstFont("一、主要指标")).toBe("NotoSansSC-Regular");
    expect(firstFont("据《")).toBe("NotoSerifSC-Regular");
  });
});

describe("PDF extras", () => {
  it("has an outline of the headings", () => {
    expect(pdf.outline.slice(0, 3)).toEqual(["一、促进城乡就业", "二、人力资源市场", "三、人事制度改革"]);
    expect(pdf.outline).toContain("十、人力资源社会保障能力建设");
  });

  it("has metadata: title, author = issuers, subject, keywords, language", () => {
    expect(pdf.info).toMatchObject({
      Title: "贵州省2020年人力资源和社会保障事业发展统计公报",
      Author: "贵州省人力资源和社会保障厅 贵州省统计局",
      Subject: "贵州省2020年人力资源和社会保障事业发展统计公报",
      Language: "zh-CN",
    });
    expect(pdf.info.Keywords).toContain("统计公报");
  });
});
