/**
 * The document model: the contract between the templates and the renderers. Renderers read only this;
 * it is plain JSON (written to out/ with --emit model) so a user can see why a page looks as it does.
 */
import type { ProfileData } from "../present/profile.js";

export interface DocModel {
  readonly meta: DocMeta;
  readonly blocks: readonly Block[];
}

export interface DocMeta {
  /** Report kind (templates/<kind>/report.yaml), e.g. "bulletin", "prefecture". */
  readonly report: string;
  readonly region: { readonly code: string; readonly name: string };
  readonly year: number;
  /** The document title (PDF metadata, DOCX core properties). */
  readonly title: string;
  /** The issuers, joined by a space (PDF Author, DOCX creator). */
  readonly author: string;
  readonly subject: string;
  readonly keywords: readonly string[];
  readonly lang: "zh-CN";
  /** Where the document is published (来源, data/<year>/document.yaml sources: the first one's publisher, else its title). */
  readonly source?: string;
  /** The place names of data/regions.yaml (name, short name, table heading): never broken across lines (src/present/lines/). */
  readonly placeNames?: readonly string[];
  /**
   * The page profile the kind sets its pages by (templates/<kind>/report.yaml `page:`, src/present/profile-file.ts):
   * the default profile's data with the file's fields over it. Absent: the default, GB/T 9704-2012.
   */
  readonly pageProfile?: ProfileData;
  /** The template files the text came from, with the SHA-256 of their text: the DOCX records them for `npm run review`. */
  readonly templates?: readonly { readonly file: string; readonly sha256: string }[];
}

export type Block = (DocNumberBlock | TitleBlock | HeadingBlock | ParagraphBlock | TableBlock | FigureBlock | SignatureBlock) & { readonly source?: SourceRef };

/** The template file (relative to the repo) and line a block came from, for error messages. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

/** 发文字号, e.g. 黔人社通〔2021〕72号 (GB/T 9704-2012 §7.2.4). */
export interface DocNumberBlock {
  readonly type: "docNumber";
  readonly source?: SourceRef;
  readonly text: string;
}

/** 标题 (GB/T 9704 §7.3.1): 2号小标宋, centred. */
export interface TitleBlock {
  readonly type: "title";
  readonly source?: SourceRef;
  readonly text: string;
}

/** Level 1 `一、` (黑体), level 2 `（一）` (楷体). `number` is the full marker, e.g. "一、". */
export interface HeadingBlock {
  readonly type: "heading";
  readonly source?: SourceRef;
  readonly level: 1 | 2;
  readonly number: string;
  readonly text: string;
}

export interface Run {
  readonly text: string;
  /**
   * runIn: a run-in heading such as `（一）…。` set in the heading-2 font; bold: body font, bold;
   * gap: a draft mark for a figure not yet published (text 【待补充：label】), shaded by the renderers.
   */
  readonly style?: "runIn" | "bold" | "gap";
  /** The indicator id the run's figure comes from (a gap: the id, or document.<field>, it stands for). */
  readonly ref?: string;
  /** With `ref`: the region code of the figure. */
  readonly region?: string;
}

/** Body paragraph, first line indented two characters. */
export interface ParagraphBlock {
  readonly type: "paragraph";
  readonly source?: SourceRef;
  readonly runs: readonly Run[];
}

export type Align = "left" | "center" | "right";

export interface TableBlock {
  readonly type: "table";
  readonly source?: SourceRef;
  /** 表N, numbered in document order. */
  readonly number: number;
  readonly caption: string;
  /** The unit line at the right above the table (`单位：元`), when the table has one unit. */
  readonly unit?: string;
  readonly header: readonly string[];
  readonly align: readonly Align[];
  readonly rows: readonly (readonly string[])[];
  /** Lines under the table: `备注：…`, `注：…`. */
  readonly notes: readonly string[];
  /** How many rows, `header` included, are header rows (default 1): the first `headerRows − 1` of `rows` join it. */
  readonly headerRows?: number;
  /** Merged cells, in grid coordinates over [header, ...rows]; the covered cells' text is ignored. */
  readonly merges?: readonly CellMerge[];
  /** Relative column widths set in the template; absent: from the content. */
  readonly widths?: readonly number[];
  /**
   * The cells whose text holds a figure from data/ (`:ref`, written by the helpers) or a draft mark, as runs: each
   * figure with its indicator and region, for provenance. Grid coordinates as `merges`; a cell not listed is its text alone.
   */
  readonly cellRuns?: readonly CellRuns[];
}

export interface CellRuns {
  readonly row: number;
  readonly column: number;
  /** The cell's text in runs (their texts joined are the cell's text); only `style: "gap"` is kept. */
  readonly runs: readonly Run[];
}

/** A cell that shows one figure from data/: its indicator id and region (provenance). */
export interface CellRef {
  /** Row and column of the table's `rows` (the header row not counted). */
  readonly row: number;
  readonly column: number;
  readonly ref: string;
  readonly region: string;
}

export interface CellMerge {
  readonly row: number;
  readonly column: number;
  readonly rowSpan: number;
  readonly colSpan: number;
}

export interface FigureBlock {
  readonly type: "figure";
  readonly source?: SourceRef;
  /** 图N, numbered in document order. */
  readonly number: number;
  readonly caption: string;
  readonly unit?: string;
  /** Chart spec name (templates/charts/<chart>.vl.json). */
  readonly chart: string;
  /** The rendered chart: SVG text whose user units are points, sized to the type area. */
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  /** The chart's figures as a table (as published, trailing zeros kept): header cells, then one row per line. */
  readonly data?: ChartTable;
  /** The SVG's elements that draw a figure (a bar, a point, a label), with the figure's indicator and region. */
  readonly marks?: readonly ChartMark[];
}

/**
 * A mark of a chart's SVG that shows a figure from data/ (src/charts/marks.ts). The SVG itself is left as vega
 * drew it (the PDF and DOCX embed those bytes); an HTML page may add the provenance to the element.
 */
export interface ChartMark {
  /** The element's place among the SVG's start tags, in document order (0: the <svg> element). */
  readonly element: number;
  readonly ref: string;
  readonly region: string;
}

/** A chart's figures as a plain table: the HTML page shows it beside the chart and offers it as CSV. */
export interface ChartTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** The cells that show a figure, with where it comes from. */
  readonly refs?: readonly CellRef[];
}

/** 发文机关署名 and 成文日期, right-aligned at the end (GB/T 9704 §7.3.5). */
export interface SignatureBlock {
  readonly type: "signature";
  readonly source?: SourceRef;
  readonly issuers: readonly string[];
  /** 2021年6月9日: Arabic numerals, no leading zeros. */
  readonly date: string;
}
