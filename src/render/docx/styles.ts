/**
 * Named styles of the DOCX (GB/T 9704-2012 roles, sizes from src/model/layout.ts): what a user sees in Word's style
 * gallery and navigation pane, so the document stays editable as a 公文.
 *
 * Built-in styles keep Word's ids and names (Normal, Title, heading 1/2, caption, footer, Signature) so Word treats
 * them as its own: Heading1/Heading2 carry outline levels 0/1 and show in the navigation pane. Styles of body lines
 * are based on Normal and restate what they change (an indent of zero both as `firstLineChars` and `firstLine`,
 * since Normal sets both); the others stand alone (OFF_GRID).
 */
import { AlignmentType, LineRuleType, type IParagraphStyleOptions, type IStylesOptions } from "docx";
import type { FontProfile } from "../../fonts/profile.js";
import { BODY, BODY_CHARACTER_SPACING, FIRST_LINE_INDENT, PAGE_NUMBER, TABLE, TITLE } from "../../model/layout.js";
import { roleFace, runFont } from "./fonts.js";
import { BODY_LINE, eighthPoints, halfPoints, twips } from "./units.js";

/** The numbering definition of the heading numbers 一、 (level 0) and （一） (level 1), in index.ts, used by the Heading 1/2 styles. */
export const HEADING_NUMBERING = "headings";

export const STYLE = {
  normal: "Normal",
  title: "Title",
  heading1: "Heading1",
  heading2: "Heading2",
  heading3: "Heading3",
  heading4: "Heading4",
  heading5: "Heading5",
  heading6: "Heading6",
  caption: "Caption",
  docNumber: "DocNumber",
  unit: "UnitLine",
  tableText: "TableText",
  tableHeading: "TableHeading",
  tableNote: "TableNote",
  figure: "Figure",
  signature: "Signature",
  footer: "Footer",
  runIn: "RunInHeading",
  table: "BulletinTable",
} as const;

/**
 * Line heights inside tables and of the lines around them (unit line, notes), from layout.ts, shared with the PDF
 * renderer so both outputs give tables the same rhythm. Body lines keep the grid's pitch.
 */
export const TABLE_LINE = { cell: TABLE.cellPitch, note: TABLE.notePitch } as const;
/**
 * The footer's one line, exactly one em of the page number: its line box is then its em box, whose top section.ts
 * puts 7 mm below the type area (as the PDF does).
 */
export const FOOTER_LINE = PAGE_NUMBER.size;
/** Cell padding, from layout.ts (shared with the PDF renderer). */
export const CELL_MARGIN = TABLE.cellPadding;
/** Table rules: thin single lines. */
const RULE = 0.5;

/**
 * Body tracking (w:spacing, whole twentieths of a point), so that 28 body characters fill a line: 156 mm / 28 is
 * 15.79 pt, 0.21 pt under the 16 pt size (BODY_CHARACTER_SPACING). Rounded *down* to −0.25 pt: −0.2 pt would make
 * 28 characters 0.2 pt too wide for the line and only 27 would fit; the justification spreads the 1.2 pt left over.
 * (Word's character grid would do this, but LibreOffice puts every 16 pt character in two 15.79 pt grid cells:
 * see section.ts.)
 */
export const BODY_TRACKING = Math.floor(BODY_CHARACTER_SPACING * 20);

const exactTwips = (line: number) => ({ line, lineRule: LineRuleType.EXACT, before: 0, after: 0 });
const exact = (pt: number) => exactTwips(twips(pt));
const noIndent = { firstLine: 0, firstLineChars: 0, left: 0, right: 0 } as const;
/** LibreOffice 7.4 ignores firstLineChars; Word prefers it. Both say two body characters. */
const bodyIndent = { firstLineChars: 200, firstLine: twips(FIRST_LINE_INDENT) } as const;

/**
 * Styles whose lines are not body lines: the title (35 pt), table text, unit lines and notes (小四), pictures, the page
 * number. Based on Normal like every paragraph style (a clerk who changes Normal's font changes them too), they restate
 * what Normal sets that they do not take — its tracking (`w:spacing w:val="0"`), its indent, its line — and they do
 * not snap to the section's line grid (`w:snapToGrid w:val="0"` in their pPr, added by offGridStyles). Word lets exact
 * spacing override the grid anyway, but LibreOffice 7.4 snaps every line to whole grid lines: a two-line title 58 pt
 * apart, table rows 29 pt tall.
 */
const OFF_GRID: ReadonlySet<string> = new Set([STYLE.title, STYLE.unit, STYLE.tableText, STYLE.tableHeading, STYLE.tableNote, STYLE.figure, STYLE.footer]);

export interface Styles {
  readonly styles: IStylesOptions;
  /** The table style, given to docx as external styles (its API has no table styles of its own). */
  readonly externalStyles: string;
}

/** The styles for a profile. The faces they name learn their characters where text is set (blocks.ts, section.ts). */
export function documentStyles(profile: FontProfile, lang: string): Styles {
  const body = runFont(roleFace(profile, "body"));
  // East Asian text is `lang` (zh-CN); Latin-script runs (figures, %, dates) are marked en-US as Word does for
  // Chinese documents: under zh-CN, LibreOffice breaks lines inside numbers ("2 / 020年", "16.9 / %").
  const language = { value: "en-US", eastAsia: lang };

  const style = (id: string, name: string, o: Omit<IParagraphStyleOptions, "id" | "name">): IParagraphStyleOptions => ({
    id,
    name,
    basedOn: id === STYLE.normal ? undefined : STYLE.normal,
    next: STYLE.normal,
    quickFormat: true,
    ...o,
  });

  const paragraphStyles: IParagraphStyleOptions[] = [
    style(STYLE.normal, "Normal", {
      run: { ...body, size: halfPoints(BODY.size), characterSpacing: BODY_TRACKING, language },
      paragraph: { alignment: AlignmentType.JUSTIFIED, indent: bodyIndent, spacing: exactTwips(BODY_LINE) },
    }),
    style(STYLE.title, "Title", {
      // §7.3.1: 2号小标宋, centred; a blank body line below.
      run: { ...runFont(roleFace(profile, "title")), size: halfPoints(TITLE.size) },
      paragraph: { alignment: AlignmentType.CENTER, indent: noIndent, spacing: { ...exact(TITLE.linePitch), after: BODY_LINE }, keepNext: true, keepLines: true },
    }),
    style(STYLE.heading1, "heading 1", {
      run: { ...runFont(roleFace(profile, "heading1")), size: halfPoints(BODY.size) },
      // The indent is restated: LibreOffice gives outline-level styles its outline numbering's indent otherwise.
      // The number 一、 is the style's (ECMA-376 §17.3.1.19 numPr in a style): a heading a clerk adds is numbered.
      paragraph: { outlineLevel: 0, indent: bodyIndent, keepNext: true, keepLines: true, numbering: { reference: HEADING_NUMBERING, level: 0 } },
    }),
    style(STYLE.heading2, "heading 2", {
      run: { ...runFont(roleFace(profile, "heading2")), size: halfPoints(BODY.size) },
      paragraph: { outlineLevel: 1, indent: bodyIndent, keepNext: true, keepLines: true, numbering: { reference: HEADING_NUMBERING, level: 1 } },
    }),
    // GB/T 9704 §7.3.3 levels three and four, `1.` and `（1）`, in the body face (the third often bold); five and six as
    // four. Defined so a clerk who adds a deeper heading gets the house style, not Word's blue defaults.
    ...([
      [STYLE.heading3, "heading 3", 2, true],
      [STYLE.heading4, "heading 4", 3, false],
      [STYLE.heading5, "heading 5", 4, false],
      [STYLE.heading6, "heading 6", 5, false],
    ] as const).map(([id, name, outlineLevel, bold]) =>
      style(id, name, {
        run: { ...body, size: halfPoints(BODY.size), bold, italics: false, color: "000000" },
        paragraph: { outlineLevel, indent: bodyIndent, keepNext: true, keepLines: true },
      }),
    ),
    style(STYLE.caption, "caption", {
      run: { ...runFont(roleFace(profile, "heading1")), size: halfPoints(TABLE.captionSize) },
      paragraph: { alignment: AlignmentType.CENTER, indent: noIndent, keepLines: true },
    }),
    style(STYLE.docNumber, "Document Number", {
      // §7.2.4 发文字号: centred, a blank line before the title.
      paragraph: { alignment: AlignmentType.CENTER, indent: noIndent, spacing: { ...exactTwips(BODY_LINE), after: BODY_LINE }, keepNext: true },
    }),
    style(STYLE.unit, "Unit Line", {
      run: { size: halfPoints(TABLE.size) },
      paragraph: { alignment: AlignmentType.RIGHT, indent: noIndent, spacing: exact(TABLE_LINE.note), keepNext: true },
    }),
    style(STYLE.tableText, "Table Text", {
      run: { size: halfPoints(TABLE.size) },
      paragraph: { alignment: AlignmentType.LEFT, indent: noIndent, spacing: exact(TABLE_LINE.cell) },
    }),
    style(STYLE.tableHeading, "Table Heading", {
      run: { ...runFont(roleFace(profile, "heading1")), size: halfPoints(TABLE.size) },
      paragraph: { alignment: AlignmentType.CENTER, indent: noIndent, spacing: exact(TABLE_LINE.cell), keepNext: true },
    }),
    style(STYLE.tableNote, "Table Note", {
      run: { size: halfPoints(TABLE.size) },
      paragraph: { alignment: AlignmentType.JUSTIFIED, indent: noIndent, spacing: exact(TABLE_LINE.note) },
    }),
    style(STYLE.figure, "Figure", {
      // Exact line spacing clips an inline picture to the line: a picture's paragraph is single-spaced (auto).
      paragraph: { alignment: AlignmentType.CENTER, indent: noIndent, spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 }, keepNext: true, keepLines: true },
    }),
    style(STYLE.signature, "Signature", {
      // §7.3.5.1: at the right, the date about four characters in from the right edge; the issuers with it.
      paragraph: { alignment: AlignmentType.RIGHT, indent: { ...noIndent, right: twips(4 * BODY.charPitch) }, keepNext: true },
    }),
    style(STYLE.footer, "footer", {
      // §7.5: 4号 宋体-like (the body face) Arabic numerals between dashes.
      run: { size: halfPoints(PAGE_NUMBER.size) },
      paragraph: { indent: noIndent, spacing: exact(FOOTER_LINE) },
    }),
  ];

  return {
    styles: {
      default: { document: { run: { ...body, size: halfPoints(BODY.size), language } } },
      paragraphStyles,
      characterStyles: [
        {
          id: STYLE.runIn,
          name: "Run-in Heading",
          basedOn: "DefaultParagraphFont",
          quickFormat: true,
          // A run-in heading (`（一）…。` opening a paragraph) in the heading-2 face.
          run: runFont(roleFace(profile, "heading2")),
        },
      ],
    },
    externalStyles: tableStyleXml(),
  };
}

/** The table style (rules on every side and between cells, the cell padding, the table text's size), and Default Paragraph Font. */
function tableStyleXml(): string {
  const rule = (side: string) => `<w:${side} w:val="single" w:sz="${eighthPoints(RULE)}" w:space="0" w:color="000000"/>`;
  const margin = (side: string, pt: number) => `<w:${side} w:w="${twips(pt)}" w:type="dxa"/>`;
  return [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`,
    `<w:styles xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 w15">`,
    // Word's own default character style, which the run-in heading (and docx's Hyperlink…) are based on.
    `<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>`,
    `<w:style w:type="table" w:styleId="${STYLE.table}">`,
    `<w:name w:val="Bulletin Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>`,
    `<w:rPr><w:sz w:val="${halfPoints(TABLE.size)}"/><w:szCs w:val="${halfPoints(TABLE.size)}"/></w:rPr>`,
    `<w:tblPr><w:tblBorders>${["top", "left", "bottom", "right", "insideH", "insideV"].map(rule).join("")}</w:tblBorders>`,
    `<w:tblCellMar>${margin("top", CELL_MARGIN.vertical)}${margin("left", CELL_MARGIN.horizontal)}${margin("bottom", CELL_MARGIN.vertical)}${margin("right", CELL_MARGIN.horizontal)}</w:tblCellMar></w:tblPr>`,
    `</w:style>`,
    `</w:styles>`,
  ].join("");
}

/**
 * Adds `w:snapToGrid w:val="0"` to the pPr of the OFF_GRID styles in word/styles.xml (docx 9 has no paragraph-level
 * snapToGrid option), at its place in CT_PPrBase: before spacing, ind, jc, outlineLvl and the elements after them.
 */
export function offGridStyles(stylesXml: string): string {
  return noAutoSpace(snapOffGrid(stylesXml));
}

/**
 * No automatic space between Chinese and Latin text or digits (w:autoSpaceDE, w:autoSpaceDN off in the
 * document defaults): the bulletin writes `61.64万人` solid, as the PDF sets it. docx has an option for
 * autoSpaceDN only, per paragraph, so both go into pPrDefault here.
 *
 * And `w:overflowPunct` stated on (ECMA-376 §17.3.1.21; Word's default, so Word is unchanged): LibreOffice 7.4 reads
 * the element inverted (writerfilter DomainMapper: `PROP_PARA_IS_HANGING_PUNCTUATION = (nIntValue == 0)`) and, when it
 * is absent, hangs line-end punctuation — which, in lines of 28 tracked characters, it then does not draw: 8 to 9
 * line-end ，/。 of the bulletin vanished from its pages. Stated on, LibreOffice turns hanging off and loses none.
 */
function noAutoSpace(stylesXml: string): string {
  const off = `<w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>`;
  if (stylesXml.includes("<w:pPrDefault/>")) return stylesXml.replace("<w:pPrDefault/>", `<w:pPrDefault><w:pPr>${off}</w:pPr></w:pPrDefault>`);
  return stylesXml.replace(/<w:pPrDefault>\s*<w:pPr>/, (m) => `${m}${off}`);
}

function snapOffGrid(stylesXml: string): string {
  const after = /<w:(spacing|ind|contextualSpacing|mirrorIndents|suppressOverlap|jc|textDirection|textAlignment|textboxTightWrap|outlineLvl|divId|cnfStyle|rPr|sectPr|pPrChange)\b/;
  // CT_RPr's order (ECMA-376 §17.3.2.28): w:spacing comes before these.
  const afterSpacing = /<w:(w|kern|position|sz|szCs|highlight|u|effect|bdr|shd|fitText|vertAlign|rtl|cs|em|lang|eastAsianLayout|specVanish|oMath)\b/;
  return stylesXml.replace(/<w:style\b[^>]*\bw:styleId="([^"]+)"[^>]*>[\s\S]*?<\/w:style>/g, (style, id: string) => {
    if (!OFF_GRID.has(id)) return style;
    const snap = `<w:snapToGrid w:val="0"/>`;
    const untracked = `<w:spacing w:val="0"/>`; // Normal's tracking undone
    let out = !style.includes("<w:rPr>")
      ? style.replace("</w:style>", `<w:rPr>${untracked}</w:rPr></w:style>`)
      : style.replace(/<w:rPr>([\s\S]*?)<\/w:rPr>/, (_, inner: string) => {
          const m = afterSpacing.exec(inner);
          return `<w:rPr>${m ? inner.slice(0, m.index) + untracked + inner.slice(m.index) : inner + untracked}</w:rPr>`;
        });
    if (!out.includes("<w:pPr>")) return out.replace(/(<w:rPr>|<\/w:style>)/, `<w:pPr>${snap}</w:pPr>$1`);
    out = out.replace(/<w:pPr>([\s\S]*?)<\/w:pPr>/, (_, inner: string) => {
      const m = after.exec(inner);
      return `<w:pPr>${m ? inner.slice(0, m.index) + snap + inner.slice(m.index) : inner + snap}</w:pPr>`;
    });
    return out;
  });
}
