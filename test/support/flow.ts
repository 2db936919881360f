/**
 * The page flow of a built PDF, measured as a typesetter reads the pages (from glyph positions, pdfjs-dist):
 * the empty type area at the foot of each page (holes), orphans and widows of running text, headings and
 * captions stranded from what they belong to, and line breaks between a number and its unit.
 */
import { PAGE_NUMBER_LINE, type PdfInfo, type PdfLine } from "./pdf.js";

const MM = 72 / 25.4;
const TYPE_TOP = 37 * MM;
const TYPE_BOTTOM = (37 + 225) * MM;
const LEFT = 28 * MM;
const PITCH = (225 * MM) / 22;
const CHAR = (156 * MM) / 28;
const BODY = 16;
/** What the last line of a full page leaves below its characters: the line's leading. */
const FULL_PAGE_SLACK = PITCH - BODY;

const UNITS = /^(个百分点|万人次|亿元|万元|万人|万户|人次|百分点|元|人|户|家|个|件|次|项|岁|倍|%|‰|万|亿)/;

export interface FlowReport {
  readonly pages: number;
  /** Empty type area at the foot of each page but the last, in mm (0 for a full page). */
  readonly holes: readonly { readonly page: number; readonly mm: number }[];
  readonly orphans: readonly string[];
  readonly widows: readonly string[];
  readonly strandedHeadings: readonly string[];
  readonly strandedCaptions: readonly string[];
  readonly numberUnitSplits: readonly string[];
  /**
   * Pages a keep rule may have ended early, with the rule: the next page opens with a heading of its own (kept
   * with two lines of its text: 3 lines), a table's caption (kept with its header and first row), a paragraph's
   * continuation (lines carried over so that none is left alone at its head), or a paragraph's first line (at
   * least two lines of it at a page's foot: the rule for a page less than two lines short) — after figures that did
   * not fit, too; or `section end`: figures or tables that did not fit at the end of their section open the next
   * page, followed by the next section's heading (a float stays in its section, and where it had no place up the
   * page its text ends on — src/present/paginate/rules/section-end.ts — nothing may fill the page).
   */
  readonly ruledBreaks: readonly { readonly page: number; readonly rule: "heading" | "table" | "widow" | "orphan" | "section end" }[];
}

type Kind = "start" | "cont" | "heading" | "other";

interface Line {
  readonly page: number;
  readonly line: PdfLine;
  readonly kind: Kind;
  readonly runIn: boolean;
}

const near = (a: number, b: number, tol = 2) => Math.abs(a - b) < tol;

function classify(l: PdfLine): { kind: Kind; runIn: boolean } {
  const font = l.items[0]?.font ?? "";
  const text = l.text.trim();
  if (!near(l.size, BODY, 0.1)) return { kind: "other", runIn: false };
  const indented = near(l.x, LEFT + 2 * CHAR, 3);
  const atLeft = near(l.x, LEFT, 3);
  if (indented && /SansSC\w*-Regular/.test(font) && /^[一二三四五六七八九十]+、/.test(text)) return { kind: "heading", runIn: false };
  if (indented && /SerifSC\w*-Bold/.test(font) && /^（[一二三四五六七八九十]+）/.test(text)) {
    // A heading of its own ends without running text after it; a run-in heading's text follows on its line.
    const heading = l.items.every((i) => /SerifSC\w*-Bold/.test(i.font));
    return heading && !/。/.test(text) ? { kind: "heading", runIn: false } : { kind: "start", runIn: true };
  }
  if (indented) return { kind: "start", runIn: false };
  if (atLeft) return { kind: "cont", runIn: false };
  return { kind: "other", runIn: false };
}

export function measureFlow(pdf: PdfInfo): FlowReport {
  const pages = pdf.pages.map((p) => p.lines.filter((l) => !PAGE_NUMBER_LINE.test(l.text.trim())));
  const holes = pages.slice(0, -1).map((lines, i) => {
    const last = lines[lines.length - 1];
    const bottom = last ? last.y + 0.12 * last.size : TYPE_TOP;
    return { page: i + 1, mm: Math.max(0, (TYPE_BOTTOM - bottom - FULL_PAGE_SLACK) / MM) };
  });

  const flow: Line[] = pages.flatMap((lines, i) => lines.map((line) => ({ page: i + 1, line, ...classify(line) })));
  const orphans: string[] = [];
  const widows: string[] = [];
  const strandedHeadings: string[] = [];
  const strandedCaptions: string[] = [];
  const numberUnitSplits: string[] = [];
  const short = (l: Line) => `p${l.page}: ${l.line.text.trim().slice(0, 16)}`;

  for (let i = 0; i < flow.length; i++) {
    const l = flow[i]!;
    const next = flow[i + 1];
    const samePage = next?.page === l.page;
    // Orphan: a paragraph's first line alone at a page's foot.
    if (l.kind === "start" && next && !samePage && next.kind === "cont") orphans.push(short(l));
    // Widow: a paragraph's last line alone at a page's head.
    if (l.kind === "cont" && i > 0 && flow[i - 1]!.page !== l.page && ["start", "cont"].includes(flow[i - 1]!.kind) && (!next || next.page !== l.page || next.kind !== "cont")) widows.push(short(l));
    // A heading with fewer than two lines of its text on its page.
    if (l.kind === "heading" || l.runIn) {
      // Lines on the page from the heading on: a heading of its own needs itself and two more; a run-in one two.
      let onPage = 0;
      for (let k = i; k < flow.length && flow[k]!.page === l.page; k++) onPage++;
      const continues = flow.some((x) => x.page > l.page);
      if (continues && onPage < (l.runIn ? 2 : 3)) strandedHeadings.push(short(l));
    }
    // A table's caption (or caption and unit line) ending a page; a figure's caption opening one.
    const text = l.line.text.trim();
    if (/^表\d+/.test(text) && (!samePage || (next && /^单位：/.test(next.line.text.trim()) && flow[i + 2]?.page !== l.page))) strandedCaptions.push(short(l));
    if (/^图\d+/.test(text) && (i === 0 || flow[i - 1]!.page !== l.page)) strandedCaptions.push(short(l));
    // A number at a line's end, its unit opening the next line of the same paragraph.
    if (next && next.kind === "cont" && (l.kind === "start" || l.kind === "cont") && /\d$/.test(text) && UNITS.test(next.line.text.trim())) {
      numberUnitSplits.push(`${short(l)} | ${next.line.text.trim().slice(0, 6)}`);
    }
  }
  const ruledBreaks = pages.slice(0, -1).flatMap((_, i) => {
    const on = flow.filter((x) => x.page >= i + 2);
    // The first line of running text, after figures or a table that floated to the page's top (a page of them).
    const text = on.find((x) => x.kind !== "other");
    // Floats, then the next section's heading: the floats of the section that ends on page i + 1 did not fit there.
    const sectionEnd = on[0]?.kind === "other" && text?.kind === "heading" && on.indexOf(text) > 0 && flow.filter((x) => x.page === i + 2).indexOf(text) > 0;
    const rule = /^表\d+/.test(on[0]?.line.text.trim() ?? "") ? "table" : sectionEnd ? "section end" : text?.kind === "heading" ? "heading" : text?.kind === "cont" ? "widow" : text?.kind === "start" ? "orphan" : undefined;
    return rule ? [{ page: i + 1, rule } as const] : [];
  });
  return { pages: pdf.pages.length, holes, orphans, widows, strandedHeadings, strandedCaptions, numberUnitSplits, ruledBreaks };
}

/** Holes deeper than `lines` body lines, in mm. */
export function holesOver(report: FlowReport, lines: number): { page: number; mm: number }[] {
  return report.holes.filter((h) => h.mm > (lines * PITCH) / MM + 0.5);
}

export function summary(name: string, r: FlowReport): string {
  const total = r.holes.reduce((a, h) => a + h.mm, 0);
  const big = holesOver(r, 1);
  return [
    `${name}: ${r.pages} pages, holes > 1 line: ${big.length} (${big.map((h) => `p${h.page} ${h.mm.toFixed(0)} mm`).join(", ") || "none"}), total empty ${total.toFixed(0)} mm`,
    `  orphans ${r.orphans.length}, widows ${r.widows.length}, stranded headings ${r.strandedHeadings.length}, stranded captions ${r.strandedCaptions.length}, number|unit splits ${r.numberUnitSplits.length}`,
  ].join("\n");
}
