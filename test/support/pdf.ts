/** Reads a PDF back with pdfjs-dist: per page, the text lines with glyph positions (in points, y from the top). */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export interface PdfItem {
  readonly str: string;
  readonly x: number;
  /** Baseline, measured from the top of the page. */
  readonly y: number;
  readonly width: number;
  readonly size: number;
  /** PostScript name of the embedded font, subset prefix removed (NotoSerifSC-Regular). */
  readonly font: string;
}

export interface PdfLine {
  readonly y: number;
  readonly x: number;
  readonly right: number;
  readonly text: string;
  readonly size: number;
  readonly items: readonly PdfItem[];
}

export interface PdfPage {
  readonly number: number;
  readonly width: number;
  readonly height: number;
  readonly lines: readonly PdfLine[];
}

export interface PdfInfo {
  readonly pages: readonly PdfPage[];
  readonly info: Record<string, unknown>;
  readonly outline: readonly string[];
  readonly fonts: readonly string[];
}

export async function readPdf(data: Buffer): Promise<PdfInfo> {
  const doc = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    await page.getOperatorList(); // loads the fonts, so that items can be given their real font names
    const content = await page.getTextContent();
    const items: PdfItem[] = [];
    for (const it of content.items) {
      if (!("str" in it) || it.str === "") continue;
      const [a, b, , , e, f] = it.transform as number[];
      const font = (page.commonObjs.get(it.fontName) as { name?: string } | undefined)?.name ?? it.fontName;
      items.push({ str: it.str, x: e!, y: height - f!, width: it.width, size: Math.hypot(a!, b!), font: font.replace(/^[A-Z]{6}\+/, "") });
    }
    pages.push({ number: n, width, height, lines: groupLines(items) });
  }
  const meta = await doc.getMetadata();
  const outline = ((await doc.getOutline()) ?? []).flatMap(function walk(o: { title: string; items: unknown[] }): string[] {
    return [o.title, ...(o.items as { title: string; items: unknown[] }[]).flatMap(walk)];
  });
  await doc.destroy();
  return { pages, info: meta.info as Record<string, unknown>, outline, fonts: [] };
}

/** Items whose baselines are within 1 pt form a line, left to right. */
function groupLines(items: PdfItem[]): PdfLine[] {
  const sorted = [...items].sort((p, q) => p.y - q.y || p.x - q.x);
  const lines: PdfItem[][] = [];
  for (const item of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last[0]!.y - item.y) < 1) last.push(item);
    else lines.push([item]);
  }
  return lines.map((ls) => {
    const row = ls.sort((p, q) => p.x - q.x);
    const lastItem = row[row.length - 1]!;
    return { y: row[0]!.y, x: row[0]!.x, right: lastItem.x + lastItem.width, text: row.map((i) => i.str).join(""), size: Math.max(...row.map((i) => i.size)), items: row };
  });
}

/** A page-number line, `— 3 —` (GB/T 9704 §7.5). */
export const PAGE_NUMBER_LINE = /^—\s*\d+\s*—$/;

/** The text of each page, one line a line, without the page-number line. */
export function pageTexts(pdf: PdfInfo): string[] {
  return pdf.pages.map((p) => p.lines.filter((l) => !PAGE_NUMBER_LINE.test(l.text.trim())).map((l) => l.text).join("\n"));
}

/**
 * The running text, read past figures and tables as a reader does: lines in the body and title sizes, and the
 * notes under tables (`备注：`, `注：`).
 */
export function runningText(pdf: PdfInfo): string {
  const running = (l: PdfLine) => Math.abs(l.size - 16) < 0.1 || Math.abs(l.size - 22) < 0.1 || /^(备注|注)：/.test(l.text.trim());
  return pdf.pages.flatMap((p) => p.lines.filter((l) => !PAGE_NUMBER_LINE.test(l.text.trim()) && running(l)).map((l) => l.text)).join("\n");
}
