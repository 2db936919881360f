/**
 * Rendered Markdown line → the template file and line it came from, so that a Markdown-level problem
 * (an unclosed :::table, a table row with too few cells, a missing glyph) names the template a user edits,
 * not the generated Markdown (which a failed build never writes).
 *
 * Handlebars keeps no positions in its output, so each rendered line is matched to a template line by its
 * literal text: a template line becomes a pattern in which every `{{…}}` (and every block opened and closed
 * on the line) matches any text, and lines made only of block tags (`{{#each}}`, `{{/if}}`, comments), which
 * Handlebars removes from the output, match nothing. Lines are matched in order; a line repeated by
 * `{{#each}}` matches its template line again.
 */

import { createHash } from "node:crypto";

/** SHA-256 (hex) of a template's text: which version of a template a document was made from. */
export const templateHash = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

export interface SourceLine {
  readonly file: string;
  readonly line: number;
}

export interface RenderedChunk {
  /** The template file, as shown to the user. */
  readonly file: string;
  readonly template: string;
  /** What the template rendered to (trimmed), as joined into the report's Markdown. */
  readonly rendered: string;
}

/** @returns for a 1-based line of the joined Markdown (chunks joined by one blank line), its source. */
export function sourceMap(chunks: readonly RenderedChunk[]): (markdownLine: number) => SourceLine | undefined {
  const map: (SourceLine | undefined)[] = [undefined]; // 1-based
  chunks.forEach((chunk, i) => {
    if (i > 0) map.push(map[map.length - 1]); // the blank line between two templates
    const patterns = chunk.template.split("\n").map(linePattern);
    let last = -1; // index of the template line matched last
    for (const text of chunk.rendered.split("\n")) {
      let found = -1;
      if (text.trim() === "") found = Math.max(last, 0); // blank lines: where we are
      else {
        for (let j = last + 1; j < patterns.length && found < 0; j++) if (patterns[j]?.(text)) found = j;
        for (let j = last; j >= 0 && found < 0; j--) if (patterns[j]?.(text)) found = j; // {{#each}} again
      }
      if (found >= 0) last = found;
      map.push({ file: chunk.file, line: (found >= 0 ? found : Math.max(last, 0)) + 1 });
    }
  });
  return (line) => map[line];
}

const BLOCK_ONLY = /^\s*(\{\{~?\s*([#/^!>]|else\b)[^}]*~?\}\}\s*)+$/;

/** A block opened and closed on the line, with nothing of another block inside: what it writes is left open. */
const INLINE_BLOCK = /\{\{~?#(\w+)[^}]*\}\}(?:(?!\{\{~?[#/])[\s\S])*?\{\{~?\/\1\s*~?\}\}/g;

/**
 * A template line → a test of the lines it renders to, or undefined if it renders none. A block opened and closed
 * within the line (`{{#if source}}（{{source}}）{{/if}}`) may write its text or not: it matches any text, as a
 * `{{…}}` does.
 */
function linePattern(line: string): ((text: string) => boolean) | undefined {
  if (BLOCK_ONLY.test(line)) return undefined;
  let open = line.trim();
  for (let inner = open.replace(INLINE_BLOCK, "{{}}"); inner !== open; inner = open.replace(INLINE_BLOCK, "{{}}")) open = inner;
  const parts = open.split(/\{\{\{?[^}]*\}?\}\}/);
  return (text) => inOrder(text.trim(), parts);
}

/**
 * Whether `text` is the literal parts in order with anything between them (what each `{{…}}` wrote): a glob
 * match, each part at its leftmost place, in linear time. (A regular expression of lazy wildcards backtracks
 * combinatorially when a long line almost matches: a brief's line of figures with their :ref directives took
 * seconds.)
 */
function inOrder(text: string, parts: readonly string[]): boolean {
  const first = parts[0]!;
  if (parts.length === 1) return text === first;
  const last = parts[parts.length - 1]!;
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  const end = text.length - last.length;
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const i = text.indexOf(part, at);
    if (i < 0 || i + part.length > end) return false;
    at = i + part.length;
  }
  return true;
}
