/**
 * The page's one style sheet, inside the page (no file or font is fetched). Fonts are the reader's own:
 * each role names the official face first (what a government office has: 方正小标宋简体, 仿宋_GB2312,
 * 黑体, 楷体_GB2312, or Windows' SimHei/KaiTi/FangSong), then the common CJK faces of macOS, Windows,
 * Android and Linux, then the generic family — the role layout of GB/T 9704-2012 §7 as far as the reader's
 * fonts allow, never a web font.
 *
 * Both from the presented document's page profile (src/present/profile.ts):
 *
 * Screen (screenStyle): body text in a Song/Ming face (仿宋 is hard to read at screen sizes), 17 px with line
 * height 1.85, at most 40 characters a line — the screen's own scale; every other text kind is sized from the
 * profile, as its ratio to the body size (title 22/16 → 1.375 em, captions 14/16, table text and notes 12/16), never
 * under 12 px, and paragraphs are indented by the profile's characters (2 em). No element wider than the viewport
 * at 360 px — a table too wide scrolls inside its own box, and so does a chart that would otherwise draw its text
 * under 12 px (figure.ts). A number and its unit never part at a line end (`.nb`).
 *
 * Print (printStyle): the profile's page in points — GB/T 9704 on A4, margins 37/26/35/28 mm (§5.2.1), body 三号
 * (16 pt) 仿宋 on a 28.99 pt pitch (22 lines a page, §5.2.2), page numbers `— N —` in 四号, odd pages right and even
 * pages left (§7.5), through CSS page-margin boxes where the browser supports them (Chromium 131+).
 */
import { GAP_SHADE } from "../../model/layout.js";
import type { PageProfile, TextKind } from "../../present/profile.js";

const STACK = {
  title: `"方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "Noto Serif SC", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif`,
  song: `"Noto Serif SC", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "STSong", "SimSun", "宋体", serif`,
  fang: `"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif SC", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif`,
  hei: `"黑体", "SimHei", "Heiti SC", "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif`,
  kai: `"楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "Kaiti SC", "Noto Serif SC", "Noto Serif CJK SC", "Source Han Serif SC", serif`,
} as const;

export const FONT_STACKS = STACK;

/** The body text on screen, in CSS px: the screen's own scale, which every other size follows in the profile's ratios. */
const SCREEN_BODY_PX = 17;
/** No text kind is drawn smaller on screen (as charts: figure.ts MIN_CHART_TEXT_PX). */
const MIN_SCREEN_TEXT_PX = 12;

/** A number as CSS, at most three decimals. */
const num = (n: number): string => String(Number(n.toFixed(3)));

/**
 * The screen style. Sizes are the profile's, relative: a text kind's size over the body size in em (of the body,
 * or of `of` where the element sits inside another sized one), never under MIN_SCREEN_TEXT_PX; indents in the
 * profile's characters. Spacing between blocks is the screen's own (em).
 */
function screenStyle(p: PageProfile): string {
  const t = p.text;
  /** A text kind's size on screen, as a fraction of the body's. */
  const ratio = (kind: TextKind): number => Math.max(t[kind].size / t.body.size, MIN_SCREEN_TEXT_PX / SCREEN_BODY_PX);
  const em = (kind: TextKind, of: TextKind = "body"): string => `${num(ratio(kind) / ratio(of))}em`;
  const indent = (kind: TextKind): string => `${num(t[kind].firstLineIndent / p.charPitch)}em`;
  return `
:root { color-scheme: light; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: #1a1a1a; font: ${SCREEN_BODY_PX}px/1.85 ${STACK.song}; }
main { box-sizing: border-box; max-width: 42rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
p { margin: 0 0 .6em; text-indent: ${indent("body")}; text-align: justify; overflow-wrap: anywhere; }
.doc-number { text-indent: 0; text-align: center; margin-bottom: 1em; }
/* The title breaks only between words (index.ts wordBreaks writes <wbr> between them; GB/T 9704 §7.3.1), lines balanced. */
h1 { font: 700 ${em("title")}/1.45 ${STACK.title}; text-align: center; margin: .4em 0 1em; word-break: keep-all; overflow-wrap: normal; text-wrap: balance; }
.nb { white-space: nowrap; }
.doc-meta { font-size: .875em; color: #4d4d4d; border-bottom: 1px solid #d0d0d0; margin: 0 0 1.2em; padding-bottom: .5em; }
.doc-meta dl { display: flex; flex-wrap: wrap; gap: .2em 1.5em; margin: 0; }
.doc-meta dl > div { display: flex; }
.doc-meta dt { flex: none; }
.doc-meta dt::after { content: "："; }
.doc-meta dd { margin: 0; }
.downloads { margin: .4em 0 0; }
.downloads a { margin-right: 1.2em; white-space: nowrap; }
h2 { font: 700 ${em("heading1")}/1.6 ${STACK.hei}; margin: 1.4em 0 .5em; text-indent: ${indent("heading1")}; }
h3 { font: 700 ${em("heading2")}/1.85 ${STACK.kai}; margin: 1em 0 .4em; text-indent: ${indent("heading2")}; }
/* A run-in heading (（一）…。) opens its paragraph: heading and text are one paragraph to the eye. */
.para { margin: 0 0 .6em; text-indent: ${indent("body")}; text-align: justify; overflow-wrap: anywhere; }
.para > h3, .para > p { display: inline; margin: 0; text-indent: 0; font-size: 1em; }
mark.gap { background: ${GAP_SHADE}; color: inherit; padding: 0 .15em; border-bottom: 1px dashed #666; }
.unit { text-indent: 0; text-align: right; margin: 0; font-size: ${em("unit")}; }
.table-block, figure, .chart-data { margin: 1.2em 0; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll:focus-visible { outline: 2px solid #0b57d0; }
table { border-collapse: collapse; width: 100%; font-size: ${em("tableText")}; line-height: 1.5; }
caption { font: 700 ${em("caption", "tableText")}/1.6 ${STACK.hei}; padding-bottom: .3em; }
caption .unit { display: block; font: 400 ${em("unit", "caption")}/1.6 ${STACK.song}; }
th, td { border: 1px solid #8c8c8c; padding: .3em .5em; vertical-align: middle; }
thead th { background: #f0f0f0; font-weight: 700; text-align: center; }
tbody th { font-weight: 400; text-align: left; min-width: 6em; }
.l { text-align: left; } .c { text-align: center; } .r { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.notes p { text-indent: 0; font-size: ${em("note")}; margin: .3em 0 0; text-align: left; }
figure svg { display: block; width: 100%; height: auto; margin: 0 auto; }
figure svg text { font-family: ${STACK.hei}; }
figcaption { font: 700 ${em("caption")}/1.6 ${STACK.hei}; text-align: center; margin-top: .4em; }
.chart-data { border: 1px solid #d0d0d0; border-radius: 4px; padding: .3em .8em; }
.chart-data summary { cursor: pointer; font-size: .9em; }
.chart-data table { margin-top: .5em; }
.chart-data .download { text-indent: 0; margin: .5em 0 .2em; font-size: .9em; }
.signature { margin: 2em 0 1.5em; text-align: right; }
.signature p { text-indent: 0; text-align: right; margin: 0; padding-right: 2em; }
footer .source { text-indent: 0; font-size: .875em; color: #555; border-top: 1px solid #d0d0d0; padding-top: .6em; }
`;
}

/** Points with two decimals, as CSS. */
const pt = (points: number): string => `${Number(points.toFixed(2))}pt`;

/**
 * The print style, from the page profile (src/present/profile.ts, GB/T 9704-2012 by default): paper, margins,
 * the sizes and line pitches of the text kinds, the page number's size, place and inset — so the printed page
 * follows the same figures as the PDF. The body's letter spacing fits `grid.chars` characters to the type area
 * (§5.2.2: 28 a line). The page number's em box starts `belowTypeArea` under the type area (line height 1), as in
 * the PDF (render/pdf/index.ts).
 */
function printStyle(p: PageProfile): string {
  const t = p.text;
  const fit = p.charPitch - t.body.size;
  const number = (side: "left" | "right"): string =>
    `@page :${side} { @bottom-${side} { content: "— " counter(page) " —"; font: ${pt(t.pageNumber.size)}/1 ${STACK.song}; vertical-align: top; padding-top: ${pt(p.pageNumber.belowTypeArea)}; margin-${side}: ${pt(p.pageNumber.inset)}; } }`;
  return `
@page { size: ${pt(p.page.width)} ${pt(p.page.height)}; margin: ${pt(p.margin.top)} ${pt(p.margin.right)} ${pt(p.margin.bottom)} ${pt(p.margin.left)}; }
${number("right")}
${number("left")}
@media print {
  body { font: ${pt(t.body.size)}/${pt(t.body.pitch)} ${STACK.fang}; letter-spacing: ${pt(fit)}; color: #000; }
  main { max-width: none; padding: 0; }
  .doc-meta { display: none; }
  p, .para { margin: 0; text-indent: ${pt(t.body.firstLineIndent)}; orphans: ${p.keep.orphanLines}; widows: ${p.keep.widowLines}; }
  h1 { font: 400 ${pt(t.title.size)}/${pt(t.title.pitch)} ${STACK.title}; margin: 0 0 ${pt(t.title.spaceAfter)}; letter-spacing: 0; }
  h2 { font: 400 ${pt(t.heading1.size)}/${pt(t.heading1.pitch)} ${STACK.hei}; margin: 0; text-indent: ${pt(t.heading1.firstLineIndent)}; break-after: avoid; }
  h3 { font: 400 ${pt(t.heading2.size)}/${pt(t.heading2.pitch)} ${STACK.kai}; margin: 0; text-indent: ${pt(t.heading2.firstLineIndent)}; break-after: avoid; }
  .para > h3 { font-weight: 400; }
  .doc-number { margin: 0 0 ${pt(t.docNumber.spaceAfter)}; }
  mark.gap { background: #e6e6e6; }
  .table-block { margin: ${pt(p.table.around)} 0; }
  figure { margin: ${pt(p.figure.around)} 0; }
  table { font-size: ${pt(t.tableText.size)}; line-height: ${pt(t.tableText.pitch)}; letter-spacing: 0; }
  th, td { padding: ${pt(p.table.cellPadding.vertical)} ${pt(p.table.cellPadding.horizontal)}; border: ${pt(p.table.rule)} solid #000; }
  thead th { font-size: ${pt(t.tableHeader.size)}; line-height: ${pt(t.tableHeader.pitch)}; background: none; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; }
  caption, figcaption { font-size: ${pt(t.caption.size)}; line-height: ${pt(t.caption.pitch)}; letter-spacing: 0; }
  caption { padding: 0; }
  figcaption { margin: 0; }
  .unit { font-size: ${pt(t.unit.size)}; line-height: ${pt(t.unit.pitch)}; letter-spacing: 0; }
  .notes p { font-size: ${pt(t.note.size)}; line-height: ${pt(t.note.pitch)}; margin: ${pt(t.note.spaceBefore)} 0 0; letter-spacing: 0; }
  .scroll { overflow: visible; }
  figure svg { min-width: 0 !important; }
  .chart-data { display: none; }
  .signature { margin: ${pt(t.signature.spaceBefore)} 0 0; break-inside: avoid; }
  .signature p { padding-right: ${pt(t.signature.rightIndent)}; }
}
`;
}

/** The page's style sheet: screen, then print from the page profile. */
export function styleSheet(profile: PageProfile): string {
  return `${screenStyle(profile).trim()}\n${printStyle(profile).trim()}`;
}
