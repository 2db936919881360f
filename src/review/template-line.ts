/**
 * A template line against the text it generated: which character of the text is which character of the line's
 * literal text, and which came out of a `{{…}}` (a helper, an expression, a block). So an edit to prose becomes an
 * edit of the template line at the right place, and one that falls in a helper's output is known as such.
 *
 * The line (or a paragraph's lines joined by \n) is read as a sequence of items: literal characters, Markdown syntax
 * the rendering drops (a heading's `## `, a list's `- `, a table row's `|` and the spaces around cells, emphasis `**`,
 * a backslash escape, the line end in a paragraph written over several lines) which
 * may or may not appear in the text, and `{{…}}` expressions, each of which may stand for any stretch of the
 * text. The alignment prefers literal characters (a helper takes as little as it can) and never lets a literal
 * character stand for a character of a figure (only helpers write figures).
 */

export interface Helper {
  /** Offsets of `{{…}}` in the line. */
  readonly start: number;
  readonly end: number;
  /** The helper's name (`fig`, `change`, `changes`, `year`…). */
  readonly name: string;
}

type Item = { kind: "lit"; ch: string; at: number } | { kind: "opt"; ch: string; at: number } | { kind: "helper"; helper: Helper };

/** Where each character of the text came from: a literal character at a line offset, or a helper. */
export type Origin = { readonly kind: "lit"; readonly at: number } | { readonly kind: "helper"; readonly helper: Helper };

const EXPRESSION = /\{\{\{?[\s\S]*?\}?\}\}/g;

function items(line: string): Item[] {
  const out: Item[] = [];
  // A heading's `## `, a list's `- ` or `1. `, a quote's `> `: block syntax before the text.
  const lead = /^\s*(#{1,6}\s+|[-+*]\s+|\d+\.\s+|>\s*)?/.exec(line)![0].length;
  const literal = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const ch = line[i]!;
      // Syntax the rendering drops: the block mark, a backslash escape, table pipes and the spaces by them, emphasis.
      // A line end inside a paragraph written over several lines: printed as nothing or a space (model/parse.ts).
      const dropped = i < lead || (ch === "\\" && i + 1 < to) || ch === "|" || ch === "*" || ch === "_" || (ch === " " && (line[i - 1] === "|" || line[i + 1] === "|")) || ch === "\n";
      out.push({ kind: dropped ? "opt" : "lit", ch: ch === "\n" ? " " : ch, at: i });
    }
  };
  let at = 0;
  for (const m of line.matchAll(EXPRESSION)) {
    literal(at, m.index);
    const name = /^\{\{\{?~?\s*[#/^]?\s*([\w.-]+)/.exec(m[0])?.[1] ?? "";
    out.push({ kind: "helper", helper: { start: m.index, end: m.index + m[0].length, name } });
    at = m.index + m[0].length;
  }
  literal(at, line.length);
  return out;
}

/**
 * Each character of `text` with its origin in `line`, or undefined when the line cannot have generated the text
 * (the template changed since the build, or the line is not the paragraph's). `figure[j]` says the character is
 * part of a figure. `part`: the text is a stretch of what the line makes (a run-in heading and its paragraph are
 * two Word paragraphs from one line): the line's items before and after it are passed over.
 */
export function align(line: string, text: string, figure: readonly boolean[], part = false): Origin[] | undefined {
  const its = items(line);
  const n = its.length;
  const m = text.length;
  const w = m + 1;
  // ok[i][j]: items i.. can generate text j..
  const ok = new Uint8Array((n + 1) * w);
  ok[n * w + m] = 1;
  for (let i = n - 1; i >= 0; i--) {
    const it = its[i]!;
    let anyLater = 0; // for helpers: some k ≥ j with ok[i+1][k]
    for (let j = m; j >= 0; j--) {
      const next = ok[(i + 1) * w + j]!;
      if (it.kind === "helper") {
        anyLater = anyLater || next;
        ok[i * w + j] = anyLater;
      } else if (j === m && part) ok[i * w + j] = 1; // the rest of the line makes what follows the text
      else if (it.kind === "opt") ok[i * w + j] = next || (j < m && text[j] === it.ch && !figure[j] && ok[(i + 1) * w + j + 1]!) ? 1 : 0;
      else ok[i * w + j] = j < m && text[j] === it.ch && !figure[j] && ok[(i + 1) * w + j + 1] ? 1 : 0;
    }
  }
  let first = 0;
  if (part) while (first < n && !(ok[first * w]! && its[first]!.kind === "lit")) first++;
  if (first >= n || !ok[first * w]) return undefined;
  const out: Origin[] = [];
  let j = 0;
  for (let i = first; i < n && j < m; i++) {
    const it = its[i]!;
    if (it.kind === "lit") out.push({ kind: "lit", at: it.at }), j++;
    else if (it.kind === "opt") {
      if (j < m && text[j] === it.ch && !figure[j] && ok[(i + 1) * w + j + 1]) out.push({ kind: "lit", at: it.at }), j++;
    } else {
      let k = j;
      while (!ok[(i + 1) * w + k]) k++;
      for (; j < k; j++) out.push({ kind: "helper", helper: it.helper });
    }
  }
  return out;
}

/** The helpers of a line (their `{{…}}` and names). */
export function helpersOf(line: string): Helper[] {
  return items(line).flatMap((x) => (x.kind === "helper" ? [x.helper] : []));
}
