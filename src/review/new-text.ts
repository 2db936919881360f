/**
 * A paragraph a reviewer added, as template text. Its numbers are bound to the data as `npm run import` binds a
 * draft's (src/import/bind.ts: value, unit and the label's words near it): a bound number becomes the helper that
 * prints it (`{{fig}}`, `{{change}}`…), the report's year `{{year}}`. A number that is no published figure (or
 * could be several) cannot be written: a figure typed into a template is a defect — the paragraph is then not
 * placed, and the numbers are given back to be listed as data changes requested.
 */
import { bindParagraph } from "../import/bind.js";
import type { FormIndex } from "../import/forms.js";
import { writeRuns } from "../import/template.js";

export function newParagraphText(text: string, index: FormIndex): { line: string; bound: string[] } | { numbers: { phrase: string; candidates: readonly string[] }[] } {
  const { pieces, findings } = bindParagraph(text, index);
  const open = findings.filter((f) => f.status !== "bound");
  if (open.length > 0) return { numbers: open.map((f) => ({ phrase: f.phrase, candidates: f.candidates })) };
  return { line: writeRuns(text, pieces, index.year), bound: findings.map((f) => f.call!) };
}

/**
 * What a reviewer typed into a paragraph (`paragraph[from, to)`), as template text: escaped, the year `{{year}}`,
 * its numbers bound in the paragraph's context; `numbers` when one is no published figure (it is then not written).
 */
export function typedText(paragraph: string, from: number, to: number, index: FormIndex): { text: string } | { numbers: { phrase: string; start: number; end: number; candidates: readonly string[] }[] } {
  if (!/\d/.test(paragraph.slice(from, to))) return { text: writeRuns(paragraph.slice(from, to), [], index.year) };
  const { pieces, findings } = bindParagraph(paragraph, index);
  const touching = pieces.filter((p) => p.start < to && p.end > from);
  // Not written: a number no published figure, or one whose words reach out of the typed stretch (a digit typed
  // into a number of the text around it — the whole number is what changed).
  const blocked = touching.filter((p) => p.call === undefined || p.start < from || p.end > to);
  if (blocked.length > 0) {
    return {
      numbers: blocked.map((p) => {
        const f = findings.find((x) => x.start >= p.start && x.start < p.end);
        return { phrase: paragraph.slice(p.start, p.end), start: p.start, end: p.end, candidates: f?.call ? [f.call] : (f?.candidates ?? []) };
      }),
    };
  }
  return { text: writeRuns(paragraph.slice(from, to), touching.map((p) => ({ ...p, start: p.start - from, end: p.end - from })), index.year) };
}
