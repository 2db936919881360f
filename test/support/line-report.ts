/**
 * What the line layout (src/present/lines/) makes of a presented document, checked from its lines' texts alone
 * (not from the layout's own break classes, so that a wrong rule there shows here): loose lines (1 em or more of
 * space added, the last line of a paragraph aside) and forbidden breaks between two lines of a paragraph —
 * 避头尾, inside a number, between a number and its unit or classifier, inside a place name or a document number.
 * Used by test/line-rules.test.ts and bench/lines.ts.
 */
import type { FontProfile } from "../../src/fonts/profile.js";
import { paragraphLines } from "../../src/present/lines/index.js";
import type { PresentedDocument, PresentedParagraph } from "../../src/present/types.js";

export interface LineReport {
  readonly paragraphs: number;
  readonly lines: number;
  /** Lines (not a paragraph's last) with 1 em or more of space added: the text and the space in em. */
  readonly loose: readonly { readonly text: string; readonly em: number }[];
  /** The most space added to a line, in em. */
  readonly worstEm: number;
  /** Breaks no rule allows: `rule: …end of a line | start of the next…`. */
  readonly forbidden: readonly string[];
  /** Width taken out by punctuation compression, in em, over all lines. */
  readonly compressedEm: number;
}

const CLOSING = /^[，。、；：？！”’）》〉」』】〕〗］｝·～]/u;
const OPENING = /[“‘（《〈「『【〔〖［｛]$/u;

/** The paragraphs of a document, those inside tables (caption, unit line, notes) and figures included. */
export function paragraphsOf(doc: PresentedDocument): PresentedParagraph[] {
  return doc.blocks.flatMap((b) => (b.kind === "paragraph" ? [b] : b.kind === "table" ? [b.caption, ...(b.unit ? [b.unit] : []), ...b.notes] : [...(b.unit ? [b.unit] : []), b.caption]));
}

export function lineReport(doc: PresentedDocument, fonts: FontProfile): LineReport {
  const loose: { text: string; em: number }[] = [];
  const forbidden: string[] = [];
  const units = doc.profile.lines.units;
  const places = doc.meta.placeNames ?? [];
  let lines = 0;
  let worstEm = 0;
  let compressedEm = 0;
  const paragraphs = paragraphsOf(doc);
  for (const p of paragraphs) {
    const laid = paragraphLines(p, doc, fonts);
    lines += laid.length;
    laid.forEach((l, k) => {
      compressedEm += l.compressed / p.size;
      const em = l.added / p.size;
      if (k < laid.length - 1) {
        worstEm = Math.max(worstEm, em);
        if (em >= 1 - 1e-9) loose.push({ text: l.text, em });
      }
      const next = laid[k + 1];
      if (!next) return;
      const a = l.text;
      const b = next.text;
      const at = (rule: string) => forbidden.push(`${rule}: …${a.slice(-8)} | ${b.slice(0, 8)}…`);
      if (CLOSING.test(b)) at("closing mark starts a line");
      if (OPENING.test(a)) at("opening mark ends a line");
      if (/[\d.,%‰]$/u.test(a) && /^[\d.,%‰]/u.test(b)) at("inside a number");
      if (/\d[-–~～]$/u.test(a) && /^\d/u.test(b)) at("inside a range");
      if (/\d[%‰]?$/u.test(a) && units.some((u) => b.startsWith(u))) at("number | unit");
      if (/〔\d*$|〔\d+〕\d*$/u.test(a)) at("inside a document number");
      for (const name of places) for (let s = 1; s < name.length; s++) if (a.endsWith(name.slice(0, s)) && b.startsWith(name.slice(s))) at(`inside ${name}`);
    });
  }
  return { paragraphs: paragraphs.length, lines, loose, worstEm, forbidden, compressedEm };
}
