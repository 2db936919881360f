/**
 * The one place the HTML renderer reads its input, the presented document (src/present/types.ts).
 * Everything below this module (markup, CSS) works on HtmlDocument.
 */
import type { Align, ChartMark, ChartTable, DocMeta, Run as ModelRun } from "../../model/types.js";
import type { PageProfile } from "../../present/profile.js";
import type { PresentedBlock, PresentedCell, PresentedDocument, PresentedParagraph, PresentedRun } from "../../present/types.js";

/** A run of text; `noBreak`: a number and its unit (the presentation's no-break run), never parted at a line end. */
export type Run = ModelRun & { readonly noBreak?: true };

export interface HtmlDocument {
  readonly meta: DocMeta;
  /** The page profile (print CSS: paper, margins, sizes). */
  readonly profile: PageProfile;
  /** The issuers and the 成文日期 of the signature, for the bar above the text (none in a document without one). */
  readonly signed?: { readonly issuers: readonly string[]; readonly date: string };
  /** File names of downloads start with it: `<code>-<report>` as in out/<year>/. */
  readonly stem: string;
  readonly blocks: readonly HtmlBlock[];
}

export type HtmlBlock = (DocNumber | Title | Heading | Paragraph | Table | Figure | Signature) & {
  /** The template file and line the block came from (`templates/…/05-income.md.hbs:12`; the model's `source`). */
  readonly source?: string;
};

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
  /**
   * The text in parts when some are draft marks (Run.style "gap", shaded as in the PDF and DOCX) or figures from
   * data/ (`ref`, `region`: where each comes from).
   */
  readonly parts?: readonly Run[];
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
  readonly notes: readonly (readonly Run[])[];
}
export interface Figure {
  readonly kind: "figure";
  /** `图1` */
  readonly label: string;
  /** Used for ids and file names: `fig1`. */
  readonly key: string;
  readonly caption: string;
  readonly unit?: string;
  /** What the chart shows, in words (src/present/describe.ts): its <desc>. */
  readonly description: string;
  readonly chart: string;
  readonly svg: string;
  /** The SVG's elements that show a figure (model ChartMark): the page gives them `data-ref`, `data-region`. */
  readonly marks?: readonly ChartMark[];
  readonly data?: { readonly head: readonly Cell[]; readonly body: readonly (readonly Cell[])[]; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] };
}
export interface Signature {
  readonly kind: "signature";
  readonly issuers: readonly string[];
  /** 2021年6月9日 */
  readonly date: string;
}

/**
 * The presented document (src/present/, not paginated: a page scrolls) → HtmlDocument. Numbering, captions,
 * units, header rows, spans and the face of every run were decided there, for every format alike.
 */
export function htmlInput(doc: PresentedDocument): HtmlDocument {
  const blocks: HtmlBlock[] = [];
  let signature: PresentedParagraph[] = [];
  const flush = (): void => {
    const lines = signature.map((p) => textOf(p.runs));
    if (lines.length > 0) blocks.push({ kind: "signature", issuers: lines.slice(0, -1), date: lines[lines.length - 1]!, ...sourceOf(signature[0]!) });
    signature = [];
  };
  for (const b of doc.blocks) {
    if (b.kind === "paragraph" && b.style === "signature") {
      signature.push(b);
      continue;
    }
    flush();
    blocks.push({ ...block(b, doc.profile.runInFace), ...sourceOf(b) });
  }
  flush();
  const sig = blocks.find((b): b is Signature & { source?: string } => b.kind === "signature");
  return { meta: doc.meta, profile: doc.profile, ...(sig && { signed: { issuers: sig.issuers, date: sig.date } }), stem: `${doc.meta.region.code}-${doc.meta.report}`, blocks };
}

const textOf = (runs: readonly PresentedRun[]): string => runs.map((r) => r.text).join("");

const sourceOf = (b: PresentedBlock): { source?: string } => (b.source ? { source: `${b.source.file}:${b.source.line}` } : {});

/** Presented runs → model-like runs: a run-in heading's runs, bold, draft marks; neighbours of one kind joined. */
function runsOf(p: PresentedParagraph, runInRole: string): Run[] {
  // A run-in heading (（一）…。 or a brief's “section” lead) is set in the run-in face within the body.
  return joined(p.runs, (r) => (r.face.role === runInRole ? "runIn" : r.gap ? "gap" : r.face.bold ? "bold" : undefined));
}

/**
 * Runs of one style, one figure (ref, region) and no-break or not joined: the presentation splits a figure from its
 * unit's neighbours. A no-break run (a number and its unit) is never joined with another.
 */
function joined(runs: readonly PresentedRun[], styleOf: (r: PresentedRun) => Run["style"]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const style = styleOf(r);
    const last = out[out.length - 1];
    if (last && !last.noBreak && !r.noBreak && last.style === style && last.ref === r.ref && last.region === r.region) out[out.length - 1] = { ...last, text: last.text + r.text };
    else out.push({ text: r.text, ...(style ? { style } : {}), ...(r.ref ? { ref: r.ref } : {}), ...(r.region ? { region: r.region } : {}), ...(r.noBreak ? { noBreak: true as const } : {}) });
  }
  return out;
}

/** A table cell's text in parts, when it holds a draft mark, a figure from data/ or a number with its unit (a cell's face is the table's). */
function cellParts(runs: readonly PresentedRun[]): { parts?: Run[] } {
  return runs.some((r) => r.gap || r.ref || r.noBreak) ? { parts: joined(runs, (r) => (r.gap ? "gap" : undefined)) } : {};
}

/** A chart's figures as table cells (the first column names each row), each figure with where it comes from. */
function chartTableBody(data: ChartTable): Cell[][] {
  const refs = new Map((data.refs ?? []).map((c) => [`${c.row},${c.column}`, c]));
  return data.rows.map((row, r) =>
    row.map((text, i): Cell => {
      if (i === 0) return { text, header: "row" };
      const ref = refs.get(`${r},${i}`);
      return { text, align: "right", ...(ref && { parts: [{ text, ref: ref.ref, region: ref.region }] }) };
    }),
  );
}

const ALIGN: Record<string, Align> = { left: "left", center: "center", right: "right", justify: "left" };

/** `单位：元` → `元` (the HTML adds its own 单位： label). */
const unitText = (p: PresentedParagraph | undefined): string | undefined => (p ? textOf(p.runs).replace(/^单位：/, "") : undefined);

function block(b: PresentedBlock, runInRole: string): HtmlBlock {
  if (b.kind === "paragraph") {
    if (b.style === "docNumber" || b.style === "title") return { kind: b.style, text: textOf(b.runs) };
    if ((b.style === "heading1" || b.style === "heading2") && b.outline) return { kind: "heading", level: b.outline.level, text: b.outline.text };
    return { kind: "paragraph", runs: runsOf(b, runInRole) };
  }
  if (b.kind === "table") {
    const unit = unitText(b.unit);
    const cells = (row: readonly PresentedCell[], head: boolean): Cell[] =>
      row.map((c) => ({
        text: textOf(c.runs),
        ...cellParts(c.runs),
        align: ALIGN[c.align] ?? "left",
        // Header rows name columns; the first column names each body row (地区, 指标).
        ...(head ? { header: c.colSpan > 1 ? ("colgroup" as const) : ("col" as const) } : c.column === 0 ? { header: "row" as const } : {}),
        ...(c.colSpan > 1 ? { colspan: c.colSpan } : {}),
        ...(c.rowSpan > 1 ? { rowspan: c.rowSpan } : {}),
      }));
    return {
      kind: "table",
      label: `表${b.number}`,
      key: `table${b.number}`,
      caption: b.caption.caption?.text ?? textOf(b.caption.runs),
      ...(unit ? { unit } : {}),
      head: b.rows.slice(0, b.headerRows).map((r) => cells(r, true)),
      body: b.rows.slice(b.headerRows).map((r) => cells(r, false)),
      notes: b.notes.map((n) => joined(n.runs, (r) => (r.gap ? "gap" : undefined))),
    };
  }
  const unit = unitText(b.unit);
  return {
    kind: "figure",
    label: `图${b.number}`,
    key: `fig${b.number}`,
    caption: b.caption.caption?.text ?? textOf(b.caption.runs),
    ...(unit ? { unit } : {}),
    description: b.description,
    chart: b.chart,
    svg: b.svg,
    ...(b.marks ? { marks: b.marks } : {}),
    ...(b.data
      ? {
          data: {
            head: b.data.columns.map((text, i) => ({ text, header: "col" as const, align: i === 0 ? ("left" as const) : ("right" as const) })),
            body: chartTableBody(b.data),
            columns: b.data.columns,
            rows: b.data.rows,
          },
        }
      : {}),
  };
}
