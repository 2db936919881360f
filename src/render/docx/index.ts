/**
 * PresentedDocument (src/present/types.ts) → DOCX with docx 9, laid out per the page profile (GB/T 9704-2012).
 * Reads only the presented document and the font profile.
 *
 * - styles.ts: named styles (Normal, Title, heading 1/2, caption, table style…) with East Asian fonts by role;
 * - blocks.ts / figure.ts: the presented blocks as paragraphs, tables and SVG pictures with PNG fallbacks;
 * - section.ts: A4, margins, the 22 × 28 document grid, odd/even page-number footers;
 * - fonts.ts: subset TrueType faces embedded per family (regular and bold of one family in one entry);
 * - determinism.ts: dates, font keys and zip entry times fixed, so equal inputs give equal bytes.
 */
import { AlignmentType, Document, LevelFormat, LevelSuffix, Paragraph } from "docx";
import type { FontProfile } from "../../fonts/profile.js";
import type { PresentedDocument, PresentedFigure } from "../../present/types.js";
import { fallbackPngs, prepareChartFonts } from "./png.js";
import { HEADING_NUMBERING, blockChildren, wordOrder, type BlockContext } from "./blocks.js";
import { twips } from "./units.js";
import { finishPackage, packageParts } from "./determinism.js";
import { GlyphUsage, aliasFonts, embeddedFonts, fontSignatures } from "./fonts.js";
import { pageFooters, sectionProperties } from "./section.js";
import { documentStyles, offGridStyles } from "./styles.js";
import { trace } from "../../trace.js";

export interface DocxOptions {
  /** Written as the core properties' created and modified dates and as every zip entry's time. */
  readonly date: Date;
}

/** Before the first document (render/index.ts warmUp). */
export async function prepareDocx(fonts: FontProfile): Promise<void> {
  await prepareChartFonts(fonts);
}

export async function renderDocx(model: PresentedDocument, fonts: FontProfile, options: DocxOptions): Promise<Buffer> {
  const usage = new GlyphUsage();
  let drawings = 0;
  const figures = model.blocks.filter((b): b is PresentedFigure => b.kind === "figure");
  const ctx: BlockContext = { profile: fonts, usage, nextDrawingId: () => ++drawings, pngs: await fallbackPngs(figures, fonts), numbering: { level1: 0, level2: 0 } };
  trace("docx: chart PNGs");
  const children = wordOrder(model.blocks).flatMap((block) => blockChildren(block, ctx));
  const footers = pageFooters(fonts, usage);
  const { styles, externalStyles } = documentStyles(fonts, model.meta.lang);
  trace("docx: paragraphs");
  const embedded = await embeddedFonts(fonts, usage);
  trace("docx: font subsets");
  const { meta } = model;

  const doc = new Document({
    title: meta.title,
    subject: meta.subject,
    creator: meta.author,
    lastModifiedBy: meta.author,
    keywords: meta.keywords.join("; "),
    description: `${meta.subject}（${meta.region.name}，${meta.year}年）`,
    revision: 1,
    styles,
    externalStyles,
    fonts: embedded.fonts,
    // 一、 and （一）: Chinese counting, the number right before the text (no tab), at the headings' two-character
    // indent; the second level restarts after each first-level heading (w:lvlRestart's default).
    numbering: {
      config: [
        {
          reference: HEADING_NUMBERING,
          levels: [
            { level: 0, format: LevelFormat.CHINESE_COUNTING, text: "%1、", alignment: AlignmentType.LEFT, suffix: LevelSuffix.NOTHING, style: { paragraph: { indent: { left: 0, firstLine: twips(model.profile.text.heading1.firstLineIndent) } } } },
            { level: 1, format: LevelFormat.CHINESE_COUNTING, text: "（%2）", alignment: AlignmentType.LEFT, suffix: LevelSuffix.NOTHING, style: { paragraph: { indent: { left: 0, firstLine: twips(model.profile.text.heading2.firstLineIndent) } } } },
          ],
        },
      ],
    },
    evenAndOddHeaderAndFooters: true,
    sections: [{ properties: sectionProperties(fonts), footers, children: children.length > 0 ? children : [new Paragraph({})] }],
  });
  const parts = await packageParts(doc);
  trace("docx: parts");
  return finishPackage(parts, {
    date: options.date,
    edits: {
      "word/fontTable.xml": fontSignatures(embedded.faces, embedded.aliases),
      "word/styles.xml": (xml) => aliasFonts(embedded.aliases)(offGridStyles(xml)),
      "word/document.xml": aliasFonts(embedded.aliases),
    },
  });
}
