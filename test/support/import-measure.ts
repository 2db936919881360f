/**
 * The import's measure on the reference bulletin (issue 23, item 4): the reference's paragraphs as a Word draft
 * with plain digits, and, for each of its numbers, the indicator the 2020 templates bind there (from the `:ref`
 * directives of the bulletin's Markdown), to score what the import bound.
 */
import { join } from "node:path";
import { loadDataset } from "../../src/data/load.js";
import { compileTemplates, renderMarkdown } from "../../src/template/compile.js";
import type { PlacedFinding } from "../../src/import/template.js";
import { fold } from "../../src/import/scan.js";
import { ROOT } from "./dataset.js";
import type { DraftBlock } from "./draft-docx.js";
import { normalize, referenceParagraphs } from "./reference.js";

/** Full-width punctuation as a Chinese draft has it (the reference is a web copy with ASCII , ( ) : ;). */
export function fullWidth(text: string): string {
  return text.replace(/[,():;?!]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** The reference as a draft: 发文字号 first, the section headings in Heading 1 with their numbers typed (一、), run-in headings bold, the issuers and date right-aligned. */
export function referenceDraft(): DraftBlock[] {
  const paragraphs = referenceParagraphs();
  let heading = 0;
  return paragraphs.map((raw, i): DraftBlock => {
    const text = fullWidth(raw);
    if (i >= paragraphs.length - 2) return { text, align: "right" };
    if (i > 0 && !/[。，；]/.test(text) && text.length < 20) return { text: `${"一二三四五六七八九十"[heading++]}、${text}`, style: "heading1" };
    const runIn = /^（[一二三四五六七八九十]+）[^。]*。/.exec(text);
    return runIn ? { text, bold: runIn[0].length } : { text };
  });
}

const NUMBER = /\d+(?:\.\d+)?/g;

/** For each reference paragraph (1-based), its numbers in order, each with the `id@region` the templates bind it to, or null. */
export function templateBindings(year = 2020): Map<number, (string | null)[]> {
  const dataset = loadDataset(join(ROOT, "data"), year, ROOT);
  const markdown = renderMarkdown(compileTemplates(join(ROOT, "templates"), (f) => f), "bulletin", dataset, dataset.regions[0]!);
  const lines = markdown.split("\n").map((line) => {
    let plain = "";
    const refs: { start: number; end: number; ref: string }[] = [];
    const body = line.replace(/^#{1,3} /, "");
    for (const m of body.matchAll(/:ref\[((?:\\.|[^\]\\])*)\]\{id="([^"]*)" region="([^"]*)"\}|\*|[^:*]+|:/g)) {
      if (m[1] !== undefined) {
        const text = m[1].replace(/\\(.)/g, "$1");
        refs.push({ start: plain.length, end: plain.length + text.length, ref: `${m[2]}@${m[3]}` });
        plain += text;
      } else if (m[0] !== "*") plain += m[0];
    }
    return { plain, refs };
  });
  const out = new Map<number, (string | null)[]>();
  referenceParagraphs().forEach((paragraph, i) => {
    const line = lines.find((l) => l.plain !== "" && normalize(l.plain) === normalize(paragraph));
    if (!line) return;
    out.set(i + 1, [...fold(line.plain).matchAll(NUMBER)].map((m) => line.refs.find((r) => r.start <= m.index! && m.index! < r.end)?.ref ?? null));
  });
  return out;
}

export interface Score {
  /** Numbers the templates bind. */
  readonly figures: number;
  readonly bound: number;
  readonly wrong: number;
  readonly ambiguous: number;
  readonly unbound: number;
  /** Each wrong binding: paragraph, number, what the import bound, what the templates bind. */
  readonly wrongs: readonly string[];
}

/** Scores the import's findings against the templates' bindings, number by number (the k-th number of a paragraph). */
export function score(findings: readonly PlacedFinding[], draftTexts: ReadonlyMap<number, string>, truth: ReadonlyMap<number, (string | null)[]>): Score {
  let figures = 0, bound = 0, wrong = 0, ambiguous = 0, unbound = 0;
  const wrongs: string[] = [];
  const callRef = (call: string) => {
    const m = /^\w+ "([^"]+)"(?: region="(\d+)")?/.exec(call)!;
    return `${m[1]}@${m[2] ?? "520000"}`;
  };
  for (const [n, refs] of truth) {
    const text = fold(draftTexts.get(n) ?? "");
    const starts = [...text.matchAll(NUMBER)].map((m) => m.index!);
    const mine = findings.filter((f) => f.paragraph === n);
    refs.forEach((ref, k) => {
      const f = mine.find((x) => x.start === starts[k]);
      if (ref !== null) figures++;
      if (!f) {
        if (ref !== null) unbound++;
        return;
      }
      if (f.status === "bound") {
        if (ref !== null && callRef(f.call!) === ref) bound++;
        else {
          wrong++;
          wrongs.push(`paragraph ${n}: ${f.phrase} bound to ${f.call}, the templates: ${ref ?? "none"}`);
        }
      } else if (ref !== null) {
        if (f.status === "ambiguous") ambiguous++;
        else unbound++;
      }
    });
  }
  return { figures, bound, wrong, ambiguous, unbound, wrongs };
}
