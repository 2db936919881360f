/**
 * Pagination of an edited document resumes from the last result (src/present/paginate.ts `resume`): the
 * pages before the first changed block are reused. The result must be exactly what paginating the edited
 * document from scratch gives — for edits at the start, in the middle and near the end, a paragraph made
 * longer, one removed, one added, a figure removed — and it must really resume (fewer layouts).
 */
import { describe, expect, it } from "vitest";
import { loadFontProfile } from "../src/fonts/profile.js";
import { presentDocument } from "../src/present/present.js";
import { paginate, type Measure } from "../src/present/paginate.js";
import type { PresentedBlock, PresentedDocument, PresentedParagraph } from "../src/present/types.js";
import { pagesMeasure as measurePdf } from "../src/present/pages/measure.js";
import { builtModel } from "./support/built.js";

const fonts = loadFontProfile("default", "fonts");
const base = measurePdf(fonts);
const original = presentDocument(builtModel("520000", "bulletin"), fonts);

/** A measure of its own (no earlier results), counting the blocks it lays out. */
function counting(): { measure: Measure; blocks: () => number } {
  let n = 0;
  return {
    measure: async (doc, pages) => {
      n += doc.blocks.length;
      return base(doc, pages);
    },
    blocks: () => n,
  };
}

const bodyIndexes = original.blocks.flatMap((b, i) => (b.kind === "paragraph" && b.style === "body" ? [i] : []));
const at = (fraction: number): number => bodyIndexes[Math.floor(bodyIndexes.length * fraction)]!;
const longer = (b: PresentedBlock): PresentedBlock => {
  const p = b as PresentedParagraph;
  return { ...p, runs: [...p.runs, { ...p.runs[p.runs.length - 1]!, text: "预览编辑：这一句是为测试分页续排而加上的，足够长，能让段落多出一行以上的文字。" }] };
};
const shorter = (b: PresentedBlock): PresentedBlock => {
  const p = b as PresentedParagraph;
  return { ...p, runs: [{ ...p.runs[0]!, text: "预览编辑：只剩一行的段落。" }] };
};
const edit = (f: (blocks: PresentedBlock[]) => void): PresentedDocument => {
  const blocks = [...original.blocks];
  f(blocks);
  return { ...original, blocks };
};

/** Each edit, and the share of the layout work from scratch that resuming may take at most. */
const EDITS: Record<string, [PresentedDocument, number]> = {
  // Before the first page that starts with a plain paragraph (page 6): nothing to resume from.
  "a paragraph at 20 % made longer": [edit((b) => void (b[at(0.2)] = longer(b[at(0.2)]!))), 1],
  "a paragraph at 60 % made longer": [edit((b) => void (b[at(0.6)] = longer(b[at(0.6)]!))), 0.8],
  "a paragraph at 90 % removed": [edit((b) => void b.splice(at(0.9), 1)), 0.5],
  // (The own page flow: the last page before it opened by a plain paragraph is page 5, whose orphan fix the edit turns.)
  "a paragraph added at 40 %": [edit((b) => void b.splice(at(0.4), 0, longer(b[at(0.4)]!))), 1],
  "the last figure removed": [edit((b) => void b.splice(b.map((x) => x.kind).lastIndexOf("figure"), 1)), 0.5],
  // In the middle of the document, before the sections whose floats and keeps the pages after it depend on.
  "a paragraph added after 六、": [edit((b) => void b.splice(b.findIndex((x) => x.kind === "paragraph" && x.runs[0]?.text.startsWith("六、")) + 1, 0, { ...(b[at(0.5)] as PresentedParagraph), runs: [{ ...(b[at(0.5)] as PresentedParagraph).runs[0]!, text: "会话测试：工资一节前新加的段落。" }] })), 1],
  // A paragraph after a heading made one line: the heading's keep rule reads it, so the pages from the heading on
  // may change.
  "the paragraph after 五、 made one line": [edit((b) => void (b[b.findIndex((x) => x.kind === "paragraph" && x.runs[0]?.text.startsWith("五、")) + 1] = shorter(b[b.findIndex((x) => x.kind === "paragraph" && x.runs[0]?.text.startsWith("五、")) + 1]!))), 1],
};

describe("pagination resumes after an edit", () => {
  for (const [name, [edited, share]] of Object.entries(EDITS)) {
    it(`${name}: the same pages as from scratch, resumed where it can`, async () => {
      const scratch = counting();
      const fresh = await paginate(edited, scratch.measure);
      const warm = counting();
      await paginate(original, warm.measure);
      const before = warm.blocks();
      const resumed = await paginate(edited, warm.measure);
      expect(JSON.stringify(resumed.blocks)).toBe(JSON.stringify(fresh.blocks));
      expect(warm.blocks() - before).toBeLessThanOrEqual(scratch.blocks() * share);
    }, 60_000);
  }

  it("an unchanged document is not laid out again", async () => {
    const m = counting();
    const first = await paginate(original, m.measure);
    const n = m.blocks();
    const again = await paginate(presentDocument(builtModel("520000", "bulletin"), fonts), m.measure);
    expect(m.blocks()).toBe(n);
    expect(JSON.stringify(again.blocks)).toBe(JSON.stringify(first.blocks));
  }, 60_000);
});
