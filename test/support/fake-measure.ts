/**
 * A measure for pagination tests with no fonts and no renderer: pages of `lines` lines at the profile's line
 * pitch; a paragraph's characters all one character pitch wide, set as justified text flows (a line holds
 * type-area width ÷ advance characters, fractions carried to the next line), the first line indented; 收行 and
 * 放行 (`flow.squeeze`, `flow.loosen`) change the advance, so a paragraph set tighter can end a line earlier. A
 * figure is a picture of its height and a caption line, never split; a table a caption line and one line a row
 * (a laid line per cell, as the PDF's measure notes them), split between rows. `breakBefore` starts a page.
 *
 * Documents are built with the helpers below (`fakeDocument`, `paragraph`, `heading`, `figure`, `table`,
 * `signature`); the measure counts its calls and the pages it laid out, for the cost test.
 */
import type { BlockLayout, LaidLine, Measure } from "../../src/present/paginate.js";
import { PAGE_PROFILE, type PageProfile } from "../../src/present/profile.js";
import type { PresentedBlock, PresentedDocument, PresentedFigure, PresentedParagraph, PresentedTable } from "../../src/present/types.js";

/** A page of `lines` lines of the default profile's pitch and width (28 characters a line). */
export function fakeProfile(lines = 20): PageProfile {
  const p = PAGE_PROFILE;
  const height = lines * p.linePitch;
  return { ...p, typeArea: { ...p.typeArea, height }, grid: { ...p.grid, lines }, page: { ...p.page, height: p.margin.top + height + p.margin.bottom } };
}

const face = { role: "body", bold: false } as const;

export function paragraph(chars: number, text = "测"): PresentedParagraph {
  const p = PAGE_PROFILE;
  return {
    kind: "paragraph",
    style: "body",
    runs: [{ text: Array.from({ length: chars }, (_, i) => text[i % text.length]).join(""), face }],
    size: 16,
    linePitch: p.linePitch,
    align: "justify",
    firstLineIndent: 2 * p.charPitch,
    rightIndent: 0,
    spaceBefore: 0,
    spaceAfter: 0,
    keep: { withNext: false, together: false },
  };
}

export function heading(text: string, level: 1 | 2 = 1): PresentedParagraph {
  return { ...paragraph(0), style: level === 1 ? "heading1" : "heading2", runs: [{ text, face }], firstLineIndent: 0, keep: { withNext: true, together: true } };
}

export function signature(text: string): PresentedParagraph {
  return { ...paragraph(0), style: "signature", runs: [{ text, face }], firstLineIndent: 0, align: "right", keep: { withNext: true, together: true } };
}

/** A figure whose picture is `lines` lines high (its caption a line more). */
export function figure(number: number, lines: number): PresentedFigure {
  const p = PAGE_PROFILE;
  const caption = { ...paragraph(0), style: "caption" as const, runs: [{ text: `图${number}`, face }], firstLineIndent: 0 };
  return { kind: "figure", number, caption, chart: `fig${number}`, svg: "<svg/>", description: `图${number}。`, width: p.typeArea.width, height: lines * p.linePitch, spaceBefore: 0, spaceAfter: 0 };
}

/** A table of a header row and `rows` body rows of two cells. */
export function table(number: number, rows: number): PresentedTable {
  const p = PAGE_PROFILE;
  const caption = { ...paragraph(0), style: "caption" as const, runs: [{ text: `表${number}`, face }], firstLineIndent: 0, keep: { withNext: true, together: true } };
  const cell = (text: string, column: number, header = false) => ({ runs: [{ text, face }], align: "left" as const, header, column, rowSpan: 1, colSpan: 1 });
  return {
    kind: "table",
    number,
    caption,
    columns: [p.typeArea.width / 2, p.typeArea.width / 2],
    headerRows: 1,
    rows: [[cell("地区", 0, true), cell("数值", 1, true)], ...Array.from({ length: rows }, (_, k) => [cell(`地区${k + 1}`, 0), cell(String(100 + k), 1)])],
    notes: [],
    cellSize: 14,
    cellPitch: p.linePitch,
    cellPadding: { vertical: 0, horizontal: 0 },
    rule: 0,
    spaceBefore: 0,
    spaceAfter: 0,
    keepHeadWithRows: 1,
  };
}

export function fakeDocument(blocks: readonly PresentedBlock[], lines = 20): PresentedDocument {
  const meta = { report: "fake", region: { code: "000000", name: "测试" }, year: 2020, title: "测试", author: "测试", subject: "测试", keywords: [], lang: "zh-CN" } as const;
  return { meta, profile: fakeProfile(lines), blocks, pageNumber: { before: "— ", after: " —", size: 14, face } };
}

export interface FakeMeasure extends Measure {
  /** Measure calls so far. */
  readonly calls: () => number;
  /** Pages laid out so far, over all calls. */
  readonly pages: () => number;
}

/**
 * The characters of a paragraph on each of its lines, as a justified flow at `advance` points a character (an
 * ASCII character half of it with `halfAscii`, as the line layout sets digits on the grid: `gridEms`).
 */
function flowLines(p: PresentedParagraph, width: number, charPitch: number, halfAscii: boolean): string[] {
  const chars = Array.from(p.runs.map((r) => r.text).join(""));
  const change = -(p.flow?.squeeze ?? 0) + (p.flow?.loosen ?? 0);
  const advance = (c: string): number => (halfAscii && c < "\u0080" ? charPitch / 2 : charPitch) + change;
  const lines: string[] = [];
  // Where each character ends, from the first line's start (lines follow each other: fractions carried).
  let end = p.firstLineIndent;
  for (const c of chars) {
    end += advance(c);
    // The smallest line whose end the character's end reaches no further than.
    const line = Math.max(0, Math.ceil(end / width - 1e-9) - 1);
    lines[line] = (lines[line] ?? "") + c;
  }
  return lines.length > 0 ? Array.from(lines, (l) => l ?? "") : [""];
}

/** @param halfAscii ASCII characters half a character pitch wide (default: every character one). */
export function fakeMeasure({ halfAscii = false }: { readonly halfAscii?: boolean } = {}): FakeMeasure {
  let calls = 0;
  let laidPages = 0;
  const measure = async (doc: PresentedDocument, pages = Infinity): Promise<readonly BlockLayout[]> => {
    calls++;
    const { margin, linePitch: pitch, typeArea, charPitch } = doc.profile;
    const bottom = margin.top + typeArea.height;
    const out: BlockLayout[] = doc.blocks.map(() => ({ lines: [] }));
    let page = 1;
    let y = margin.top;
    const newPage = (): boolean => {
      if (page + 1 > pages) return false;
      page++;
      y = margin.top;
      return true;
    };
    /** Room for `height` here, or a new page: false where the page limit stops the layout. */
    const room = (height: number): boolean => y + height <= bottom + 0.5 || (y > margin.top && newPage());
    laying: for (const [i, b] of doc.blocks.entries()) {
      const lines: LaidLine[] = [];
      if (b.flow?.breakBefore && y > margin.top && !newPage()) break;
      y += y > margin.top ? b.spaceBefore : 0;
      if (b.kind === "paragraph") {
        for (const text of flowLines(b, typeArea.width - b.rightIndent, charPitch, halfAscii)) {
          if (!room(pitch)) break laying;
          lines.push({ page, top: y, height: pitch, text });
          y += pitch;
        }
      } else if (b.kind === "figure") {
        if (!room(b.height + pitch)) break laying;
        lines.push({ page, top: y, height: b.height }, { page, top: y + b.height, height: pitch, text: b.caption.runs[0]!.text });
        y += b.height + pitch;
      } else {
        if (!room(pitch)) break laying;
        lines.push({ page, top: y, height: pitch, text: b.caption.runs[0]!.text });
        y += pitch;
        for (const row of b.rows) {
          if (!room(pitch)) break laying;
          lines.push({ page, top: y, height: pitch, text: row.map((cell) => cell.runs[0]!.text).join(" ") });
          y += pitch;
        }
      }
      y += b.spaceAfter;
      out[i] = { lines };
    }
    laidPages += page;
    return out;
  };
  return Object.assign(measure, { calls: () => calls, pages: () => laidPages });
}
