/** What an SVG chart asks of the fonts: the text it draws and whether it uses a bold weight. */

/** The text drawn by an SVG: the character data between its tags, entities decoded (a superset is harmless). */
export function svgText(svg: string): string {
  const body = svg.replace(/<!--[\s\S]*?-->/g, "").replace(/<(style|script)[\s\S]*?<\/\1>/gi, "");
  const chars = body.replace(/<[^>]*>/g, "");
  return chars.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const k = e.toLowerCase();
    if (k.startsWith("#x")) return String.fromCodePoint(parseInt(k.slice(2), 16));
    if (k.startsWith("#")) return String.fromCodePoint(parseInt(k.slice(1), 10));
    return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[k] ?? "";
  });
}

/** Whether an SVG asks for a bold weight anywhere (vega writes `font-weight="bold"` for titles). */
export function svgUsesBold(svg: string): boolean {
  return /font-weight\s*[:=]\s*["']?\s*(bold|bolder|[6-9]00)\b/i.test(svg);
}
