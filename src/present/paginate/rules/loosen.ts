/**
 * 放行, after the rules are settled: a page (not the last) that still ends more than `keep.gapLines` short before
 * a page a rule starts (its first block has `breakBefore`) or a float opens (it did not fit here, nor will with
 * less room), so no later page can move, gets one line more from a running-text paragraph on it or on the page
 * before, set looser by the least space per character that may push its text onto one more line (at most
 * `keep.loosenMax` of its size; the paragraph needing the least first). Kept only if that paragraph did take one
 * line more, the page's next block still starts the next page, and no rule is broken that was not before.
 */
import { gridEms } from "../../lines/chars.js";
import { describe, firstPage, isFloat, lastPage, pageEnds } from "../layout.js";
import { measureFrom } from "../measure-from.js";
import type { Pagination, State } from "../state.js";

/** The fewest characters the line 放行 adds may hold (no character alone on a line). */
const LOOSEN_TAIL = 2;
/** How many paragraphs 放行 tries on one page before it gives up. */
const LOOSEN_TRIES = 3;

export async function loosen(p: Pagination, state: State): Promise<State> {
  const { doc, run } = p;
  const keep = doc.profile.keep;
  const pitch = doc.profile.linePitch;
  const bottom = doc.profile.page.height - doc.profile.margin.bottom;
  let s = state;
  // Settled, no rule is broken — unless one could not be fixed: a loosened paragraph must not break another
  // (read only when a paragraph is tried: most paginations set none looser).
  let before: { what?: string } | undefined;
  const brokenBefore = (): string | undefined => (before ??= { what: p.firstFix(state.blocks, state.layout, state.tried)?.what }).what;
  const last = Math.max(0, ...pageEnds(s.layout).keys());
  const short = (page: number): number => bottom - (pageEnds(s.layout).get(page) ?? bottom);
  for (let page = 1; page < last; page++) {
    const k = s.layout.findIndex((l) => firstPage(l) === page + 1);
    if (k <= 0 || !(s.blocks[k]!.flow?.breakBefore || isFloat(s.blocks[k]))) continue;
    // More than gapLines lines empty (a page of text ends within half a point of the type area's foot; one ending
    // in a table's rows, which are not on the grid, a fraction of a line short).
    while (short(page) > (keep.gapLines + 0.1) * pitch) {
      const gap = short(page);
      const candidates: { j: number; loosen: number }[] = [];
      for (let j = k - 1; j >= 0 && (lastPage(s.layout[j]) ?? 0) >= page - 1; j--) {
        const b = s.blocks[j]!;
        const lines = s.layout[j]!.lines;
        // Before a page a rule started (or a float opened), a line more would not reach this page.
        if (b.flow?.breakBefore || (isFloat(b) && firstPage(s.layout[j]) !== lastPage(s.layout[j - 1]))) break;
        if (b.kind !== "paragraph" || b.style !== "body" || b.flow || s.tried.has(b) || lines.length < 2 || (firstPage(s.layout[j]) ?? 0) < page - 1) continue;
        // Every line then holds about a character fewer (justified, it looks as full): enough to overflow the last.
        // In em (a digit or other ASCII character half of one): a last line of digits holds more characters than the grid's.
        const chars = lines.reduce((n, x) => n + gridEms(x.text ?? ""), 0);
        const need = doc.profile.grid.chars - gridEms(lines[lines.length - 1]!.text ?? "") + LOOSEN_TAIL;
        const loosen = Number(((1.15 * need * doc.profile.charPitch) / chars + 0.01).toFixed(3));
        if (loosen > 0 && loosen <= keep.loosenMax * b.size) candidates.push({ j, loosen });
      }
      candidates.sort((a, b) => a.loosen - b.loosen || b.j - a.j);
      let done: State | undefined;
      for (const { j, loosen } of candidates.slice(0, LOOSEN_TRIES)) {
        const blocks = [...s.blocks];
        blocks[j] = run.withFlow(blocks[j]!, { loosen });
        const laid = await measureFrom(doc, blocks, s.layout, j, p.measure, page);
        const lines = laid[j]!.lines;
        // The pages from the next one on are as they were: it starts with a page break.
        const layout = [...laid.slice(0, k), ...s.layout.slice(k)];
        const ends = pageEnds(layout);
        const ok =
          lines.length === s.layout[j]!.lines.length + 1 &&
          bottom - (ends.get(page) ?? bottom) < gap - pitch / 2 &&
          Array.from(lines[lines.length - 1]!.text ?? "").length >= LOOSEN_TAIL &&
          firstPage(laid[k]) === page + 1 &&
          p.firstFix(blocks, layout, s.tried)?.what === brokenBefore();
        if (!ok) continue;
        const what = `放行: page ${page} ended ${(gap / pitch).toFixed(1)} lines short: ${describe(s.blocks[j]!)} set ${loosen} pt a character looser to take one line more`;
        // Like a choice, it read the pages up to the next one (whose break a rule made for what follows it).
        const to = Math.max(...blocks.map((x, i) => ((firstPage(layout[i]) ?? Infinity) <= page + 1 ? (run.origin(x) ?? Infinity) : -1)));
        done = { ...s, blocks, layout, fixes: [...s.fixes, what], passes: s.passes + 1, choices: [...s.choices, { from: run.origin(s.blocks[j]!) ?? 0, to }] };
        break;
      }
      if (!done) break;
      s = done;
    }
  }
  return s;
}
