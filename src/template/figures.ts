/**
 * A figure from data/ in the Markdown: the text directive `:ref[61.64万人]{id="…" region="…"}`, which the
 * parser (src/model/parse.ts) makes a Run with `ref` and `region` — in running text and in table cells alike —
 * so that every format can say where the figure comes from (the preview's provenance: HTML
 * `data-ref`/`data-region`, ARCHITECTURE.md "Preview"); PDF and DOCX show the text only. Written by the
 * helpers (helpers.ts), the template context (context.ts) and a brief's context (src/brief/), never by hand.
 */
import type { Figure, Indicator, Observation } from "../data/types.js";
import { literalInline } from "./literal.js";

/** Missing-figure mark in tables (conventions: `—` figure unknown; say so in a note). */
export const MISSING_MARK = "—";

/** The text is literal (literal.ts): a bracket cannot end the directive's label, a `*` or `:ref` in a format is not markup. */
export function figureDirective(text: string, id: string, region: string): string {
  return `:ref[${literalInline(text)}]{id="${id.replace(/"/g, "")}" region="${region.replace(/"/g, "")}"}`;
}

/**
 * A published figure as `text` words it, or — not published, its note says why — the missing mark; either way
 * naming the figure's row in data/. Without a row, the missing mark alone. (A row with neither value nor note is
 * a gap: the caller marks it first.)
 */
export function figureOrMissing(ind: Indicator, obs: Observation | undefined, text: (value: Figure) => string): string {
  if (!obs) return MISSING_MARK;
  return figureDirective(obs.value ? text(obs.value) : MISSING_MARK, ind.id, obs.region);
}
