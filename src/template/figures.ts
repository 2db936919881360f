/**
 * A figure from data/ in the Markdown: the text directive `:ref[61.64万人]{id="…" region="…"}`, which the
 * parser (src/model/parse.ts) makes a Run with `ref` and `region` — in running text and in table cells alike —
 * so that every format can say where the figure comes from (the preview's provenance: HTML
 * `data-ref`/`data-region`, ARCHITECTURE.md "Preview"); PDF and DOCX show the text only. Written by the
 * helpers (helpers.ts), the template context (context.ts) and a brief's context (src/brief/), never by hand.
 */

/** Brackets and backslashes in the text are escaped so the directive's label stays whole (as gapDirective does). */
export function figureDirective(text: string, id: string, region: string): string {
  return `:ref[${text.replace(/([[\]\\])/g, "\\$1")}]{id="${id.replace(/"/g, "")}" region="${region.replace(/"/g, "")}"}`;
}
