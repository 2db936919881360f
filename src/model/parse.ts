/**
 * Markdown (mdast, via remark) → DocModel. The Markdown mapping and the directives that extend it are
 * documented in docs/data-and-templates.md:
 *   # title · ## heading 1 (一、) · ### heading 2 (（一）) · paragraphs · *run-in heading* · **bold**
 *   ::docnumber · ::signature · ::chart{spec="…"} · :::table{caption="…" unit="…"} GFM table + notes :::
 * Tables may have several header rows (`header=2`), merged cells (a cell `<` joins the cell at its left, `^` the
 * cell above) and column widths set in the template (`widths="3,1,1"`, relative).
 * remark-cjk-friendly lets `*（一）…。*出台` close its emphasis next to CJK punctuation, which plain
 * CommonMark flanking rules do not.
 */
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkDirective from "remark-directive";
import remarkCjkFriendly from "remark-cjk-friendly";
import type { PhrasingContent, RootContent, Table } from "mdast";
import type { ContainerDirective, LeafDirective } from "mdast-util-directive";
import { UserError } from "../errors.js";
import { headingNumber } from "./numbering.js";
import type { Align, Block, CellMerge, DocMeta, DocModel, FigureBlock, Run } from "./types.js";

/** What a chart renderer gives for one `::chart`: everything of the figure but its number. */
export type ChartFigure = Omit<FigureBlock, "type" | "number">;

/** What the parser needs from outside: the document's front/end matter and a chart renderer. */
export interface ParseContext {
  readonly meta: DocMeta;
  /** Where the Markdown came from, for error messages (e.g. "report bulletin 520000"). */
  readonly origin: string;
  readonly docNumber: string;
  readonly signature: { readonly issuers: readonly string[]; readonly date: string };
  readonly renderChart: (spec: string) => Promise<ChartFigure>;
}

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkCjkFriendly).use(remarkDirective);

export async function parseMarkdown(markdown: string, ctx: ParseContext): Promise<DocModel> {
  const tree = processor.parse(markdown);
  const blocks: (Block | Promise<Block>)[] = [];
  const counters = { h1: 0, h2: 0, table: 0, figure: 0 };
  const fail = (node: RootContent, message: string, hint?: string): never => {
    const line = node.position?.start.line;
    const snippet = line !== undefined ? markdown.split("\n")[line - 1]?.slice(0, 40) : undefined;
    throw new UserError({
      file: ctx.origin,
      line,
      message: `${message}${snippet ? ` (at “${snippet}”)` : ""}`,
      hint: hint ?? "see docs/data-and-templates.md for what templates may contain",
    });
  };

  for (const node of tree.children) {
    switch (node.type) {
      case "heading": {
        const text = plain(node.children);
        if (node.depth === 1) blocks.push({ type: "title", text });
        else if (node.depth === 2) {
          counters.h2 = 0;
          blocks.push({ type: "heading", level: 1, number: headingNumber(1, ++counters.h1), text });
        } else if (node.depth === 3) blocks.push({ type: "heading", level: 2, number: headingNumber(2, ++counters.h2), text });
        else fail(node, `heading level ${node.depth} is not used in official documents`, "use ## or ###, or a run-in *（一）…。* paragraph");
        break;
      }
      case "paragraph":
        blocks.push({ type: "paragraph", runs: runs(node.children) });
        break;
      case "leafDirective":
        blocks.push(leaf(node, ctx, counters, fail));
        break;
      case "containerDirective":
        if (node.name !== "table") fail(node, `unknown block :::${node.name}`, "the only container is :::table");
        blocks.push(table(node, ++counters.table, fail));
        break;
      case "html":
      case "definition":
        break; // comments (<!-- -->) and link definitions carry no content
      default:
        fail(node, `Markdown ${node.type} is not supported in a bulletin`);
    }
  }
  return { meta: ctx.meta, blocks: await Promise.all(blocks) };
}

function leaf(node: LeafDirective, ctx: ParseContext, counters: { figure: number }, fail: (n: RootContent, m: string, h?: string) => never): Block | Promise<Block> {
  switch (node.name) {
    case "docnumber":
      return { type: "docNumber", text: ctx.docNumber };
    case "signature":
      return { type: "signature", issuers: ctx.signature.issuers, date: ctx.signature.date };
    case "chart": {
      const spec = node.attributes?.spec;
      if (!spec) return fail(node, "::chart needs a spec", 'write ::chart{spec="name"} for templates/charts/name.vl.json');
      const number = ++counters.figure;
      return ctx.renderChart(spec).then((figure): Block => ({ type: "figure", number, ...figure }));
    }
    default:
      return fail(node, `unknown directive ::${node.name}`, "known: ::docnumber, ::signature, ::chart{spec=…}");
  }
}

function table(node: ContainerDirective, number: number, fail: (n: RootContent, m: string, h?: string) => never): Block {
  const caption = node.attributes?.caption;
  if (!caption) fail(node, ":::table needs a caption", ':::table{caption="…" unit="元"}');
  const grid = node.children.find((c): c is Table => c.type === "table");
  if (!grid) return fail(node, ":::table holds no GFM table", "put a | header | … | table inside");
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
  };
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
    if (last && last.style === style) out[out.length - 1] = { ...last, text: last.text + text };
    else if (text) out.push(style ? { text, style } : { text });
  };
  for (const child of children) {
    if (child.type === "emphasis") push(plain(child.children), "runIn");
    else if (child.type === "strong") push(plain(child.children), "bold");
    else push(plain([child]));
  }
  return out;
}

/** The text of inline content; directives that are not ours (`:foo` in text) are given back literally. */
function plain(children: readonly PhrasingContent[]): string {
  return children
    .map((c): string => {
      if (c.type === "text" || c.type === "inlineCode") return c.value;
      if (c.type === "break") return "\n";
      if (c.type === "textDirective") return `:${c.name}${"children" in c ? plain(c.children) : ""}`;
      if ("children" in c) return plain(c.children as PhrasingContent[]);
      return "";
    })
    .join("");
}
