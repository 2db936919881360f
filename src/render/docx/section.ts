/**
 * The page (GB/T 9704-2012 §5.2): A4, the margins of src/model/layout.ts, a document grid of 22 lines × 28
 * characters, and the page number in the footer (§7.5): `— N —` in 4号, odd pages at the right and even pages at the
 * left, each one character in from the type area's edge, its line centred ≈7 mm below the type area.
 */
import { AlignmentType, DocumentGridType, Footer, PageNumber, Paragraph, TextRun, type ISectionOptions } from "docx";
import type { FontProfile } from "../../fonts/profile.js";
import { BODY, BODY_CHARACTER_SPACING, MARGIN, PAGE, PAGE_NUMBER, pageNumberText } from "../../model/layout.js";
import { roleFace, type GlyphUsage } from "./fonts.js";
import { FOOTER_LINE, STYLE } from "./styles.js";
import { twips } from "./units.js";

/**
 * Word's footer distance runs from the page's lower edge to the bottom of the footer's last line: the footer's one
 * line (FOOTER_LINE, exact) is centred on the mark `belowTypeArea` under the type area, as in the PDF.
 */
export const FOOTER_DISTANCE = MARGIN.bottom - PAGE_NUMBER.belowTypeArea - FOOTER_LINE / 2;

/**
 * `w:charSpace` of a linesAndChars grid: the character pitch minus the Normal font size, in 4096ths of a point
 * (ECMA-376 §17.6.5). With Normal at 16 pt this gives 156 mm / 28.
 */
export const GRID_CHAR_SPACE = Math.round(BODY_CHARACTER_SPACING * 4096);

export function sectionProperties(): ISectionOptions["properties"] {
  return {
    page: {
      size: { width: twips(PAGE.width), height: twips(PAGE.height) },
      margin: {
        top: twips(MARGIN.top),
        right: twips(MARGIN.right),
        bottom: twips(MARGIN.bottom),
        left: twips(MARGIN.left),
        footer: twips(FOOTER_DISTANCE),
        gutter: 0,
      },
    },
    grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: twips(BODY.linePitch), charSpace: GRID_CHAR_SPACE },
  };
}

/** Odd pages (the default footer, with w:evenAndOddHeaders) and even pages. */
export function pageFooters(profile: FontProfile, usage: GlyphUsage): NonNullable<ISectionOptions["footers"]> {
  // `— N —` from layout.ts, split around the number the PAGE field fills in.
  const sample = pageNumberText(1);
  const at = sample.indexOf("1");
  const before = sample.slice(0, at);
  const after = sample.slice(at + 1);
  usage.add(roleFace(profile, "body"), `${before}0123456789${after}`);
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
