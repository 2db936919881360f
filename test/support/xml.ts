/**
 * A small XML pretty-printer for readable snapshots of OOXML parts: one element per line, two spaces per level,
 * an element holding only text kept on its line (`<w:t xml:space="preserve">…</w:t>`). Text is not re-escaped or
 * trimmed inside such elements; whitespace-only text between elements is dropped.
 */
export function prettyXml(xml: string): string {
  const tokens = xml.match(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[^>]+>|[^<]+/g) ?? [];
  const lines: string[] = [];
  const pad = (n: number) => "  ".repeat(Math.max(0, n));
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.startsWith("<?") || t.startsWith("<!")) {
      lines.push(pad(depth) + t);
    } else if (t.startsWith("</")) {
      depth--;
      lines.push(pad(depth) + t);
    } else if (t.startsWith("<")) {
      const next = tokens[i + 1];
      const after = tokens[i + 2];
      if (t.endsWith("/>")) lines.push(pad(depth) + t);
      else if (next !== undefined && !next.startsWith("<") && after?.startsWith("</")) {
        lines.push(pad(depth) + t + next + after);
        i += 2;
      } else {
        lines.push(pad(depth) + t);
        depth++;
      }
    } else if (t.trim() !== "") {
      lines.push(pad(depth) + t.trim());
    }
  }
  return `${lines.join("\n")}\n`;
}
