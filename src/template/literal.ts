/**
 * Data text never becomes markup. A label, unit, note, source or name from data/ that a template prints
 * (`{{label}}`, `{{labelOf "…"}}`, `{{attr this "table"}}`, …) goes into the Markdown as literal text: each
 * character that Markdown, GFM tables or directives read as syntax is written as a numeric character
 * reference, which CommonMark reads as that character and never as markup (CommonMark 0.30 §2.5, "Entity
 * and numeric character references … cannot be used in place of symbols indicating structure"). The same
 * text is thus literal in a paragraph, a table cell (`|` does not split it), a directive's label and a
 * directive's attribute (`caption="{{labelOf …}}"`: mdast-util-directive decodes references there too), so a
 * label `:ref[99999亿元]{id=…}` prints as those characters, never as a figure with a false provenance.
 *
 * Handlebars' `{{…}}` escaping is this function for our templates (compile.ts): what helpers write as
 * Markdown — the figures' `:ref` and the gaps' `:gap` directives, a brief's quoted passages — is marked so
 * with `markdown()`, everything else is literal. `{{{…}}}` writes a value as it is (a template author's choice).
 */
import Handlebars from "handlebars";

/** ASCII characters that start or close Markdown, GFM or directive syntax anywhere in a line. */
const SYNTAX = /[\\`*_[\]<>|:!#~{}&"$^\r\n]/g;
/** At the start of the text (a template may print it at a line's start): list, heading, quote and rule markers. */
const LINE_START = /^([ \t]*)([-+=>]|\d+[.)])/;

const reference = (c: string): string => `&#${c.codePointAt(0)};`;

export function literal(text: string): string {
  return literalInline(text).replace(LINE_START, (_, space: string, marker: string) => `${space}${marker.replace(/[-+=>.)]/, reference)}`);
}

/** Text inside a line (a directive's label, a quoted passage after its heading): no line-start markers to guard. */
export function literalInline(text: string): string {
  return text.replace(SYNTAX, reference);
}

/** Markdown a helper writes (a directive), to be printed as it is; "" stays "" so `{{#if}}` reads it as empty. */
export function markdown(text: string): string {
  return (text === "" ? "" : new Handlebars.SafeString(text)) as unknown as string;
}

/** What `{{value}}` prints: Markdown marked by `markdown()` as it is, anything else as literal text (Handlebars' escapeExpression semantics otherwise). */
export function printed(value: unknown): string {
  if (value && typeof (value as { toHTML?: unknown }).toHTML === "function") return (value as { toHTML(): string }).toHTML();
  if (value == null) return "";
  return literal(String(value));
}

/** The name the compiled templates call printed() by (a helper: the only object a compiled template reaches besides its data). */
export const PRINT_HELPER = "__printed";

/**
 * A Handlebars compiler whose `{{…}}` escaping is printed() instead of HTML escaping (HTML is escaped by the
 * HTML renderer, src/render/html/escape.ts, from the parsed text). Handlebars documents subclassing its
 * JavaScriptCompiler (handlebars-lang.org, "Compiler API"); `compiler` is the class its nested blocks use.
 */
/** Handlebars' compiler class, which its type declarations leave out. */
type CompilerClass = new (...args: unknown[]) => object;

export function literalCompiler(hb: typeof Handlebars): CompilerClass {
  type Compiler = { pushSource(s: unknown): void; appendToBuffer(parts: unknown[]): unknown; popStack(): unknown };
  class LiteralCompiler extends (hb as unknown as { JavaScriptCompiler: CompilerClass }).JavaScriptCompiler {}
  Object.assign(LiteralCompiler.prototype, {
    compiler: LiteralCompiler,
    appendEscaped(this: Compiler) {
      // The `{}`: Handlebars wraps every helper to set `lookupProperty` on its last argument, the options.
      this.pushSource(this.appendToBuffer([`helpers.${PRINT_HELPER}(`, this.popStack(), ", {})"]));
    },
  });
  return LiteralCompiler;
}
