/**
 * A template file as the review edits it: its lines, loaded once, and the edits gathered (ranges of a line or of a
 * paragraph written over several lines, lines deleted, paragraphs and table rows added), then applied at once.
 */
export class TemplateFile {
  readonly lines: string[];
  readonly before: string;
  /** Line index → replacements [start, end, text] in that line. */
  readonly edits = new Map<number, [number, number, string][]>();
  readonly deleted = new Set<number>();
  /** A paragraph written over several lines: its first line index → its number of lines (edits' offsets are in the lines joined by \n). */
  readonly spans = new Map<number, number>();
  readonly inserted = new Map<number, string[]>();
  /** Table rows added after a line (no blank line between: the same table). */
  readonly rowsAfter = new Map<number, string[]>();
  constructor(
    readonly name: string,
    text: string,
  ) {
    this.before = text;
    this.lines = text.split("\n");
  }

  /** The lines of the paragraph that starts at line `i`, joined by \n. */
  block(i: number): string {
    return this.lines.slice(i, i + (this.spans.get(i) ?? 1)).join("\n");
  }

  /** The last line index of the paragraph that starts at line `i`. */
  end(i: number): number {
    return i + (this.spans.get(i) ?? 1) - 1;
  }

  /** Deletes a paragraph's lines with the blank line that parts it from the next (or, last, from the one before). */
  delete(i: number): void {
    const last = this.end(i);
    for (let k = i; k <= last; k++) this.deleted.add(k);
    if (this.lines[last + 1] === "") this.deleted.add(last + 1);
    else if (i > 0 && this.lines[i - 1] === "") this.deleted.add(i - 1);
  }

  after(): string {
    const out: string[] = [];
    let inside = -1; // the last line of a paragraph already written whole
    this.lines.forEach((_, i) => {
      if (!this.deleted.has(i) && i > inside) {
        let l = this.block(i);
        for (const [s, e, t] of [...(this.edits.get(i) ?? [])].sort((a, b) => b[0] - a[0])) l = l.slice(0, s) + t + l.slice(e);
        out.push(l);
        inside = this.end(i);
      }
      out.push(...(this.rowsAfter.get(i) ?? []));
      // A paragraph added after this line: a Markdown paragraph of its own, parted by blank lines.
      for (const added of this.inserted.get(i) ?? []) out.push("", added);
    });
    return out.join("\n");
  }
}

export /** How many lines the Markdown paragraph starting at line `i` has: up to a blank line or a line that starts another block. */
function paragraphLines(lines: readonly string[], i: number): number {
  if (/^\s*(#{1,6}\s|\|)/.test(lines[i]!)) return 1;
  let n = 1;
  while (i + n < lines.length && lines[i + n]!.trim() !== "" && !/^\s*(#{1,6}\s|[-+*]\s|\d+[.)]\s|>|:{2,}|\||\{\{~?\s*([#/^]|else\b))/.test(lines[i + n]!)) n++;
  return n;
}
