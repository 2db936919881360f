/**
 * DocModel → PDF with pdfmake 0.3, laid out per GB/T 9704-2012 (src/model/layout.ts).
 * Reads only the model and the font profile.
 */
import { createRequire } from "node:module";
import type { Content, ContentText, TDocumentDefinitions } from "pdfmake/interfaces.js";
import type { FontProfile, FontRole } from "../../fonts/profile.js";
import type { Block, DocModel, FigureBlock, SignatureBlock, TableBlock } from "../../model/types.js";
import {
  BODY,
  BODY_CHARACTER_SPACING,
  FIRST_LINE_INDENT,
  MARGIN,
  PAGE,
  PAGE_NUMBER,
  TABLE,
  TITLE,
  TYPE_AREA,
  pageNumberText,
  GAP_SHADE,
} from "../../model/layout.js";
import { emTopOffset, lineHeightFactor, pdfFonts, type PdfFonts } from "./fonts.js";
import { preShape, shareFontkitFonts, shareLayouts } from "./font-cache.js";
import { writeTextRuns } from "./text-runs.js";

// Before pdfkit loads: it must find the sharing fontkit (font-cache.ts).
shareFontkitFonts();
writeTextRuns();

// pdfmake 0.3's server entry is CommonJS and exports one shared instance.
const pdfmake = createRequire(import.meta.url)("pdfmake") as {
  virtualfs: { writeFileSync(name: string, data: Buffer): void };
  setFonts(f: unknown): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(def: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
};

/**
 * pdfmake measures a text inline as its glyph widths plus characterSpacing × (length − 1), but the PDF
 * Tc operator it emits adds the spacing to every glyph (ISO 32000-1 §9.3.2), so each inline is measured
 * one spacing short and a line of short CJK "words" overflows by up to 28 × 0.2 pt: the 28th character
 * wraps. Measure as PDF draws: one spacing per character (code point).
 */
const TextInlines = (createRequire(import.meta.url)("pdfmake/js/TextInlines.js") as { default: { prototype: Record<string, unknown> } }).default;
TextInlines.prototype.widthOfText = function widthOfText(
  text: string,
  inline: { font: { widthOfString(t: string, size: number, features?: unknown): number }; fontSize: number; fontFeatures?: unknown; characterSpacing?: number },
): number {
  return inline.font.widthOfString(text, inline.fontSize, inline.fontFeatures) + (inline.characterSpacing ?? 0) * Array.from(text).length;
};

export interface PdfOptions {
  /** Creation and modification date written into the PDF (pdfkit derives /ID from it). */
  readonly date: Date;
}

/**
 * Shapes the words of `text` (a report's Markdown) in the body font ahead of its document (font-cache.ts
 * preShape): the first document of a process then lays out its text from the cache.
 */
export function prepareText(fonts: FontProfile, text: string): void {
  shareLayouts(fonts.faces[0]!.data);
  preShape(fonts.roles.body.regular.data, text);
}

export async function renderPdf(model: DocModel, fonts: FontProfile, options: PdfOptions): Promise<Buffer> {
  shareLayouts(fonts.faces[0]!.data);
  const registered = pdfFonts(fonts);
  for (const [name, data] of registered.vfs) pdfmake.virtualfs.writeFileSync(name, data);
  pdfmake.setFonts(registered.definitions);
  // Nothing is fetched; the only files read are the chart font's (see fonts.ts). Charts are inline SVG.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => registered.files.has(path));
  return pdfmake.createPdf(documentDefinition(model, fonts, registered, options)).getBuffer();
}

/** The pdfmake document definition: the GB/T 9704 page (layout.ts) and each block's content. */
function documentDefinition(model: DocModel, profile: FontProfile, fonts: PdfFonts, options: PdfOptions): TDocumentDefinitions {
  const text = textStyle(profile, fonts);
  const content = model.blocks.flatMap((block) => blockContent(block, text));
  // The 37 mm 天头 runs to the top of the first line's characters, not to the top of its line box.
  const top = MARGIN.top - emTopOffset(profile, "body", BODY.size);
  // 22 lines × pitch equal the type area's height exactly; half a point keeps float rounding from
  // pushing the 22nd line onto the next page.
  const bottom = MARGIN.bottom - 0.5;
  const numberTop = PAGE_NUMBER.belowTypeArea - emTopOffset(profile, "body", PAGE_NUMBER.size) - (MARGIN.bottom - bottom);
  return {
    pageSize: { width: PAGE.width, height: PAGE.height },
    pageMargins: [MARGIN.left, top, MARGIN.right, bottom],
    info: {
      title: model.meta.title,
      author: model.meta.author,
      subject: model.meta.subject,
      keywords: model.meta.keywords.join(", "),
      creator: "gz-hrss-bulletin",
      producer: "gz-hrss-bulletin (pdfmake)",
      creationDate: options.date,
      modDate: options.date,
    },
    language: model.meta.lang,
    defaultStyle: { font: fonts.key.body, fontSize: BODY.size },
    content,
    footer: (page: number) => pageNumber(page, text, numberTop),
    // A heading or a table caption never ends a page alone.
    pageBreakBefore: (node: { headlineLevel?: number }, context: { getFollowingNodesOnPage(): unknown[] }) => Boolean(node.headlineLevel) && context.getFollowingNodesOnPage().length === 0,
  } as TDocumentDefinitions;
}

/**
 * 28 characters at the body pitch fill the type area's width exactly; a thousandth of a point less keeps
 * float rounding in pdfmake's line fitting from pushing the 28th character onto the next line.
 */
const CHARACTER_SPACING = BODY_CHARACTER_SPACING - 1e-3;

type TextStyle = (role: FontRole, size: number, pitch?: number) => Pick<ContentText, "font" | "fontSize" | "lineHeight">;

function textStyle(profile: FontProfile, fonts: PdfFonts): TextStyle {
  return (role, size, pitch = BODY.linePitch) => ({ font: fonts.key[role], fontSize: size, lineHeight: lineHeightFactor(profile, role, size, pitch) });
}

function blockContent(block: Block, t: TextStyle): Content[] {
  switch (block.type) {
    case "docNumber":
      // §7.2.4: 发文字号 centred above the title; one blank line between.
      return [{ text: block.text, ...t("body", BODY.size), alignment: "center", margin: [0, 0, 0, BODY.linePitch] }];
    case "title":
      // §7.3.1: 2号小标宋, centred, one blank line below.
      return [{ text: block.text, ...t("title", TITLE.size, TITLE.linePitch), alignment: "center", margin: [0, 0, 0, BODY.linePitch] }];
    case "heading": {
      const role = block.level === 1 ? "heading1" : "heading2";
      const label = `${block.number}${block.text}`;
      return [{ text: label, ...t(role, BODY.size), leadingIndent: FIRST_LINE_INDENT, characterSpacing: CHARACTER_SPACING, headlineLevel: block.level, outline: true, outlineText: label } as Content];
    }
    case "paragraph":
      return [
        {
          text: block.runs.map((run) => (run.style === "runIn" ? { text: run.text, ...t("heading2", BODY.size) } : run.style === "bold" ? { text: run.text, bold: true } : run.style === "gap" ? { text: run.text, background: GAP_SHADE } : { text: run.text })),
          ...t("body", BODY.size),
          alignment: "justify",
          leadingIndent: FIRST_LINE_INDENT,
          characterSpacing: CHARACTER_SPACING,
        },
      ];
    case "table":
      return [table(block, t)];
    case "figure":
      return [figure(block, t)];
    case "signature":
      return signature(block, t);
  }
}

/** `表N …` above a table or `图N …` below a figure (conventions: captions). */
function caption(text: string, t: TextStyle, keepWithNext: boolean): Content {
  return { text, ...t("heading1", BODY.size), alignment: "center", ...(keepWithNext && { headlineLevel: 3 }) } as Content;
}

function unitLine(unit: string, t: TextStyle): Content {
  return { text: `单位：${unit}`, ...t("body", TABLE.size, TABLE.notePitch), alignment: "right" };
}

function table(block: TableBlock, t: TextStyle): Content {
  const cell = (text: string, i: number, header: boolean): Content => ({
    text,
    ...t(header ? "heading1" : "body", TABLE.size, TABLE.cellPitch),
    alignment: header ? "center" : (block.align[i] ?? "left"),
  });
  return {
    stack: [
      caption(`表${block.number} ${block.caption}`, t, true),
      ...(block.unit ? [unitLine(block.unit, t)] : []),
      {
        table: {
          // The header row repeats on every page the table spans (conventions: tables).
          headerRows: 1,
          widths: block.header.map((_, i) => (i === 0 ? "*" : "auto")),
          body: [block.header.map((h, i) => cell(h, i, true)), ...block.rows.map((row) => row.map((c, i) => cell(c, i, false)))],
        },
        layout: {
          paddingTop: () => TABLE.cellPadding.vertical,
          paddingBottom: () => TABLE.cellPadding.vertical,
          paddingLeft: () => TABLE.cellPadding.horizontal,
          paddingRight: () => TABLE.cellPadding.horizontal,
        },
      },
      ...block.notes.map((note): Content => ({ text: note, ...t("body", TABLE.size, TABLE.notePitch), margin: [0, 2, 0, 0] })),
    ],
    margin: [0, BODY.linePitch / 2, 0, BODY.linePitch / 2],
  };
}

function figure(block: FigureBlock, t: TextStyle): Content {
  return {
    stack: [
      ...(block.unit ? [unitLine(block.unit, t)] : []),
      { svg: block.svg, width: Math.min(block.width, TYPE_AREA.width) },
      caption(`图${block.number} ${block.caption}`, t, false),
    ],
    unbreakable: true,
    margin: [0, BODY.linePitch / 2, 0, BODY.linePitch / 2],
  };
}

/** §7.3.5.1: issuers and date at the right, the date about four characters in from the right edge. */
function signature(block: SignatureBlock, t: TextStyle): Content[] {
  const inset = 4 * BODY.charPitch;
  return [
    { text: "", margin: [0, BODY.linePitch, 0, 0] },
    ...block.issuers.map((issuer): Content => ({ text: issuer, ...t("body", BODY.size), alignment: "right", margin: [0, 0, inset, 0] })),
    { text: block.date, ...t("body", BODY.size), alignment: "right", margin: [0, 0, inset, 0] },
  ];
}

/** §7.5: `— N —` in 4号, ≈7 mm below the type area; odd pages right, even pages left, one character in. */
function pageNumber(page: number, t: TextStyle, top: number): Content {
  const odd = page % 2 === 1;
  return {
    text: pageNumberText(page),
    font: t("body", PAGE_NUMBER.size).font,
    fontSize: PAGE_NUMBER.size,
    alignment: odd ? "right" : "left",
    // The footer area starts where the page's bottom margin does; `top` puts the numerals' em box 7 mm
    // below the type area.
    margin: [MARGIN.left + (odd ? 0 : PAGE_NUMBER.inset), top, MARGIN.right + (odd ? PAGE_NUMBER.inset : 0), 0],
  };
}
