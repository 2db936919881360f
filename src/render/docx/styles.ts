/**
 * Named styles of the DOCX (GB/T 9704-2012 roles; every size, line pitch, indent and space from the presented
 * document's page profile, src/present/profile.ts): what a user sees in Word's style gallery and navigation pane,
 * so the document stays editable as a 公文.
 *
 * Built-in styles keep Word's ids and names (Normal, Title, heading 1/2, caption, footer, Signature) so Word treats
 * them as its own: Heading1/Heading2 carry outline levels 0/1 and show in the navigation pane. Styles of body lines
 * are based on Normal and restate what they change (an indent of zero both as `firstLineChars` and `firstLine`,
 * since Normal sets both); the others stand alone (OFF_GRID).
 */
import { AlignmentType, LineRuleType, type IParagraphStyleOptions, type IStylesOptions } from "docx";
import type { FontProfile } from "../../fonts/profile.js";
import type { PageProfile, TextKind, TextSpec } from "../../present/profile.js";
import { roleFace, runFont } from "./fonts.js";
import { eighthPoints, gridLine, halfPoints, pitchTwips, twips } from "./units.js";

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
 * The footer's one line, exactly one em of the page number: its line box is then its em box, whose top section.ts
 * puts the profile's `belowTypeArea` (7 mm) below the type area (as the PDF does).
 */
export const footerLine = (p: PageProfile): number => p.text.pageNumber.size;

/**
 * Body tracking (w:spacing, whole twentieths of a point), so that `grid.chars` body characters fill a line: GB/T
 * 9704's 156 mm / 28 is 15.79 pt, 0.21 pt under the 16 pt size. Rounded *down* (to −0.25 pt there): −0.2 pt would
 * make 28 characters 0.2 pt too wide for the line and only 27 would fit; the justification spreads the 1.2 pt left
 * over. (Word's character grid would do this, but LibreOffice puts every 16 pt character in two 15.79 pt grid
 * cells: see section.ts.)
 */
export const bodyTracking = (p: PageProfile): number => Math.floor((p.charPitch - p.text.body.size) * 20);

const exactTwips = (line: number) => ({ line, lineRule: LineRuleType.EXACT, before: 0, after: 0 });
const noIndent = { firstLine: 0, firstLineChars: 0, left: 0, right: 0 } as const;
/** A text kind's first-line indent. LibreOffice 7.4 ignores firstLineChars; Word prefers it. Both say the same characters. */
const firstLineIndent = (p: PageProfile, t: TextSpec) => ({ firstLineChars: Math.round((t.firstLineIndent / p.charPitch) * 100), firstLine: twips(t.firstLineIndent) });

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

/**
 * The styles for a font profile and a page profile. The faces they name learn their characters where text is set
 * (blocks.ts, section.ts).
 */
export function documentStyles(profile: FontProfile, page: PageProfile, lang: string): Styles {
  const t = page.text;
  const body = runFont(roleFace(profile, t.body.face));
  const bodyLine = pitchTwips(page, t.body.pitch);
  const exact = (pitch: number) => exactTwips(pitchTwips(page, pitch));
  /** A text kind's size, and its face where it is not Normal's (always, with `named`: a style a clerk picks by its face). */
  const run = (kind: TextKind, named = false) => ({ ...(named || t[kind].face !== t.body.face ? runFont(roleFace(profile, t[kind].face)) : {}), size: halfPoints(t[kind].size) });
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
      run: { ...body, size: halfPoints(t.body.size), characterSpacing: bodyTracking(page), language },
      paragraph: { alignment: AlignmentType.JUSTIFIED, indent: firstLineIndent(page, t.body), spacing: exactTwips(bodyLine) },
    }),
    style(STYLE.title, "Title", {
      // §7.3.1: 2号小标宋, centred; a blank body line below.
      run: run("title", true),
      paragraph: { alignment: AlignmentType.CENTER, indent: noIndent, spacing: { ...exact(t.title.pitch), after: pitchTwips(page, t.title.spaceAfter) }, keepNext: true, keepLines: true },
    }),
    style(STYLE.heading1, "heading 1", {
      run: run("heading1", true),
      // The indent is restated: LibreOffice gives outline-level styles its outline numbering's indent otherwise.
      // The number 一、 is the style's (ECMA-376 §17.3.1.19 numPr in a style): a heading a clerk adds is numbered.
      paragraph: { outlineLevel: 0, indent: firstLineIndent(page, t.heading1), spacing: exact(t.heading1.pitch), keepNext: true, keepLines: true, numbering: { reference: HEADING_NUMBERING, level: 0 } },
    }),
    style(STYLE.heading2, "heading 2", {
      run: run("heading2", true),
      paragraph: { outlineLevel: 1, indent: firstLineIndent(page, t.heading2), spacing: exact(t.heading2.pitch), keepNext: true, keepLines: true, numbering: { reference: HEADING_NUMBERING, level: 1 } },
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
        run: { ...body, size: halfPoints(t.body.size), bold, italics: false, color: "000000" },
        paragraph: { outlineLevel, indent: firstLineIndent(page, t.body), keepNext: true, keepLines: true },
      }),
    ),
    style(STYLE.caption, "caption", {
      run: run("caption", true),
      paragraph: { alignment: AlignmentType.CENTER, indent: noIndent, spacing: exact(t.caption.pitch), keepLines: true },
    }),
    style(STYLE.docNumber, "Document Number", {
      // §7.2.4 发文字号: centred, a blank line before the title.
      run: run("docNumber"),
      paragraph: { alignment: AlignmentType.CENTER, indent: noIndent, spacing: { ...exact(t.docNumber.pitch), after: pitchTwips(page, t.docNumber.spaceAfter) }, keepNext: true },
    }),
    style(STYLE.unit, "Unit Line", {
      run: run("unit"),
      paragraph: { alignment: AlignmentType.RIGHT, indent: noIndent, spacing: exact(t.unit.pitch), keepNext: true },
    }),
    style(STYLE.tableText, "Table Text", {
      run: run("tableText"),
      paragraph: { alignment: AlignmentType.LEFT, indent: noIndent, spacing: exact(t.tableText.pitch) },
    }),
    style(STYLE.tableHeading, "Table Heading", {
      run: run("tableHeader", true),
      paragraph: { alignment: AlignmentType.CENTER, indent: noIndent, spacing: exact(t.tableHeader.pitch), keepNext: true },
    }),
    style(STYLE.tableNote, "Table Note", {
      run: run("note"),
      paragraph: { alignment: AlignmentType.JUSTIFIED, indent: noIndent, spacing: exact(t.note.pitch) },
    }),
    style(STYLE.figure, "Figure", {
      // Exact line spacing clips an inline picture to the line: a picture's paragraph is single-spaced (auto).
      paragraph: { alignment: AlignmentType.CENTER, indent: noIndent, spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 }, keepNext: true, keepLines: true },
    }),
    style(STYLE.signature, "Signature", {
      // §7.3.5.1: at the right, the date about four characters in from the right edge; the issuers with it.
      run: run("signature"),
      paragraph: { alignment: AlignmentType.RIGHT, indent: { ...noIndent, right: twips(t.signature.rightIndent) }, spacing: exact(t.signature.pitch), keepNext: true },
    }),
    style(STYLE.footer, "footer", {
      // §7.5: 4号 宋体-like (the body face) Arabic numerals between dashes.
      run: run("pageNumber"),
      paragraph: { indent: noIndent, spacing: exactTwips(twips(footerLine(page))) },
    }),
  ];

  return {
    styles: {
      default: { document: { run: { ...body, size: halfPoints(t.body.size), language } } },
      paragraphStyles,
      characterStyles: [
        {
          id: STYLE.runIn,
          name: "Run-in Heading",
          basedOn: "DefaultParagraphFont",
          quickFormat: true,
          // A run-in heading (`（一）…。` opening a paragraph) in the heading-2 face.
          run: runFont(roleFace(profile, page.runInFace)),
        },
      ],
    },
    externalStyles: tableStyleXml(page),
  };
}

/** The table style (the profile's rules on every side and between cells, its cell padding, the table text's size), and Default Paragraph Font. */
function tableStyleXml(page: PageProfile): string {
  const rule = (side: string) => `<w:${side} w:val="single" w:sz="${eighthPoints(page.table.rule)}" w:space="0" w:color="000000"/>`;
  const pad = page.table.cellPadding;
  const size = halfPoints(page.text.tableText.size);
  const margin = (side: string, pt: number) => `<w:${side} w:w="${twips(pt)}" w:type="dxa"/>`;
  return [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`,
    `<w:styles xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 w15">`,
    // Word's own default character style, which the run-in heading (and docx's Hyperlink…) are based on.
    `<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>`,
    `<w:style w:type="table" w:styleId="${STYLE.table}">`,
    `<w:name w:val="Bulletin Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>`,
    `<w:rPr><w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr>`,
    `<w:tblPr><w:tblBorders>${["top", "left", "bottom", "right", "insideH", "insideV"].map(rule).join("")}</w:tblBorders>`,
    `<w:tblCellMar>${margin("top", pad.vertical)}${margin("left", pad.horizontal)}${margin("bottom", pad.vertical)}${margin("right", pad.horizontal)}</w:tblCellMar></w:tblPr>`,
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
 * Widow control on for every paragraph (w:widowControl in the document defaults): a paragraph keeps two lines at a
 * page's foot and head, the profile's keep.orphanLines and widowLines (2, Word's one setting). Stated, since OOXML
 * leaves it off where nothing sets it (ECMA-376 §17.3.1.44), and Chinese Word templates turn it off.
 *
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
  const off = `<w:widowControl/><w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>`;
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
