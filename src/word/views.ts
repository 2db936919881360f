/**
 * Views of a read document: its text as if every tracked change were accepted, or rejected (what pandoc's
 * `--track-changes=accept|reject` gives), paragraph by paragraph, and where each comment is anchored.
 */
import type { Block, Paragraph, Run, WordDocument } from "./model.js";

export type View = "accept" | "reject";

/** Whether a run is in the text of a view: accepted, deletions and moves away go; rejected, insertions and moves here go. */
export function runInView(run: Run, view: View): boolean {
  const t = run.change?.type;
  if (t === undefined) return true;
  return view === "accept" ? t === "ins" || t === "moveTo" : t === "del" || t === "moveFrom";
}

export function paragraphText(p: Paragraph, view: View): string {
  return p.runs.filter((r) => runInView(r, view)).map((r) => r.text).join("");
}

/** Every paragraph in document order, those in tables (cell by cell) and in block controls included. */
export function allParagraphs(blocks: readonly Block[], view?: View): Paragraph[] {
  const out: Paragraph[] = [];
  for (const b of blocks) {
    if (b.kind === "paragraph") out.push(b);
    else if (b.kind === "control") out.push(...allParagraphs(b.blocks, view));
    else
      for (const row of b.rows) {
        if (view && row.change && (view === "accept" ? row.change.type === "del" : row.change.type === "ins")) continue;
        for (const cell of row.cells) out.push(...allParagraphs(cell.blocks, view));
      }
  }
  return out;
}

/**
 * The document's paragraphs' text in a view. A paragraph whose mark is deleted joins the next when the change is
 * accepted (§17.13.5.15); one whose mark was inserted joins the next when it is rejected. A paragraph left empty
 * by the view is dropped when its mark goes too.
 */
export function viewText(doc: WordDocument | readonly Block[], view: View): string[] {
  const paragraphs = allParagraphs(Array.isArray(doc) ? doc : (doc as WordDocument).body, view);
  const out: string[] = [];
  let carry = "";
  for (const p of paragraphs) {
    const text = carry + paragraphText(p, view);
    const markGoes = p.mark !== undefined && (view === "accept" ? p.mark.type === "del" : p.mark.type === "ins");
    if (markGoes) carry = text;
    else {
      out.push(text);
      carry = "";
    }
  }
  if (carry !== "") out.push(carry);
  return out;
}

/** Each comment's anchored text (the runs its range holds, as the document now stands with changes shown) and the paragraphs (indexes into allParagraphs) it touches. */
export function commentAnchors(doc: WordDocument): Map<string, { text: string; paragraphs: number[] }> {
  const out = new Map<string, { text: string; paragraphs: number[] }>();
  allParagraphs(doc.body).forEach((p, i) => {
    for (const id of p.comments) {
      const a = out.get(id) ?? { text: "", paragraphs: [] };
      if (!a.paragraphs.includes(i)) a.paragraphs.push(i);
      out.set(id, a);
    }
    for (const r of p.runs)
      for (const id of r.comments) {
        const a = out.get(id) ?? { text: "", paragraphs: [] };
        a.text += r.text;
        if (!a.paragraphs.includes(i)) a.paragraphs.push(i);
        out.set(id, a);
      }
  });
  return out;
}
