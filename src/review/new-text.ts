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
export function typedText(paragraph: string, from: number, to: number, index: FormIndex): { text: string } | { numbers: { phrase: string; candidates: readonly string[] }[] } {
  if (!/\d/.test(paragraph.slice(from, to))) return { text: writeRuns(paragraph.slice(from, to), [], index.year) };
  const { pieces, findings } = bindParagraph(paragraph, index);
  const mine = findings.filter((f) => f.start >= from && f.start < to);
  const inside = pieces.filter((p) => p.start < to && p.end > from);
  const open = mine.filter((f) => f.status !== "bound");
  // A bound figure whose words reach out of the typed stretch belongs to the text around it: not this edit's to write.
  if (open.length > 0 || inside.some((p) => p.start < from || p.end > to)) return { numbers: (open.length ? open : mine).map((f) => ({ phrase: f.phrase, candidates: f.candidates })) };
  return { text: writeRuns(paragraph.slice(from, to), inside.map((p) => ({ ...p, start: p.start - from, end: p.end - from })), index.year) };
}
