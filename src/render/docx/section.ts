/**
 * The page (GB/T 9704-2012 §5.2): A4, the margins of src/model/layout.ts, 22 lines × 28 characters, and the page
 * number in the footer (§7.5): `— N —` in 4号, odd pages at the right and even pages at the left, each one character
 * in from the type area's edge, its top 7 mm below the type area.
 *
 * The 22 lines: a line grid (`w:docGrid w:type="lines"`, pitch 225 mm / 22, units.ts BODY_LINE) and body lines of
 * exactly that pitch.
 * The 28 characters: body tracking (styles.ts, BODY_TRACKING), not Word's character grid. A `linesAndChars` grid with
 * `w:charSpace` = (15.79 − 16) × 4096 gives 28 characters in Word, but LibreOffice 7.4 reads the same grid as 15.79 pt
 * cells and sets each 16 pt character in two of them: 14 characters a line (its writerfilter computes the cell
 * width correctly — Normal's East Asian size plus charSpace — and then snaps every wider character to two cells).
 * Tracking gives 28 in both.
 */
import { AlignmentType, DocumentGridType, Footer, PageNumber, Paragraph, TextRun, type ISectionOptions } from "docx";
import { emBoxTop, type FontFace, type FontProfile } from "../../fonts/profile.js";
import { MARGIN, PAGE, PAGE_NUMBER, pageNumberText } from "../../model/layout.js";
import { roleFace } from "./fonts.js";
import { FOOTER_LINE, STYLE } from "./styles.js";
import { BODY_LINE, twips } from "./units.js";

/**
 * Where the top of the ideographic em box sits below the top of an exact line of height `line` (negative: above).
 * The baseline goes at the font's ascent share of the line (LibreOffice 7.4, measured: 0.80 of the line for Noto SC,
 * 1160 / (1160 + 288)); the em box's top is the typographic ascender above the baseline (0.88 em in CJK fonts).
 */
export function emTopInExactLine(face: FontFace, size: number, line: number): number {
  const f = face.font;
  return (line * f.ascent) / (f.ascent - f.descent) - emBoxTop(face) * size;
}

/**
 * Word's footer distance runs from the page's lower edge to the bottom of the footer's last line. The footer has one
 * exact line one em tall (FOOTER_LINE), placed so that the em box's top is `belowTypeArea` (7 mm) under the type
 * area, as in the PDF. Checked in LibreOffice 7.4 (within 0.1 pt); Word's placement inside an exact line is its own.
 */
export function footerDistance(profile: FontProfile): number {
  const offset = emTopInExactLine(roleFace(profile, "body"), PAGE_NUMBER.size, FOOTER_LINE);
  return MARGIN.bottom - PAGE_NUMBER.belowTypeArea - FOOTER_LINE + offset;
}

export function sectionProperties(profile: FontProfile): ISectionOptions["properties"] {
  return {
    page: {
      size: { width: twips(PAGE.width), height: twips(PAGE.height) },
      margin: {
        top: twips(MARGIN.top),
        right: twips(MARGIN.right),
        bottom: twips(MARGIN.bottom),
        left: twips(MARGIN.left),
        footer: twips(footerDistance(profile)),
        gutter: 0,
      },
    },
    grid: { type: DocumentGridType.LINES, linePitch: BODY_LINE },
  };
}

/** Odd pages (the default footer, with w:evenAndOddHeaders) and even pages. */
export function pageFooters(profile: FontProfile): NonNullable<ISectionOptions["footers"]> {
  // `— N —` from layout.ts, split around the number the PAGE field fills in.
  const sample = pageNumberText(1);
  const at = sample.indexOf("1");
  const before = sample.slice(0, at);
  const after = sample.slice(at + 1);
  const footer = (odd: boolean) =>
    new Footer({
      children: [
        new Paragraph({
          style: STYLE.footer,
          alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
          indent: odd ? { right: twips(PAGE_NUMBER.inset) } : { left: twips(PAGE_NUMBER.inset) },
          children: [new TextRun({ children: [before, PageNumber.CURRENT, after] })],
        }),
      ],
    });
  return { default: footer(true), even: footer(false) };
}
