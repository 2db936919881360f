/**
 * The page of the presented document's profile (GB/T 9704-2012 §5.2 by default): its paper and margins, its grid
 * (22 lines × 28 characters), and the page number in the footer (§7.5): `— N —` in 4号, odd pages at the right and
 * even pages at the left, each `pageNumber.inset` (one character) in from the type area's edge, its top
 * `pageNumber.belowTypeArea` (7 mm) below the type area.
 *
 * The 22 lines: a line grid (`w:docGrid w:type="lines"`, pitch 225 mm / 22, units.ts gridLine) and body lines of
 * exactly that pitch.
 * The 28 characters: body tracking (styles.ts, BODY_TRACKING), not Word's character grid. A `linesAndChars` grid with
 * `w:charSpace` = (15.79 − 16) × 4096 gives 28 characters in Word, but LibreOffice 7.4 reads the same grid as 15.79 pt
 * cells and sets each 16 pt character in two of them: 14 characters a line (its writerfilter computes the cell
 * width correctly — Normal's East Asian size plus charSpace — and then snaps every wider character to two cells).
 * Tracking gives 28 in both.
 */
import { AlignmentType, DocumentGridType, Footer, PageNumber, Paragraph, TextRun, type ISectionOptions } from "docx";
import { emBoxTop, type FontFace, type FontProfile } from "../../fonts/profile.js";
import type { PresentedDocument } from "../../present/types.js";
import { roleFace } from "./fonts.js";
import { STYLE, footerLine } from "./styles.js";
import { gridLine, twips } from "./units.js";

/**
 * Where the top of the ideographic em box sits below the top of an exact line of height `line` (negative: above).
 * The baseline goes at the font's ascent share of the line (LibreOffice 7.4, measured: 0.80 of the line for Noto SC,
 * 1160 / (1160 + 288)); the em box's top is the typographic ascender above the baseline (0.88 em in CJK fonts).
 */
export function emTopInExactLine(face: FontFace, size: number, line: number): number {
  const f = face.info;
  return (line * f.ascent) / (f.ascent - f.descent) - emBoxTop(face) * size;
}

/**
 * Word's footer distance runs from the page's lower edge to the bottom of the footer's last line. The footer has one
 * exact line one em tall (styles.ts footerLine), placed so that the em box's top is `belowTypeArea` (7 mm) under the
 * type area, as in the PDF. Checked in LibreOffice 7.4 (within 0.1 pt); Word's placement inside an exact line is its own.
 */
export function footerDistance(profile: FontProfile, doc: PresentedDocument): number {
  const p = doc.profile;
  const line = footerLine(p);
  const offset = emTopInExactLine(roleFace(profile, doc.pageNumber.face.role), doc.pageNumber.size, line);
  return p.margin.bottom - p.pageNumber.belowTypeArea - line + offset;
}

export function sectionProperties(profile: FontProfile, doc: PresentedDocument): ISectionOptions["properties"] {
  const p = doc.profile;
  return {
    page: {
      size: { width: twips(p.page.width), height: twips(p.page.height) },
      margin: {
        top: twips(p.margin.top),
        right: twips(p.margin.right),
        bottom: twips(p.margin.bottom),
        left: twips(p.margin.left),
        footer: twips(footerDistance(profile, doc)),
        gutter: 0,
      },
    },
    grid: { type: DocumentGridType.LINES, linePitch: gridLine(p) },
  };
}

/** Odd pages (the default footer, with w:evenAndOddHeaders) and even pages. */
export function pageFooters(doc: PresentedDocument): NonNullable<ISectionOptions["footers"]> {
  // `— N —` as the presented document gives it, split around the number the PAGE field fills in.
  const { before, after } = doc.pageNumber;
  const inset = twips(doc.profile.pageNumber.inset);
  const footer = (odd: boolean) =>
    new Footer({
      children: [
        new Paragraph({
          style: STYLE.footer,
          alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
          indent: odd ? { right: inset } : { left: inset },
          children: [new TextRun({ children: [before, PageNumber.CURRENT, after] })],
        }),
      ],
    });
  return { default: footer(true), even: footer(false) };
}
