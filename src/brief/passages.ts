/**
 * The passages of a composed report (its DocModel) that name a region: what the bulletin says about a
 * prefecture, found in the bulletin's own paragraphs rather than typed into a template. Each passage is
 * the clauses of one paragraph that name the region (a sentence, or its part between ；), with the section
 * it stands in.
 */
import type { Region } from "../data/types.js";
import type { DocModel, Run } from "../model/types.js";
import { figureDirective } from "../template/figures.js";
import { gapDirective } from "../template/gaps.js";
import { literalInline } from "../template/literal.js";

export interface Passage {
  /** The level-1 heading the paragraph stands under, with its number: `四、人才队伍建设`. */
  readonly section: string;
  /** The run-in heading （一）… the paragraph stands under, else the level-2 heading, without its final 。; or "". */
  readonly subsection: string;
  /** The clauses naming the region, as composed (figures included), joined. */
  readonly text: string;
  /** The same as Markdown for a template: each figure still names its indicator and region (template/figures.ts). */
  readonly markdown: string;
}

/**
 * The forms under which a region is named in running text: its full name (黔南布依族苗族自治州), short name
 * (黔南州), table form, and the short name without 州 or 市 as lists write it ("贵阳、遵义、…黔南、黔西南6个市
 * （州）"). Longest first, so that a match is reported once.
 */
export function regionNames(region: Region): string[] {
  const stem = region.short.replace(/[州市]$/, "");
  const names = [region.name, region.short, region.table ?? region.short, ...(stem.length >= 2 ? [stem] : [])];
  return [...new Set(names)].sort((a, b) => b.length - a.length);
}

/** Whether `text` names the region. None of the forms of one prefecture is part of another's (黔南 ⊄ 黔西南). */
export function names(text: string, region: Region): boolean {
  return regionNames(region).some((name) => text.includes(name));
}

/**
 * The clauses of running text: sentences, and the parts of a sentence between ；, each with its closing
 * punctuation (。！？ or ；). A bulletin sentence often lists several measures separated by ；: only the
 * one that names the region is quoted.
 */
export function clauses(text: string): string[] {
  return clauseSpans(text).map(([start, end]) => text.slice(start, end));
}

/** Where each clause of `clauses` stands in the text: [start, end), surrounding white space left out. */
function clauseSpans(text: string): [number, number][] {
  return [...text.matchAll(/[^。！？；]+(?:[。！？；]+|$)/g)].flatMap((m) => {
    const start = m.index + (m[0].length - m[0].trimStart().length);
    const end = m.index + m[0].trimEnd().length;
    return end > start ? [[start, end] as [number, number]] : [];
  });
}

/**
 * The runs' text from `start` to `end` as Markdown: a figure from data/ as its :ref directive, a draft mark as its
 * :gap (they keep naming their indicator in the brief); `last` rewrites the final character (a ； that ends the quotation).
 */
function runsMarkdown(runs: readonly Run[], start: number, end: number, last: (text: string) => string): string {
  const out: string[] = [];
  let at = 0;
  for (const r of runs) {
    const [from, to] = [Math.max(start, at), Math.min(end, at + r.text.length)];
    if (from < to) {
      let text = r.text.slice(from - at, to - at);
      if (to === end) text = last(text);
      const label = r.style === "gap" ? /^【待补充：(.*)】$/.exec(text)?.[1] : undefined;
      out.push(r.ref && label !== undefined ? gapDirective(label, r.ref) : r.ref && r.style !== "gap" && r.region ? figureDirective(text, r.ref, r.region) : literalInline(text));
    }
    at += r.text.length;
  }
  return out.join("");
}

/**
 * Every paragraph of the model that names the region gives one passage: its clauses that name it, in
 * order; a quotation that stops at a ； ends with 。. A clause that opens with 其中 continues the one
 * before it (the province's figure, then its parts by prefecture), so that one comes along.
 */
export function passagesNaming(model: DocModel, region: Region): Passage[] {
  const passages: Passage[] = [];
  let section = "";
  let heading2 = "";
  let runInHeading = ""; // a run-in heading （一）…。 covers the paragraphs after it, up to the next heading
  for (const block of model.blocks) {
    if (block.type === "heading") {
      if (block.level === 1) [section, heading2] = [`${block.number}${block.text}`, ""];
      else heading2 = `${block.number}${block.text}`;
      runInHeading = "";
      continue;
    }
    if (block.type !== "paragraph") continue;
    const runIn = block.runs[0]?.style === "runIn" ? block.runs[0].text : "";
    if (runIn) runInHeading = runIn;
    const runs = block.runs.slice(runIn ? 1 : 0);
    const body = runs.map((r) => r.text).join("");
    const spans = clauseSpans(body);
    const chosen = new Set<number>();
    spans.forEach(([start, end], i) => {
      const s = body.slice(start, end);
      if (!names(s, region)) return;
      chosen.add(i);
      if (/^其中/.test(s) && i > 0) chosen.add(i - 1);
    });
    if (chosen.size === 0) continue;
    // A quotation that stops at a ； ends with 。.
    const ending = (i: number) => (text: string): string => (chosen.has(i + 1) ? text : text.replace(/；$/, "。"));
    const quoted = spans.map((span, i) => ({ span, i })).filter(({ i }) => chosen.has(i));
    passages.push({
      section,
      subsection: (runInHeading || heading2).replace(/[。：]$/, ""),
      text: quoted.map(({ span: [start, end], i }) => ending(i)(body.slice(start, end))).join(""),
      markdown: quoted.map(({ span: [start, end], i }) => runsMarkdown(runs, start, end, ending(i))).join(""),
    });
  }
  return passages;
}
