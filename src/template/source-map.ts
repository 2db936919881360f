/**
 * Rendered Markdown line → the template file and line it came from, so that a Markdown-level problem
 * (an unclosed :::table, a table row with too few cells, a missing glyph) names the template a user edits,
 * not the generated Markdown (which a failed build never writes).
 *
 * Handlebars keeps no positions in its output, so each rendered line is matched to a template line by its
 * literal text: a template line becomes a pattern in which every `{{…}}` matches any text, and lines made
 * only of block tags (`{{#each}}`, `{{/if}}`, comments), which Handlebars removes from the output, match
 * nothing. Lines are matched in order; a line repeated by `{{#each}}` matches its template line again.
 */

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
        for (let j = last + 1; j < patterns.length && found < 0; j++) if (patterns[j]?.test(text)) found = j;
        for (let j = last; j >= 0 && found < 0; j--) if (patterns[j]?.test(text)) found = j; // {{#each}} again
      }
      if (found >= 0) last = found;
      map.push({ file: chunk.file, line: (found >= 0 ? found : Math.max(last, 0)) + 1 });
    }
  });
  return (line) => map[line];
}

const BLOCK_ONLY = /^\s*(\{\{~?\s*([#/^!>]|else\b)[^}]*~?\}\}\s*)+$/;

/** A template line → a regular expression for the lines it renders to, or undefined if it renders none. */
function linePattern(line: string): RegExp | undefined {
  if (BLOCK_ONLY.test(line)) return undefined;
  const parts = line.trim().split(/\{\{\{?[^}]*\}?\}\}/);
  const literal = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^\\s*${literal.join("[\\s\\S]*?")}\\s*$`);
}
