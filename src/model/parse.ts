/**
 * Markdown (mdast, via remark) → DocModel. The Markdown mapping and the directives that extend it are
 * documented in docs/data-and-templates.md:
 *   # title · ## heading 1 (一、) · ### heading 2 (（一）) · paragraphs · *run-in heading* · **bold**
 *   ::docnumber · ::signature · ::chart{spec="…"} · :::table{caption="…" unit="…"} GFM table + notes :::
 *   :gap[label]{id="…"} a figure not published yet (src/template/gaps.ts): a Run with style "gap"
 *   :ref[text]{id="…" region="…"} a figure from data/ (src/template/figures.ts): a Run with ref and region, in a
 *   table cell too (TableBlock.cellRuns)
 * Tables may have several header rows (`header=2`), merged cells (a cell `<` joins the cell at its left, `^` the
 * cell above) and column widths set in the template (`widths="3,1,1"`, relative).
 * remark-cjk-friendly lets `*（一）…。*出台` close its emphasis next to CJK punctuation, which plain
 * CommonMark flanking rules do not.
 */
import type { PhrasingContent, RootContent, Table } from "mdast";
import type { ContainerDirective, LeafDirective } from "mdast-util-directive";
import { UserError } from "../errors.js";
import { MAX_HEADING_NUMBER, headingNumber } from "./numbering.js";
import type { Align, Block, CellMerge, CellRuns, DocMeta, DocModel, FigureBlock, Run, SourceRef } from "./types.js";
import { gapText } from "../template/gaps.js";
import { markdownTree, type TreeMemo } from "./markdown-tree.js";

/** What a chart renderer gives for one `::chart`: everything of the figure but its number. */
export type ChartFigure = Omit<FigureBlock, "type" | "number">;

/** What the parser needs from outside: the document's front/end matter and a chart renderer. */
export interface ParseContext {
  readonly meta: DocMeta;
  /** Where the Markdown came from, for error messages (e.g. "report bulletin 520000"). */
  readonly origin: string;
  /** 发文字号 text; absent: the document has none and ::docnumber sets nothing. */
  readonly docNumber?: string;
  readonly signature: { readonly issuers: readonly string[]; readonly date: string };
  /** @param indicator `::chart{spec="…" indicator="…"}`: the one indicator to draw instead of the spec's list. */
  readonly renderChart: (spec: string, indicator?: string) => Promise<ChartFigure>;
  /** The template file and line a Markdown line came from (template/source-map.ts); errors name it. */
  readonly sourceOf?: (markdownLine: number) => SourceRef | undefined;
  /** What each template rendered, when the Markdown is these joined by a blank line: parsed piece by piece (markdown-tree.ts). */
  readonly pieces?: readonly string[];
  /** Trees of pieces parsed before (the preview keeps them between rebuilds). */
  readonly trees?: TreeMemo;
}

/** Characters of text one block may hold: far beyond any paragraph of a bulletin, short of what makes line breaking take minutes. */
export const MAX_BLOCK_TEXT = 10_000;
/** Cells of one table (rows × columns, header included), and its columns. */
export const MAX_TABLE_CELLS = 2_000;
export const MAX_TABLE_COLUMNS = 12;

export async function parseMarkdown(markdown: string, ctx: ParseContext): Promise<DocModel> {
  const tree = markdownTree(markdown, ctx.pieces, ctx.trees);
  const lines = markdown.split("\n");
  const blocks: (Block | Promise<Block>)[] = [];
  const counters = { h1: 0, h2: 0, table: 0, figure: 0 };
  /** Where a node (or a line of the Markdown) is: its line, and the template file and line it came from when known. */
  const at = (node: { position?: RootContent["position"] } | number) => {
    const line = typeof node === "number" ? node : node.position?.start.line;
    return { line, source: line !== undefined ? ctx.sourceOf?.(line) : undefined };
  };
  /** The template file and line when known; else the generated Markdown and its line. */
  const placeOf = ({ line, source }: ReturnType<typeof at>) => ({ file: source?.file ?? ctx.origin, line: source?.line ?? line });
  const fail = (node: { position?: RootContent["position"] } | number, message: string, hint?: string): never => {
    const where = at(node);
    const snippet = where.line !== undefined ? lines[where.line - 1]?.slice(0, 40) : undefined;
    throw new UserError({
      ...placeOf(where),
      message: `${message}${snippet ? ` (at “${snippet}”)` : ""}`,
      hint: hint ?? "see docs/data-and-templates.md for what templates may contain",
    });
  };
  /** A problem a chart found without knowing where its directive is (an unknown indicator=…): at the directive's line. */
  const located = (node: RootContent, e: unknown): unknown => {
    const where = at(node);
    if (!(e instanceof UserError) || where.line === undefined) return e;
    return new UserError(e.problems.map((p) => (p.file === undefined ? { ...p, ...placeOf(where) } : p)));
  };
  const sourced = <B extends Block>(node: RootContent, block: B): B => {
    const { source } = at(node);
    return source ? { ...block, source } : block;
  };
  const long = (node: RootContent, text: string): void => {
    if (text.length > MAX_BLOCK_TEXT) fail(node, `this block has ${text.length} characters, more than the limit of ${MAX_BLOCK_TEXT}`, "split it into paragraphs");
    const dropped = droppedInline(node as { children?: unknown });
    if (dropped?.type === "image" || dropped?.type === "imageReference") {
      fail(dropped, "a Markdown image ![…](…) is not supported: it would vanish from every format (and a picture file is not read)", 'draw a chart from data/ with ::chart{spec="…"} (templates/charts/), or write the text the picture says');
    }
    if (dropped) fail(dropped, "inline HTML is not supported: it would vanish from every format", "write the text without tags (a comment <!-- … --> goes on a line of its own)");
  };

  for (const node of tree.children) {
    switch (node.type) {
      case "heading": {
        const text = plain(node.children);
        long(node, text);
        if (node.depth === 1) blocks.push(sourced(node, { type: "title", text }));
        else if (node.depth === 2) {
          counters.h2 = 0;
          if (++counters.h1 > MAX_HEADING_NUMBER) fail(node, `heading ${counters.h1}: headings are numbered up to ${MAX_HEADING_NUMBER} (一、 to 九千九百九十九、)`, "split the document, or make some of these headings ### under fewer ## ones");
          blocks.push(sourced(node, { type: "heading", level: 1, number: headingNumber(1, counters.h1), text }));
        } else if (node.depth === 3) {
          if (++counters.h2 > MAX_HEADING_NUMBER) fail(node, `heading ${counters.h2} under one ##: headings are numbered up to ${MAX_HEADING_NUMBER} (（一） to （九千九百九十九）)`, "group these headings under more ## headings");
          blocks.push(sourced(node, { type: "heading", level: 2, number: headingNumber(2, counters.h2), text }));
        }
        else fail(node, `heading level ${node.depth} is not used in official documents`, "use ## or ###, or a run-in *（一）…。* paragraph");
        break;
      }
      case "paragraph": {
        const text = plain(node.children);
        // A ::: that closes nothing stays as text: a directive closed twice, or opened with a typo.
        if (/^:{3,}\s*$/m.test(text)) fail(node, "a ::: closes no :::table", "remove it, or check the :::table{…} line above it");
        if (/^:{2,}[a-z]/i.test(text)) fail(node, `“${text.split("\n")[0]!.slice(0, 30)}” is not a directive`, 'a directive is a line of its own: ::chart{spec="…"}, ::signature, ::docnumber or :::table{caption="…"}');
        long(node, text);
        blocks.push(sourced(node, { type: "paragraph", runs: runs(node.children) }));
        break;
      }
      case "leafDirective": {
        if (node.name === "docnumber" && ctx.docNumber === undefined) break;
        const block = leaf(node, ctx, counters, fail);
        blocks.push(block instanceof Promise ? block.then((b) => sourced(node, b), (e: unknown) => Promise.reject(located(node, e))) : sourced(node, block));
        break;
      }
      case "containerDirective":
        if (node.name !== "table") fail(node, `unknown block :::${node.name}`, "the only container is :::table");
        closed(node, lines, fail);
        for (const child of node.children) {
          if (child.type === "paragraph") long(child, plain(child.children));
          if (child.type === "table") for (const row of child.children) for (const cell of row.children) long(row, plain(cell.children));
        }
        blocks.push(sourced(node, table(node, ++counters.table, fail)));
        break;
      case "html":
        // A comment (<!-- -->) carries no content; any other HTML would vanish from every format.
        if (!isComment(node.value)) fail(node, "HTML is not supported: it would vanish from every format", "write the text without tags (a comment <!-- … --> is kept out of the output)");
        break;
      case "definition":
        break; // link definitions carry no content
      default:
        fail(node, `Markdown ${node.type} is not supported in a bulletin`);
    }
  }
  return { meta: ctx.meta, blocks: await Promise.all(blocks) };
}

type Fail = (n: { position?: RootContent["position"] } | number, m: string, h?: string) => never;

/**
 * remark-directive closes a container left open at the end of the document (or of its parent), so an
 * unclosed :::table would swallow every paragraph, heading and chart after it into the table's notes.
 * Its last line must be the closing fence.
 */
function closed(node: ContainerDirective, lines: readonly string[], fail: Fail): void {
  const end = node.position?.end.line;
  const last = end !== undefined ? lines[end - 1] : undefined;
  if (last === undefined || !/^\s*:{3,}\s*$/.test(last) || node.children.some((c) => c.type === "heading" || c.type === "leafDirective" || c.type === "containerDirective")) {
    fail(node, `:::${node.name} is not closed`, "end the table and its notes with a line holding only :::");
  }
}

function leaf(node: LeafDirective, ctx: ParseContext, counters: { figure: number }, fail: Fail): Block | Promise<Block> {
  switch (node.name) {
    case "docnumber":
      return { type: "docNumber", text: ctx.docNumber ?? "" };
    case "signature":
      return { type: "signature", issuers: ctx.signature.issuers, date: ctx.signature.date };
    case "chart": {
      const spec = node.attributes?.spec;
      if (!spec) return fail(node, "::chart needs a spec", 'write ::chart{spec="name"} for templates/charts/name.vl.json');
      const number = ++counters.figure;
      return ctx.renderChart(spec, node.attributes?.indicator ?? undefined).then((figure): Block => ({ type: "figure", number, ...figure }));
    }
    default:
      return fail(node, `unknown directive ::${node.name}`, "known: ::docnumber, ::signature, ::chart{spec=…}");
  }
}

function table(node: ContainerDirective, number: number, fail: Fail): Block {
  const caption = node.attributes?.caption;
  if (!caption) fail(node, ":::table needs a caption", ':::table{caption="…" unit="元"}');
  const grid = node.children.find((c): c is Table => c.type === "table");
  if (!grid) return fail(node, ":::table holds no GFM table", "put a | header | … | table inside");
  const width = grid.children[0]?.children.length ?? 0;
  for (const row of grid.children) {
    // GFM pads a short row and drops the extra cells of a long one: a figure would shift or vanish.
    if (row.children.length !== width) fail(row, `a table row has ${row.children.length} cells, its header ${width}`, "give every row one cell per column (| … | … |); write — for a figure not published");
  }
  if (width > MAX_TABLE_COLUMNS) fail(grid, `the table has ${width} columns, more than the limit of ${MAX_TABLE_COLUMNS}`, "split it into two tables");
  if (width * grid.children.length > MAX_TABLE_CELLS) fail(grid, `the table has ${width * grid.children.length} cells, more than the limit of ${MAX_TABLE_CELLS}`, "split it into several tables");
  const [head, ...body] = grid.children.map((row) => row.children.map((cell) => plain(cell.children)));
  const notes = node.children.filter((c) => c.type === "paragraph").map((p) => plain(p.children));
  const unit = node.attributes?.unit;
  const headerRows = node.attributes?.header ? Number(node.attributes.header) : undefined;
  if (headerRows !== undefined && !(Number.isInteger(headerRows) && headerRows >= 1 && headerRows <= 1 + body.length))
    fail(node, `:::table header="${node.attributes?.header}" is not a number of rows`, `write header=2 for a header of two rows (1 to ${1 + body.length})`);
  const widths = node.attributes?.widths?.split(",").map((w) => Number(w.trim()));
  if (widths && (widths.length !== (head ?? []).length || widths.some((w) => !(w > 0))))
    fail(node, `:::table widths="${node.attributes?.widths}" needs one positive number per column (${(head ?? []).length})`, 'write widths="3,1,1": relative widths, one per column');
  const merges = cellMerges([head ?? [], ...body]);
  const withFigures = grid.children.flatMap((row, r) => row.children.flatMap((cell, column): CellRuns[] => {
    const rs = cellRuns(cell.children);
    return rs ? [{ row: r, column, runs: rs }] : [];
  }));
  return {
    type: "table",
    number,
    caption: caption!,
    ...(unit ? { unit } : {}),
    header: head ?? [],
    align: (grid.align ?? []).map((a): Align => a ?? "left"),
    rows: body,
    notes,
    ...(headerRows && headerRows > 1 ? { headerRows } : {}),
    ...(merges.length > 0 ? { merges } : {}),
    ...(widths ? { widths } : {}),
    ...(withFigures.length > 0 ? { cellRuns: withFigures } : {}),
  };
}

/**
 * A table cell's runs when it holds a figure from data/ (`:ref`) or a draft mark (`:gap`): what the figure is,
 * for provenance; else undefined (the cell is its text). A cell's face is the table's: bold and run-in are not kept.
 */
function cellRuns(children: readonly PhrasingContent[]): Run[] | undefined {
  const all = runs(children);
  if (!all.some((r) => r.ref !== undefined)) return undefined;
  const out: Run[] = [];
  for (const r of all) {
    const run: Run = { text: r.text, ...(r.style === "gap" && { style: "gap" as const }), ...(r.ref !== undefined && { ref: r.ref }), ...(r.region !== undefined && { region: r.region }) };
    const last = out[out.length - 1];
    if (last && last.style === undefined && last.ref === undefined && run.style === undefined && run.ref === undefined) out[out.length - 1] = { text: last.text + run.text };
    else out.push(run);
  }
  return out;
}

/** Merged cells from the span marks: `<` joins the cell at its left, `^` the cell above (each resolved to its origin). */
function cellMerges(grid: readonly (readonly string[])[]): CellMerge[] {
  const origin = (r: number, c: number): [number, number] => {
    const t = grid[r]?.[c]?.trim();
    if (t === "<" && c > 0) return origin(r, c - 1);
    if (t === "^" && r > 0) return origin(r - 1, c);
    return [r, c];
  };
  const spans = new Map<string, CellMerge>();
  grid.forEach((row, r) =>
    row.forEach((_, c) => {
      const [or, oc] = origin(r, c);
      if (or === r && oc === c) return;
      const key = `${or},${oc}`;
      const m = spans.get(key) ?? { row: or, column: oc, rowSpan: 1, colSpan: 1 };
      spans.set(key, { ...m, rowSpan: Math.max(m.rowSpan, r - or + 1), colSpan: Math.max(m.colSpan, c - oc + 1) });
    }),
  );
  return [...spans.values()].sort((a, b) => a.row - b.row || a.column - b.column);
}

function runs(children: readonly PhrasingContent[]): Run[] {
  const out: Run[] = [];
  const push = (text: string, style?: Run["style"]): void => {
    const last = out[out.length - 1];
    if (last && last.style === style && style !== "gap" && last.ref === undefined) out[out.length - 1] = { ...last, text: last.text + text };
    else if (text) out.push(style ? { text, style } : { text });
  };
  for (const child of children) {
    if (child.type === "textDirective" && child.name === "gap") out.push({ text: gapText(plain(child.children)), style: "gap", ...(child.attributes?.id && { ref: child.attributes.id }) });
    // A figure from data/ (template/helpers.ts figureDirective): its indicator and region travel with it.
    else if (child.type === "textDirective" && child.name === "ref") out.push({ text: plain(child.children), ...(child.attributes?.id && { ref: child.attributes.id }), ...(child.attributes?.region && { region: child.attributes.region }) });
    else if (child.type === "emphasis") push(plain(child.children), "runIn");
    else if (child.type === "strong") push(plain(child.children), "bold");
    else push(plain([child]));
  }
  return out;
}

/** HTML that is only comments (`<!-- … -->`, one or more): the one kind of HTML a template may hold. */
const isComment = (html: string): boolean => /^(?:\s*<!--[\s\S]*?-->)+\s*$/.test(html);

/** The first inline node that the model has no place for (plain() would drop it): an image, or HTML other than a comment. */
function droppedInline(node: { children?: unknown }): (RootContent & { type: "image" | "imageReference" | "html" }) | undefined {
  for (const child of (node.children ?? []) as RootContent[]) {
    if (child.type === "image" || child.type === "imageReference") return child;
    if (child.type === "html" && !isComment(child.value)) return child;
    const inner = "children" in child ? droppedInline(child) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

/**
 * A paragraph written over several template lines: Markdown joins its lines with a soft break (a "\n" in the text
 * node; a hard break is a `break` node). Printed, it is nothing between two wide characters (Chinese text and
 * full-width marks: `努力，⏎收入` is `努力，收入`) and a space elsewhere — CSS Text 3 §4.1.3's segment break rule,
 * which the PDF and DOCX would otherwise not follow (they broke the line there). At the edge of a text node (next
 * to a figure) the one neighbour it has decides.
 */
function joinSoftBreaks(text: string): string {
  if (!text.includes("\n")) return text;
  const wide = (ch: string | undefined) => ch !== undefined && /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(ch);
  return text.replace(/[ \t]*\n[ \t]*/g, (m, at: number) => {
    const before = text[at - 1];
    const after = text[at + m.length];
    return (before === undefined || wide(before)) && (after === undefined || wide(after)) ? "" : " ";
  });
}

/** The text of inline content; directives that are not ours (`:foo` in text) are given back literally. */
function plain(children: readonly PhrasingContent[]): string {
  return children
    .map((c): string => {
      if (c.type === "text") return joinSoftBreaks(c.value);
      if (c.type === "inlineCode") return c.value;
      if (c.type === "break") return "\n";
      if (c.type === "textDirective" && c.name === "gap") return gapText(plain(c.children));
      if (c.type === "textDirective" && c.name === "ref") return plain(c.children);
      if (c.type === "textDirective") return `:${c.name}${"children" in c ? plain(c.children) : ""}`;
      if ("children" in c) return plain(c.children as PhrasingContent[]);
      return "";
    })
    .join("");
}
