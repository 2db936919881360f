/**
 * The one place the HTML renderer reads the document model. Everything below this module (markup, CSS)
 * works on HtmlDocument and does not care where labels (表N, 图N), header cells or row headers were
 * decided: today here, from the DocModel; once the presentation stage exists, from the presented
 * document — switching is a change to this file only.
 */
import type { Align, Block, DocMeta, DocModel, Run } from "../../model/types.js";

export type { Run };

export interface HtmlDocument {
  readonly meta: DocMeta;
  /** File names of downloads start with it: `<code>-<report>` as in out/<year>/. */
  readonly stem: string;
  readonly blocks: readonly HtmlBlock[];
}

export type HtmlBlock = DocNumber | Title | Heading | Paragraph | Table | Figure | Signature;

export interface DocNumber {
  readonly kind: "docNumber";
  readonly text: string;
}
export interface Title {
  readonly kind: "title";
  readonly text: string;
}
/** level 1: `一、…` (h2), level 2: `（一）…` (h3); the title is h1. */
export interface Heading {
  readonly kind: "heading";
  readonly level: 1 | 2;
  readonly text: string;
}
export interface Paragraph {
  readonly kind: "paragraph";
  readonly runs: readonly Run[];
}

/** A table cell; `header` cells become <th> with their scope. */
export interface Cell {
  readonly text: string;
  readonly header?: "col" | "row" | "colgroup" | "rowgroup";
  readonly colspan?: number;
  readonly rowspan?: number;
  readonly align?: Align;
}
export interface Table {
  readonly kind: "table";
  /** `表1` */
  readonly label: string;
  /** Used for ids: `table1`. */
  readonly key: string;
  readonly caption: string;
  readonly unit?: string;
  /** Header rows, top to bottom (more than one when headers span). */
  readonly head: readonly (readonly Cell[])[];
  readonly body: readonly (readonly Cell[])[];
  readonly notes: readonly string[];
}
export interface Figure {
  readonly kind: "figure";
  /** `图1` */
  readonly label: string;
  /** Used for ids and file names: `fig1`. */
  readonly key: string;
  readonly caption: string;
  readonly unit?: string;
  readonly chart: string;
  readonly svg: string;
  readonly data?: { readonly head: readonly Cell[]; readonly body: readonly (readonly Cell[])[]; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] };
}
export interface Signature {
  readonly kind: "signature";
  readonly issuers: readonly string[];
  /** 2021年6月9日 */
  readonly date: string;
}

export function htmlInput(model: DocModel): HtmlDocument {
  return { meta: model.meta, stem: `${model.meta.region.code}-${model.meta.report}`, blocks: model.blocks.map(block) };
}

function block(b: Block): HtmlBlock {
  switch (b.type) {
    case "docNumber":
    case "title":
      return { kind: b.type, text: b.text };
    case "heading":
      return { kind: "heading", level: b.level, text: `${b.number}${b.text}` };
    case "paragraph":
      return { kind: "paragraph", runs: b.runs };
    case "table":
      return {
        kind: "table",
        label: `表${b.number}`,
        key: `table${b.number}`,
        caption: b.caption,
        ...(b.unit ? { unit: b.unit } : {}),
        // One header row today; the first column names each row (地区, 指标), so it is a row header.
        head: [b.header.map((text, i) => ({ text, header: "col" as const, align: b.align[i] ?? "left" }))],
        body: b.rows.map((row) => row.map((text, i) => ({ text, align: b.align[i] ?? "left", ...(i === 0 ? { header: "row" as const } : {}) }))),
        notes: b.notes,
      };
    case "figure":
      return {
        kind: "figure",
        label: `图${b.number}`,
        key: `fig${b.number}`,
        caption: b.caption,
        ...(b.unit ? { unit: b.unit } : {}),
        chart: b.chart,
        svg: b.svg,
        ...(b.data
          ? {
              data: {
                head: b.data.columns.map((text, i) => ({ text, header: "col" as const, align: i === 0 ? ("left" as const) : ("right" as const) })),
                body: b.data.rows.map((row) => row.map((text, i) => (i === 0 ? { text, header: "row" as const } : { text, align: "right" as const }))),
                columns: b.data.columns,
                rows: b.data.rows,
              },
            }
          : {}),
      };
    case "signature":
      return { kind: "signature", issuers: b.issuers, date: b.date };
  }
}
