/**
 * PresentedDocument (src/present/types.ts) → DOCX with docx 9, laid out per the page profile (GB/T 9704-2012).
 * Reads only the presented document and the font profile.
 *
 * - styles.ts: named styles (Normal, Title, heading 1/2, caption, table style…) with East Asian fonts by role;
 * - blocks.ts / figure.ts: the presented blocks as paragraphs, tables and SVG pictures with PNG fallbacks;
 * - section.ts: the profile's paper, margins and document grid (A4, 22 × 28), odd/even page-number footers;
 * - fonts.ts: the families the text names, as installed on the users' machines (nothing embedded);
 * - provenance.ts: figures as locked content controls, template places as bookmarks, the build and the generated
 *   text in a custom XML part — what `npm run review` reads back (src/review/);
 * - png.ts, png-encode.ts, chart-fonts.ts: the charts' PNG fallbacks, drawn by resvg with subsets of the chart faces
 *   (made by another thread where one is idle: the text aid, src/formats.ts) and encoded by zlib;
 * - media.ts: the pictures given to docx by stand-in, their bytes put into the package after;
 * - determinism.ts: dates and font keys fixed, the package zipped by ../zip.ts, so equal inputs give equal bytes.
 */
import { AlignmentType, Document, LevelFormat, LevelSuffix, Paragraph } from "docx";
import type { FontProfile } from "../../fonts/profile.js";
import type { PresentedDocument, PresentedFigure } from "../../present/types.js";
import { fallbackPngs } from "./png.js";
import { prepareChartFonts } from "./chart-fonts.js";
import { blockChildren, wordOrder, type BlockContext } from "./blocks.js";
import { joiner } from "./joins.js";
import { twips } from "./units.js";
import { finishPackage, packageParts } from "./determinism.js";
import { MediaTable } from "./media.js";
import { fontTable } from "./fonts.js";
import { pageFooters, sectionProperties } from "./section.js";
import { HEADING_NUMBERING, documentStyles, offGridStyles } from "./styles.js";
import { Provenance, buildInfo, buildProperties, recordParts, recordXml } from "./provenance.js";
import { codeVersion } from "../../cache/version.js";
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
  let drawings = 0;
  const figures = model.blocks.filter((b): b is PresentedFigure => b.kind === "figure");
  const provenance = new Provenance();
  const media = new MediaTable();
  const ctx: BlockContext = { profile: fonts, provenance, nextDrawingId: () => ++drawings, pngs: await fallbackPngs(figures, fonts), media, joins: joiner(model.profile, model.meta.placeNames), numbering: { level1: 0, level2: 0 } };
  trace("docx: chart PNGs");
  const children = wordOrder(model.blocks).flatMap((block) => blockChildren(block, ctx));
  const footers = pageFooters(model);
  const { styles, externalStyles } = documentStyles(fonts, model.profile, model.meta.lang);
  trace("docx: paragraphs");
  const { meta } = model;
  // The build, for the review (provenance.ts): the code version is part of the document's cache key already.
  const build = buildInfo(meta, codeVersion());
  const record = recordParts(recordXml(build, provenance.entries));

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
    customProperties: buildProperties(build),
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
    sections: [{ properties: sectionProperties(fonts, model), footers, children: children.length > 0 ? children : [new Paragraph({})] }],
  });
  const parts = await packageParts(doc);
  media.resolve(parts);
  trace("docx: parts");
  return finishPackage(parts, {
    date: options.date,
    parts: record.parts,
    edits: {
      ...record.edits,
      "word/fontTable.xml": fontTable(fonts),
      "word/styles.xml": offGridStyles,
    },
  });
}
