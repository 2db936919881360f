/**
 * The bulletin's Markdown (as `--emit markdown` writes it) as a Typst document with the same text, fonts and
 * page setup — the peer of `bench/typst/peer.ts`. Only what the bulletin's Markdown uses: headings, paragraphs
 * with run-in 楷体 headings (`*（一）…*`), figure refs (`:ref[text]{…}`: the text), tables in `:::table`,
 * charts (`::chart{spec}`: the SVG the build emitted), the document number and the signature.
 */
export interface TypstPage {
  /** Type area (GB/T 9704-2012 §5.2.1): margins in mm. */
  readonly margin: { top: number; bottom: number; left: number; right: number };
  readonly bodySize: number;
  readonly linePitch: number;
  readonly fonts: { body: string; heading: string };
}

export const GBT9704_PAGE: TypstPage = {
  margin: { top: 37, bottom: 35, left: 28, right: 26 },
  bodySize: 16,
  linePitch: 28.9,
  fonts: { body: "Noto Serif SC", heading: "Noto Sans SC" },
};

/** Typst markup's special characters, escaped so text stays text. */
const escape = (text: string): string => text.replace(/[\\#*_`$@<>\[\]~=\/-]/g, (c) => `\\${c}`);
const inline = (md: string): string => {
  const plain = md.replace(/:ref\[([^\]]*)\]\{[^}]*\}/g, "$1");
  return plain.split(/(\*[^*]+\*)/).map((part) => (part.startsWith("*") && part.endsWith("*") && part.length > 2 ? `#text(font: "${GBT9704_PAGE.fonts.heading}")[${escape(part.slice(1, -1))}]` : escape(part))).join("");
};

export function toTypst(markdown: string, charts: readonly string[], page: TypstPage = GBT9704_PAGE): string {
  const leading = page.linePitch - page.bodySize;
  const out: string[] = [
    `#set page(paper: "a4", margin: (top: ${page.margin.top}mm, bottom: ${page.margin.bottom}mm, left: ${page.margin.left}mm, right: ${page.margin.right}mm), footer: context align(if calc.odd(here().page()) { right } else { left }, text(size: 14pt)[— #counter(page).display() —]))`,
    `#set text(font: "${page.fonts.body}", size: ${page.bodySize}pt, lang: "zh", cjk-latin-spacing: none)`,
    `#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: ${leading}pt, spacing: ${leading}pt)`,
    `#show heading: set text(font: "${page.fonts.heading}", size: ${page.bodySize}pt, weight: "regular")`,
    "",
  ];
  const lines = markdown.split("\n");
  let figure = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    if (line.startsWith("# ")) out.push(`#align(center, text(size: 22pt)[${escape(line.slice(2))}])`);
    else if (line.startsWith("## ")) out.push(`= ${escape(line.slice(3))}`);
    else if (line.startsWith("::chart")) out.push(`#figure(image("${charts[figure++] ?? ""}", width: 100%))`);
    else if (line.startsWith(":::table")) {
      const rows: string[][] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith(":::"); i++) {
        const row = lines[i]!;
        if (!row.startsWith("|") || /^\|\s*:?-/.test(row)) continue;
        rows.push(row.slice(1, -1).split("|").map((cell) => inline(cell.trim())));
      }
      const columns = rows[0]?.length ?? 1;
      out.push(`#text(size: 12pt, table(columns: ${columns}, ${rows.flat().map((c) => `[${c}]`).join(", ")}))`);
    } else if (line.startsWith("::")) continue; // document number and signature: drawn by the template in our build
    else out.push(inline(line));
    out.push("");
  }
  return out.join("\n");
}
