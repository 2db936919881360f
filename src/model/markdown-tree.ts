/**
 * A report's Markdown → its mdast tree, template by template when that gives the same tree: the report's
 * Markdown is what each template rendered, joined by one blank line (template/compile.ts renderMarkdown),
 * and after a blank line at the top level CommonMark starts afresh unless a block is still open. So when no
 * piece ends inside an open block and no piece defines a link reference (which any other piece could use),
 * the tree of the whole is the trees of the pieces one after the other, their positions moved by the lines
 * and characters before them. Otherwise — or for what parse.ts rejects anyway (lists, code, quotes) — the
 * whole is parsed at once. The preview keeps the trees of the pieces (TreeMemo): after a template edit only
 * that template's Markdown is parsed again (~70 ms of remark for a bulletin → a few ms).
 */
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkDirective from "remark-directive";
import remarkCjkFriendly from "remark-cjk-friendly";
import type { Root, RootContent } from "mdast";

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkCjkFriendly).use(remarkDirective);

/** What separates two templates' Markdown in a report. */
export const PIECE_SEPARATOR = "\n\n";

/** A line that may be a link reference or footnote definition: its label is the whole document's. */
const DEFINITION = /^\s*\[[^\]\n]*\]:/m;
const LINE_ENDING = /\r\n|\r|\n/g;
/** Blocks after which a blank line leaves nothing open: everything else (lists, code, quotes…) parses whole. */
const CLOSED_BY_BLANK_LINE = new Set(["heading", "paragraph", "leafDirective"]);

/** The trees of pieces of Markdown by their text, kept by the preview between rebuilds (bounded, least recently used first out). */
export class TreeMemo {
  private readonly trees = new Map<string, readonly RootContent[]>();
  constructor(private readonly max = 500) {}

  get size(): number {
    return this.trees.size;
  }

  get(piece: string): readonly RootContent[] | undefined {
    const tree = this.trees.get(piece);
    if (tree) {
      this.trees.delete(piece);
      this.trees.set(piece, tree);
    }
    return tree;
  }

  set(piece: string, tree: readonly RootContent[]): void {
    this.trees.set(piece, tree);
    for (const oldest of this.trees.keys()) {
      if (this.trees.size <= this.max) break;
      this.trees.delete(oldest);
    }
  }
}

/**
 * @param pieces what each template rendered, when `markdown` is them joined by PIECE_SEPARATOR (else ignored).
 * @param memo trees of pieces parsed before (the preview's).
 */
export function markdownTree(markdown: string, pieces?: readonly string[], memo?: TreeMemo): Root {
  if (!pieces || pieces.length < 2 || DEFINITION.test(markdown) || pieces.join(PIECE_SEPARATOR) !== markdown) return processor.parse(markdown);
  const children: RootContent[] = [];
  let lines = 0;
  let offset = 0;
  for (const piece of pieces) {
    let tree = memo?.get(piece);
    if (!tree) {
      if (piece !== piece.trim()) return processor.parse(markdown);
      tree = processor.parse(piece).children;
      if (!tree.every((node, i) => closedAtEnd(node, piece, i === tree!.length - 1))) return processor.parse(markdown);
      memo?.set(piece, tree);
    }
    for (const node of tree) children.push(moved(node, lines, offset));
    lines += (piece.match(LINE_ENDING)?.length ?? 0) + 2;
    offset += piece.length + PIECE_SEPARATOR.length;
  }
  const last = markdown.split(LINE_ENDING).pop()!;
  return {
    type: "root",
    children,
    position: { start: { line: 1, column: 1, offset: 0 }, end: { line: lines - 1, column: last.length + 1, offset: markdown.length } },
  };
}

/**
 * Whether a top-level block of a piece leaves nothing open after the piece: a heading, a paragraph, a leaf
 * directive; a :::container only when it ends at its closing fence (a container left open would take in the
 * next piece) and holds only tables and paragraphs; an HTML block of kinds 1–5 only when its end marker is
 * in it (those run over blank lines). Only the last block of a piece can be open; every block must be one of these.
 */
function closedAtEnd(node: RootContent, piece: string, last: boolean): boolean {
  if (CLOSED_BY_BLANK_LINE.has(node.type)) return true;
  if (node.type === "html") return !last || htmlClosed(node.value);
  if (node.type !== "containerDirective") return false;
  if (!node.children.every((c) => c.type === "table" || c.type === "paragraph")) return false;
  if (!last) return true;
  const start = node.position?.start.line;
  const end = node.position?.end.line;
  if (start === undefined || end === undefined) return false;
  const lines = piece.split(LINE_ENDING);
  const open = /^\s*(:{3,})/.exec(lines[start - 1] ?? "")?.[1]?.length ?? Infinity;
  const close = /^\s*(:{3,})\s*$/.exec(lines[end - 1] ?? "")?.[1]?.length ?? 0;
  return end > start && close >= open;
}

/** CommonMark HTML blocks 1–5 end at a marker, not at a blank line: closed when the marker is in the block. */
function htmlClosed(html: string): boolean {
  const start = html.trimStart();
  if (/^<(script|pre|style|textarea)(\s|>|$)/i.test(start)) return /<\/(script|pre|style|textarea)>/i.test(html);
  if (start.startsWith("<!--")) return html.includes("-->");
  if (start.startsWith("<?")) return html.includes("?>");
  if (start.startsWith("<![CDATA[")) return html.includes("]]>");
  if (/^<![A-Za-z]/.test(start)) return html.includes(">");
  return true; // kinds 6 and 7 end at the blank line
}

/** A copy of a node with every position moved down by `lines` lines and on by `offset` characters. */
function moved<T>(node: T, lines: number, offset: number): T {
  if (Array.isArray(node)) return node.map((n: unknown) => moved(n, lines, offset)) as T;
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "position" && value) {
      const { start, end } = value as { start: Point; end: Point };
      out[key] = { start: movedPoint(start, lines, offset), end: movedPoint(end, lines, offset) };
    } else out[key] = moved(value, lines, offset);
  }
  return out as T;
}

interface Point {
  readonly line: number;
  readonly column: number;
  readonly offset?: number;
}

const movedPoint = (p: Point, lines: number, offset: number): Point => ({ ...p, line: p.line + lines, ...(p.offset !== undefined && { offset: p.offset + offset }) });
