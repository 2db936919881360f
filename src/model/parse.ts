/**
 * Markdown (mdast, via remark) → DocModel. The Markdown mapping and the directives that extend it are
 * documented in docs/data-and-templates.md:
 *   # title · ## heading 1 (一、) · ### heading 2 (（一）) · paragraphs · *run-in heading* · **bold**
 *   ::docnumber · ::signature · ::chart{spec="…"} · :::table{caption="…" unit="…"} GFM table + notes :::
 *   :gap[label]{id="…"} a figure not published yet (src/template/gaps.ts): a Run with style "gap"
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
import type { Align, Block, DocMeta, DocModel, FigureBlock, Run } from "./types.js";
import { gapText } from "../template/gaps.js";

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
        if (node.name === "docnumber" && ctx.docNumber === undefined) break;
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

function table(node: ContainerDirective, number: number, fail: (n: RootContent, m: string, h?: string) => never): Block {
  const caption = node.attributes?.caption;
  if (!caption) fail(node, ":::table needs a caption", ':::table{caption="…" unit="元"}');
  const grid = node.children.find((c): c is Table => c.type === "table");
  if (!grid) return fail(node, ":::table holds no GFM table", "put a | header | … | table inside");
  const [head, ...body] = grid.children.map((row) => row.children.map((cell) => plain(cell.children)));
  const notes = node.children.filter((c) => c.type === "paragraph").map((p) => plain(p.children));
  const unit = node.attributes?.unit;
  return {
    type: "table",
    number,
    caption: caption!,
    ...(unit ? { unit } : {}),
    header: head ?? [],
    align: (grid.align ?? []).map((a): Align => a ?? "left"),
    rows: body,
    notes,
  };
}

function runs(children: readonly PhrasingContent[]): Run[] {
  const out: Run[] = [];
  const push = (text: string, style?: Run["style"]): void => {
    const last = out[out.length - 1];
    if (last && last.style === style && style !== "gap") out[out.length - 1] = { ...last, text: last.text + text };
    else if (text) out.push(style ? { text, style } : { text });
  };
  for (const child of children) {
    if (child.type === "textDirective" && child.name === "gap") out.push({ text: gapText(plain(child.children)), style: "gap", ...(child.attributes?.id && { ref: child.attributes.id }) });
    else if (child.type === "emphasis") push(plain(child.children), "runIn");
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
      if (c.type === "textDirective" && c.name === "gap") return gapText(plain(c.children));
      if (c.type === "textDirective") return `:${c.name}${"children" in c ? plain(c.children) : ""}`;
      if ("children" in c) return plain(c.children as PhrasingContent[]);
      return "";
    })
    .join("");
}
